"""The committed notebooks: paired with their .py twins, clean, parametrized, runnable on Colab."""
import re
import tomllib

import jupytext
import nbformat
import pytest

from cursonlp import notebooks, profiles, run

NOTEBOOKS = notebooks.all_notebooks()
IDS = [notebooks.key(p) for p in NOTEBOOKS]
REPO_URL = tomllib.loads((notebooks.ROOT / "pyproject.toml").read_text())["project"]["urls"]["Repository"]


def comparable(nb):
    jupytext_meta = {k: v for k, v in nb.metadata.get("jupytext", {}).items() if k != "text_representation"}
    return ([(c.cell_type, c.source.strip(), c.metadata.get("tags", [])) for c in nb.cells],
            {"kernelspec": nb.metadata.get("kernelspec"), "colab": nb.metadata.get("colab"), "jupytext": jupytext_meta})


def test_there_are_notebooks_in_every_chapter():
    chapters = sorted(p for p in notebooks.CHAPTERS.iterdir() if p.is_dir())
    assert chapters and all(list(c.glob("*.ipynb")) for c in chapters)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_ipynb_is_regenerated_from_its_py_twin(path):
    regenerated = jupytext.read(path.with_suffix(".py"))
    committed = nbformat.read(path, as_version=4)
    assert comparable(regenerated) == comparable(committed), \
        f"{notebooks.key(path)}: the .ipynb differs from its .py twin. Run: make sync"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_committed_notebook_is_clean(path):
    text = path.read_text()
    nb = nbformat.reads(text, as_version=4)
    assert nb.metadata["kernelspec"]["name"] == "python3"
    assert "colab" in nb.metadata
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, "outputs are committed: make sync"
    assert not re.search(r"/(root|home|Users|tmp)/|[A-Z]:\\\\", text), "absolute path in the notebook"
    assert not re.search(r"hf_[A-Za-z0-9]{20,}", text), "something that looks like a Hub token"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_parameters_cell_and_colab_install(path):
    declared = notebooks.parameters(path)  # raises on non-literals or missing comments
    assert declared["SOURCE"].default == "hub" and declared["DEVICE"].default == "auto"
    nb = nbformat.read(path, as_version=4)
    code = [c.source for c in nb.cells if c.cell_type == "code"]
    assert 'if "google.colab" in sys.modules:' in code[0] and f"cursonlp @ git+{REPO_URL}" in code[0], \
        "the first code cell must be the Colab install cell"
    assert "parameters" in nb.cells[[c.source for c in nb.cells].index(code[1])].metadata.get("tags", [])
    assert "course = setup(source=SOURCE, device=DEVICE" in code[2]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_section_shape(path):
    markdown = "\n".join(c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "markdown")
    assert markdown.lstrip().startswith("# ") and "**O que você vai aprender:**" in markdown
    assert "## Resumo" in markdown
    last_of_chapter = path == sorted(path.parent.glob("*.ipynb"))[-1]
    assert ("## Exercícios" in markdown) == last_of_chapter


REMOVED_APIS = re.compile(r"from transformers import[^\n#]*\bAdamW\b|load_metric|evaluation_strategy|"
                          r"grouped_entities|Trainer\([^)]*\btokenizer=|"
                          r'pipeline\(\s*"(question-answering|summarization|translation|text2text-generation)"')


def test_no_removed_api_in_code():
    sources = sorted(notebooks.CHAPTERS.rglob("*.py")) + sorted((notebooks.ROOT / "lib").rglob("*.py"))
    offenders = []
    for path in sources:
        for line in path.read_text().splitlines():
            if REMOVED_APIS.search(line) and not line.lstrip().startswith("#"):
                offenders.append(f"{path.relative_to(notebooks.ROOT)}: {line.strip()}")
    assert not offenders, offenders


@pytest.mark.parametrize("name", profiles.available())
def test_every_profile_fits_every_notebook(name):
    run.plan([name], {}, NOTEBOOKS)  # raises on unknown names, wrong types or stray sections


def test_readme_chapter_table_is_current():
    from cursonlp import readme

    text = (notebooks.ROOT / "README.md").read_text()
    assert readme.START in text and readme.render(text) == text, "README chapter table is stale: make readme"
