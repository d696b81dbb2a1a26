# Curso NLP — the two commands a newcomer needs are `make run` and `make test`.
PYTHON  ?= $(shell command -v python3.11 || command -v python3)
VENV    ?= .venv
BIN     := $(VENV)/bin
PROFILE ?= offline
TEST_PROFILES ?= offline
LATEST_CACHE ?= $(or $(CURSONLP_CACHE),$(or $(XDG_CACHE_HOME),$(HOME)/.cache)/cursonlp)-latest
JOBS    ?= 1
READY   := $(VENV)/.ready

PROFILE_FLAGS := $(foreach p,$(PROFILE),-f $(p))
# Notebook tests: removal announcements (FutureWarning) fail the cell that triggers them.
NBTEST_ENV := PYTHONWARNINGS=error::FutureWarning TQDM_DISABLE=1 HF_DATASETS_DISABLE_PROGRESS_BARS=1 TOKENIZERS_PARALLELISM=false

.PHONY: help setup run test readme test-gpu test-latest sync lab minihub report bench bench-train lock clean

help:
	@echo "make run        execute every notebook (PROFILE=$(PROFILE)) into build/executed/"
	@echo "make test       unit, pairing and hygiene tests + every notebook under nbval (offline, CPU)"
	@echo "make test-gpu   the notebooks under the offline+gpu profiles; fails if CUDA is not used"
	@echo "make test-latest  the offline notebook tests with the newest releases of the stack"
	@echo "make lab        JupyterLab on the course (SOURCE=minihub: offline, through the local Hub)"
	@echo "make sync       regenerate each .ipynb from its .py twin"
	@echo "make minihub    build the offline stand-ins;  make report: their quality table"
	@echo "make bench      mini-hub build time (cold, warm) and size"
	@echo "make bench-train  training examples/s: chapter 3's loop, fixed padding and a faster recipe"
	@echo "make lock       re-pin requirements.lock from the current environment"

$(READY): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r requirements.lock
	$(BIN)/python -m pip install -q --no-deps -e .
	touch $@

setup: $(READY)

run: $(READY)
	$(BIN)/python -m cursonlp.run $(PROFILE_FLAGS) --jobs $(JOBS)

test: $(READY)
	$(BIN)/python -m cursonlp.minihub build
	$(BIN)/python -m cursonlp.prepare $(foreach p,$(TEST_PROFILES),-f $(p)) --out build/prepared/$(lastword $(TEST_PROFILES))
	$(NBTEST_ENV) $(BIN)/python -m pytest tests build/prepared/$(lastword $(TEST_PROFILES)) --nbval-lax -p no:cacheprovider

test-gpu: $(READY)
	$(BIN)/python -m cursonlp.prepare -f offline -f gpu --require-cuda --out build/prepared/gpu
	$(NBTEST_ENV) $(BIN)/python -m pytest build/prepared/gpu --nbval-lax -p no:cacheprovider

# Its own venv and mini-hub cache (stand-ins built with other library versions differ).
test-latest:
	CURSONLP_CACHE=$(LATEST_CACHE) $(MAKE) test VENV=.venv-latest READY=.venv-latest/.ready-latest TEST_PROFILES="offline latest"
.venv-latest/.ready-latest: pyproject.toml
	$(PYTHON) -m venv .venv-latest
	.venv-latest/bin/python -m pip install -q --upgrade pip
	.venv-latest/bin/python -m pip install -q torch==2.13.0
	.venv-latest/bin/python -m pip install -q --upgrade $$(sed -n 's/^\([a-zA-Z0-9_.-]*\)==.*/\1/p' requirements.lock | grep -vx torch)
	.venv-latest/bin/python -m pip install -q --no-deps -e .
	touch $@

sync: $(READY)
	$(BIN)/jupytext --sync $$(grep -l '^# ---' chapters/*/*.py)
	$(BIN)/python -m cursonlp.readme

# make lab SOURCE=minihub: the offline course (the local Hub), with no edit in the notebooks
lab: $(READY)
	$(if $(SOURCE),CURSONLP_SOURCE=$(SOURCE)) $(BIN)/jupyter lab chapters

minihub: $(READY)
	$(BIN)/python -m cursonlp.minihub build

report: $(READY)
	$(BIN)/python -m cursonlp.minihub report

bench: $(READY)
	$(BIN)/python -m cursonlp.minihub bench

# make bench-train BENCH_TRAIN_ARGS="--device cuda --train-size 1000 --epochs 3"
BENCH_TRAIN_ARGS ?= --device cpu --train-size 256
bench-train: $(READY)
	$(BIN)/python -m cursonlp.speed $(BENCH_TRAIN_ARGS)

lock: $(READY)
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '^-e' | sed 's/+cpu$$//' > requirements.lock
	{ printf '# Conda: conda env create -f environment.yml (same pins as requirements.lock: make lock)\n'; \
	  printf 'name: curso-nlp\nchannels: [conda-forge]\ndependencies:\n  - python=3.11\n  - pip\n  - pip:\n'; \
	  sed 's/^/      - /' requirements.lock; echo '      - -e .'; } > environment.yml

clean:
	rm -rf build
