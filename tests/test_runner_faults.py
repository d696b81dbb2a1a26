"""The runner under faults: typed -p values, malformed profiles, unpaired files, Ctrl-C, repeated runs,
and what an executed copy may hold."""
import json
import os
import re
import signal
import subprocess
import sys
import time

import nbformat
import psutil
import pytest
from test_harness import course_dir, make_notebook  # noqa: F401 (the fixture)

from cursonlp import notebooks, profiles, run
from cursonlp.minihub.cache import cache_root

TYPED = """\
LR = 5e-5  # taxa
FLAG = True  # chave
MODE = "no"  # modo
SIZE = None  # int | None: tamanho (None: todos)
DEVICE = "auto"  # dispositivo"""


def cpu_only(course_dir):
    (course_dir.parent.parent / "profiles" / "dev.yaml").write_text("all:\n  DEVICE: cpu\n")
    return "dev"


def test_cli_values_are_read_by_the_parameter_type(course_dir):
    path = make_notebook(course_dir, "typed", params=TYPED)
    profile = cpu_only(course_dir)

    def injected(name, text):
        [job] = run.plan([profile], run.parse_overrides([[name, text]]), [path])
        return job.parameters[name]

    assert injected("LR", "1e-4") == 1e-4 and isinstance(injected("LR", "1e-4"), float)
    assert injected("FLAG", "no") is False and injected("FLAG", "True") is True
    assert injected("MODE", "no") == "no" and injected("MODE", "'fp16'") == "fp16"
    assert injected("SIZE", "None") is None and injected("SIZE", "null") is None and injected("SIZE", "12") == 12
    for name, text, expected in [("SIZE", "abc", "SIZE expects int or None"), ("LR", "None", "LR expects float"),
                                 ("FLAG", "maybe", "FLAG expects bool"), ("SIZE", "1.5", "SIZE expects int")]:
        with pytest.raises(profiles.ProfileError, match=expected):
            injected(name, text)


def test_none_default_must_declare_its_type(course_dir):
    with pytest.raises(notebooks.NotebookError, match=r"SIZE defaults to None, so its comment must start"):
        notebooks.parameters(make_notebook(course_dir, "a", params="SIZE = None  # tamanho"))
    with pytest.raises(notebooks.NotebookError, match="marked str but its default is 3"):
        notebooks.parameters(make_notebook(course_dir, "b", params="N = 3  # str | None: tamanho"))
    declared = notebooks.parameters(make_notebook(course_dir, "c", params="N = 3  # int | None: tamanho"))
    assert declared["N"].nullable and declared["N"].kind is int and declared["N"].comment == "tamanho"


def test_profiles_read_values_as_yaml_1_2(course_dir):
    path = make_notebook(course_dir, "typed", params=TYPED)
    (course_dir.parent.parent / "profiles" / "p.yaml").write_text(
        "notebooks:\n  01_cap/typed:\n    LR: 1e-4\n    MODE: no\n    FLAG: false\n    SIZE: null\n")
    [job] = run.plan(["p"], {}, [path])
    assert job.parameters == {"LR": 1e-4, "MODE": "no", "FLAG": False, "SIZE": None}


@pytest.mark.parametrize("text, args, expected", [
    ("all: [DEVICE: cpu\n", [], r"not valid YAML at line 2, column 1: expected ',' or ']'"),
    ("notebooks:\n  01_cap/ok: [1, 2]\n", [], r"section 'notebooks: 01_cap/ok' must be a mapping"),
    ("- DEVICE: cpu\n", [], r"the top level must be a mapping .* found list"),
    ("all: {DEVICE: cpu}\n", ["-p", "N", "abc"], r"01_cap/ok: parameter N expects int"),
    ("all: {DEVICE: cpu}\n", ["-p", "1N", "3"], r"-p '1N': a parameter name is a Python identifier"),
    ("all: {DEVICE: cpu}\n", ["-p", "SOURCE", "internet"], r"01_cap/ok: SOURCE must be one of hub, minihub"),
])
def test_bad_input_is_one_line_before_anything_runs(course_dir, capsys, text, args, expected):
    make_notebook(course_dir, "ok")
    (course_dir.parent.parent / "profiles" / "bad.yaml").write_text(text)
    assert run.main(["-f", "bad", *args]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and err.startswith("error: "), err
    assert re.search(expected, err), err
    assert not (course_dir.parent.parent / "build").exists()


def test_override_applies_where_declared(course_dir):
    with_epochs = make_notebook(course_dir, "a", params='EPOCHS = 3  # épocas\nDEVICE = "auto"  # dispositivo')
    without = make_notebook(course_dir, "b", params='DEVICE = "auto"  # dispositivo')
    jobs = run.plan([cpu_only(course_dir)], {"EPOCHS": "1"}, [with_epochs, without])
    assert [j.parameters.get("EPOCHS") for j in jobs] == [1, None]
    with pytest.raises(profiles.ProfileError, match="-p EPOCHS: no notebook to run declares"):
        run.plan(["dev"], {"EPOCHS": "1"}, [without])


def test_parametrized_copy_has_no_paths(course_dir):
    [job] = run.plan(["cpu"], {}, [make_notebook(course_dir, "ok")])
    nb = run.parametrize(job)
    assert nb.metadata["papermill"] == {"parameters": {"DEVICE": "cpu", "N": 5}}
    assert [c.metadata.get("tags") for c in nb.cells] == [["parameters"], ["injected-parameters"], None]


def test_clean_replaces_cache_paths_and_frozen_bars():
    nb = nbformat.v4.new_notebook()
    snapshot = f"{cache_root().parent}/hf-home/hub/models--x/snapshots/abc"
    widgets = {"box": {"state": {"children": ["IPY_MODEL_l", "IPY_MODEL_p", "IPY_MODEL_r"]}},
               "l": {"state": {"value": "passos: 100%"}}, "p": {"state": {"value": 8, "max": 8}},
               "r": {"state": {"value": " 8/8 [00:01&lt;00:00, 7.5it/s]"}}}
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": widgets}}
    cell = nbformat.v4.new_code_cell("x")
    cell.outputs = [
        nbformat.v4.new_output("stream", name="stderr", text=f"BertModel LOAD REPORT from: {snapshot}\n"),
        nbformat.v4.new_output("stream", name="stderr", text="Loading weights:   0%|          | 0/50 [00:00<?, ?it/s]\n"),
        nbformat.v4.new_output("display_data", data={"text/plain": "passos:   0%|          | 0/8 [00:00<?, ?it/s]",
                                                     run.WIDGET: {"model_id": "box"}}),
        nbformat.v4.new_output("display_data", data={"text/plain": "  0%|          | 0/3 [00:00<?, ?it/s]",
                                                     run.WIDGET: {"model_id": "gone"}}),
        nbformat.v4.new_output("stream", name="stdout", text="acurácia 0.75\n"),
    ]
    nb.cells = [cell]
    run.clean(nb)
    assert [o.get("text") or o.data["text/plain"] for o in cell.outputs] == [
        "BertModel LOAD REPORT from: <cache>/hf-home/hub/models--x/snapshots/abc\n",
        "passos: 100%| 8/8 [00:01<00:00, 7.5it/s]", "acurácia 0.75\n"]


def row(name, status="ok", seconds=1.0):
    return run.Result(name, status, seconds, 100.0, parameters={"N": 1}, finished="2025-01-01 00:00:00")


def test_summary_keeps_the_newest_row_of_every_notebook(tmp_path):
    known = {"c/a", "c/b"}
    run.write_summary(tmp_path, "cpu", [row("c/a"), row("c/b", "failed")], known)
    run.write_summary(tmp_path, "cpu", [row("c/b", seconds=2.0)], known)
    summary = json.loads((tmp_path / "summary.json").read_text())
    assert summary["profile"] == "cpu"
    assert [(r["notebook"], r["status"], r["seconds"]) for r in summary["notebooks"]] == [("c/a", "ok", 1.0),
                                                                                         ("c/b", "ok", 2.0)]
    assert summary["notebooks"][0]["parameters"] == {"N": 1}
    assert "2/2 ok" in (tmp_path / "index.html").read_text() and "| c/a | ok |" in (tmp_path / "summary.md").read_text()
    run.write_summary(tmp_path, "cpu", [row("c/b")], {"c/b"})  # c/a was removed from the course
    assert [r["notebook"] for r in json.loads((tmp_path / "summary.json").read_text())["notebooks"]] == ["c/b"]
    (tmp_path / "summary.json").write_text("{not json")
    run.write_summary(tmp_path, "cpu", [row("c/a")], known)
    assert [r["notebook"] for r in json.loads((tmp_path / "summary.json").read_text())["notebooks"]] == ["c/a"]
    assert {oct(p.stat().st_mode & 0o777) for p in tmp_path.iterdir()} == {"0o644"}


DRIVER = """\
import sys
from pathlib import Path
from cursonlp import notebooks, profiles, run
root = Path(sys.argv[1])
notebooks.CHAPTERS, profiles.PROFILES, run.BUILD = root / "chapters", root / "profiles", root / "build"
sys.exit(run.main(["-f", "dev"]))
"""


def test_ctrl_c_stops_at_once_and_leaves_nothing(course_dir, tmp_path):
    root = course_dir.parent.parent
    cpu_only(course_dir)
    marks = tmp_path / "marks"
    marks.mkdir()
    make_notebook(course_dir, "a_slow", params='DEVICE = "auto"  # dispositivo',
                  body=f"import os, time\nopen({str(marks / 'kernel')!r}, 'w').write(str(os.getpid()))\ntime.sleep(300)")
    make_notebook(course_dir, "b_next", params='DEVICE = "auto"  # dispositivo',
                  body=f"open({str(marks / 'second')!r}, 'w').write('ran')")
    proc = subprocess.Popen([sys.executable, "-c", DRIVER, str(root)], start_new_session=True,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    deadline = time.monotonic() + 120
    while not (marks / "kernel").exists():
        assert proc.poll() is None and time.monotonic() < deadline, "the slow notebook never started"
        time.sleep(0.5)
    kernel = int((marks / "kernel").read_text())
    stopped = time.monotonic()
    os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C in a terminal does
    out, _ = proc.communicate(timeout=60)
    assert time.monotonic() - stopped < 30, "Ctrl-C took more than 30 s to stop the run"
    assert proc.returncode == 130, out
    assert "0 passed, 0 failed, 2 not run (interrupted)" in out, out
    assert not (marks / "second").exists(), "the next notebook started after Ctrl-C"
    time.sleep(1)
    assert not psutil.pid_exists(kernel) or psutil.Process(kernel).status() == psutil.STATUS_ZOMBIE
    left = [p for p in (root / "build").rglob("*") if p.is_file()] if (root / "build").exists() else []
    assert all(p.name in ("summary.json", "summary.md", "index.html") for p in left), left
