"""Bad input to the course runner: each gives a one-line cause and the fix, and leaves nothing behind."""
import json
import textwrap

import nbformat
import pytest

from cursonlp import course, notebooks, profiles, run


def make_notebook(folder, name, params='SOURCE = "hub"  # origem\nDEVICE = "auto"  # dispositivo\nN = 3  # tamanho',
                  body="x = N * 2\nprint(x)"):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    cells = [nbformat.v4.new_code_cell(params, metadata={"tags": ["parameters"]}),
             nbformat.v4.new_code_cell(body)]
    nb.cells = [c for c in cells if c.source]
    path = folder / f"{name}.ipynb"
    nbformat.write(nb, path)
    path.with_suffix(".py").write_text("# ---\n# jupyter: {}\n# ---\n")
    return path


@pytest.fixture
def course_dir(tmp_path, monkeypatch):
    """An isolated course: chapters/, profiles/ and build/ under tmp_path."""
    chapters = tmp_path / "chapters" / "01_cap"
    chapters.mkdir(parents=True)
    (tmp_path / "profiles").mkdir()
    (tmp_path / "profiles" / "cpu.yaml").write_text("all:\n  DEVICE: cpu\nnotebooks:\n  01_cap/ok:\n    N: 5\n")
    monkeypatch.setattr(notebooks, "CHAPTERS", tmp_path / "chapters")
    monkeypatch.setattr(profiles, "PROFILES", tmp_path / "profiles")
    monkeypatch.setattr(run, "BUILD", tmp_path / "build")
    monkeypatch.setattr(course, "hub_reachable", lambda timeout=3.0: False)
    monkeypatch.setattr(run, "hub_reachable", lambda timeout=3.0: False)
    return chapters


def test_profiles_compose_left_to_right(course_dir):
    (course_dir.parent.parent / "profiles" / "big.yaml").write_text("notebooks:\n  01_cap/ok:\n    N: 50\n")
    path = make_notebook(course_dir, "ok")
    [job] = run.plan(["cpu", "big"], {}, [path])
    assert job.parameters == {"DEVICE": "cpu", "N": 50}
    assert job.effective["SOURCE"] == "hub"


def test_unknown_parameter_in_profile_names_notebook_and_name(course_dir):
    (course_dir.parent.parent / "profiles" / "typo.yaml").write_text("notebooks:\n  01_cap/ok:\n    EPOCS: 2\n")
    path = make_notebook(course_dir, "ok")
    with pytest.raises(profiles.ProfileError, match=r"01_cap/ok: unknown parameter 'EPOCS'"):
        run.plan(["typo"], {}, [path])


def test_unknown_parameter_on_command_line(course_dir):
    path = make_notebook(course_dir, "ok")
    with pytest.raises(profiles.ProfileError, match=r"-p DEVISE: no notebook to run declares this parameter"):
        run.plan(["cpu"], run.parse_overrides([["DEVISE", "cpu"]]), [path])


def test_profile_section_for_a_missing_notebook(course_dir):
    (course_dir.parent.parent / "profiles" / "stray.yaml").write_text("notebooks:\n  01_cap/gone:\n    N: 2\n")
    path = make_notebook(course_dir, "ok")
    with pytest.raises(profiles.ProfileError, match="01_cap/gone name no notebook"):
        run.plan(["stray"], {}, [path])


def test_wrong_type(course_dir):
    path = make_notebook(course_dir, "ok")
    with pytest.raises(profiles.ProfileError, match="parameter N expects int"):
        run.plan(["cpu"], run.parse_overrides([["N", "três"]]), [path])


def test_int_is_accepted_for_float_and_none_only_where_declared():
    declared = {"LR": notebooks.Parameter("LR", 5e-5, ""), "SIZE": notebooks.Parameter("SIZE", None, "", int)}
    empty = {"all": {}, "notebooks": {}}
    assert profiles.parameters_for("x", declared, empty, {"LR": "1", "SIZE": "100"}) == {"LR": 1, "SIZE": 100}
    with pytest.raises(profiles.ProfileError, match="LR expects float"):
        profiles.parameters_for("x", declared, empty, {"LR": "true"})
    with pytest.raises(profiles.ProfileError, match="LR expects float"):
        profiles.parameters_for("x", declared, {"all": {"LR": None}, "notebooks": {}})


def test_missing_profile_file(course_dir):
    with pytest.raises(profiles.ProfileError, match=r"profile 'nope' not found .* Available: cpu"):
        profiles.load(["nope"])


def test_notebook_without_parameters_cell(course_dir):
    path = make_notebook(course_dir, "bare", params="")
    with pytest.raises(notebooks.NotebookError, match="exactly one cell tagged 'parameters'"):
        notebooks.parameters(path)


def test_parameter_without_comment_or_not_literal(course_dir):
    with pytest.raises(notebooks.NotebookError, match="needs a '# comentário'"):
        notebooks.parameters(make_notebook(course_dir, "a", params="N = 3"))
    with pytest.raises(notebooks.NotebookError, match="plain literal"):
        notebooks.parameters(make_notebook(course_dir, "b", params="N = len('abc')  # tamanho"))


def test_unpaired_files_are_left_out_with_one_warning_each(course_dir, capsys):
    make_notebook(course_dir, "ok")
    make_notebook(course_dir, "ok-Copy1").with_suffix(".py").unlink()  # a learner's copy
    (course_dir / "solo.py").write_text("# ---\n# jupyter: {}\n# ---\n")
    (course_dir / "script.py").write_text("print('a plain script')\n")
    assert notebooks.all_notebooks() == [course_dir / "ok.ipynb"]
    assert notebooks.all_notebooks() == [course_dir / "ok.ipynb"]
    warnings = capsys.readouterr().err.splitlines()
    assert warnings == ["warning: chapters/01_cap/ok-Copy1.ipynb has no .py twin; ignored (pair it or delete it)",
                        "warning: chapters/01_cap/solo.py has no .ipynb twin; ignored (create it: make sync)"]
    assert [j.key for j in run.plan(["cpu"], {}, notebooks.all_notebooks())] == ["01_cap/ok"]


@pytest.mark.skipif(course.torch.cuda.is_available(), reason="this machine has CUDA")
def test_cuda_requested_without_cuda(course_dir, capsys):
    make_notebook(course_dir, "ok")
    assert run.main(["-f", "cpu", "-p", "DEVICE", "cuda"]) == 2
    assert "DEVICE='cuda' but this machine has no CUDA GPU" in capsys.readouterr().err
    assert not (course_dir.parent.parent / "build").exists()


def test_hub_profile_without_network(course_dir, capsys):
    make_notebook(course_dir, "ok")
    assert run.main(["-f", "cpu"]) == 2
    assert "cannot be reached" in capsys.readouterr().err
    assert not (course_dir.parent.parent / "build").exists()


def test_hub_reachable_is_false_when_nothing_answers(monkeypatch):
    monkeypatch.setattr(course, "HUB_URL", "https://127.0.0.1:9")  # nothing listens there
    assert course.hub_reachable(timeout=1.0) is False


def test_setup_rejects_bad_values():
    with pytest.raises(course.SetupError, match="SOURCE must be one of"):
        course.setup(source="internet", device="cpu")
    with pytest.raises(course.SetupError, match="DEVICE must be one of"):
        course.setup(source="minihub", device="gpu")


def test_a_failing_notebook_is_reported_and_leaves_nothing(course_dir, capsys):
    (course_dir.parent.parent / "profiles" / "cpu.yaml").write_text("all:\n  DEVICE: cpu\n")
    make_notebook(course_dir, "ok", params='DEVICE = "auto"  # dispositivo', body="print('ok')")
    expected = nbformat.read(course_dir / "ok.ipynb", as_version=4)  # an error the lesson expects is no failure
    expected.cells.append(nbformat.v4.new_code_cell("1 / 0", metadata={"tags": ["raises-exception"]}))
    nbformat.write(expected, course_dir / "ok.ipynb")
    make_notebook(course_dir, "boom", params='DEVICE = "auto"  # dispositivo',
                  body=textwrap.dedent("""\
                      valor = 1
                      raise ValueError("quebrou de propósito")"""))
    assert run.main(["-f", "cpu"]) == 1
    out = capsys.readouterr().out
    assert "ValueError: quebrou de propósito" in out and 'raise ValueError("quebrou de propósito")' in out
    assert "1 passed, 1 failed" in out
    executed = course_dir.parent.parent / "build" / "cpu"
    files = sorted(p.relative_to(executed).as_posix() for p in executed.rglob("*"))
    assert files == ["01_cap", "01_cap/ok.html", "01_cap/ok.ipynb", "index.html", "summary.json", "summary.md"]
    summary = json.loads((executed / "summary.json").read_text())
    assert [(n["notebook"], n["status"]) for n in summary["notebooks"]] == [("01_cap/boom", "failed"),
                                                                             ("01_cap/ok", "ok")]
    assert all(n["peak_mb"] > 10 and n["seconds"] > 0 for n in summary["notebooks"])
    ran = nbformat.read(executed / "01_cap" / "ok.ipynb", as_version=4)
    assert any("DEVICE = \"cpu\"" in c.source for c in ran.cells)  # the profile's value was injected
