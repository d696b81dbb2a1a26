"""cursonlp.treino_accelerate (the script of section 3.3) trains for real with 2 CPU processes under
`accelerate launch -m`, started from a folder outside the repository, as on Colab."""
import json
import os
import socket
import subprocess
import sys

import pytest

from cursonlp import minihub

TRAIN_SIZE, EVAL_SIZE, BATCH_SIZE = 32, 16, 4


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("elsewhere")  # no chapter folder, no script file around
    command = [sys.executable, "-m", "accelerate.commands.launch",
               "--multi_gpu", "--num_processes", "2", "--num_machines", "1", "--mixed_precision", "no",
               "--dynamo_backend", "no", "--main_process_port", str(free_port()),
               "-m", "cursonlp.treino_accelerate",
               "--model", str(minihub.resolve("google-bert/bert-base-uncased")),
               "--dataset", str(minihub.resolve("nyu-mll/glue")),
               "--metric", str(minihub.resolve("glue")),
               "--train_size", str(TRAIN_SIZE), "--eval_size", str(EVAL_SIZE),
               "--batch_size", str(BATCH_SIZE), "--epochs", "1", "--output_dir", "modelo"]
    # --multi_gpu starts the processes with torchrun; ACCELERATE_USE_CPU keeps them on the CPU (gloo)
    env = {**os.environ, "OMP_NUM_THREADS": "1", "TOKENIZERS_PARALLELISM": "false",
           "ACCELERATE_USE_CPU": "true"}
    result = subprocess.run(command, capture_output=True, text=True, timeout=600, env=env,
                            cwd=workdir)
    assert result.returncode == 0, result.stderr[-4000:]
    return workdir / "modelo", result


def test_relative_output_dir_is_taken_from_the_working_directory(run):
    out, _ = run
    assert sorted(p.name for p in out.parent.iterdir()) == ["modelo"]
    assert (out / "metricas.json").is_file()


def test_two_processes_split_the_training_set(run):
    out, _ = run
    report = json.loads((out / "metricas.json").read_text())
    assert report["num_processes"] == 2
    # 32 pairs in batches of 4 = 8 batches: each process trains on 4 of them.
    assert report["samples_per_process"] == [TRAIN_SIZE // 2, TRAIN_SIZE // 2]
    assert report["train_size"] == TRAIN_SIZE and report["eval_size"] == EVAL_SIZE
    assert 0.0 <= report["accuracy"] <= 1.0 and 0.0 <= report["f1"] <= 1.0


def test_only_the_main_process_reports(run):
    _, result = run
    lines = [line for line in result.stdout.splitlines() if line.startswith('{"num_processes"')]
    assert len(lines) == 1, result.stdout[-2000:]


def test_saved_model_loads_with_label_names(run):
    from transformers import AutoModelForSequenceClassification

    out, _ = run
    assert (out / "model.safetensors").is_file() and (out / "tokenizer.json").is_file()
    model = AutoModelForSequenceClassification.from_pretrained(out)
    assert model.config.id2label == {0: "not_equivalent", 1: "equivalent"}
