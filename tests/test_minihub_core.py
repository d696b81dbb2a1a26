"""The mini-hub's cache: atomic builds, clear errors, no silent fallback."""
import pytest
from transformers import AutoModel, AutoModelForTokenClassification, BertConfig, BertForSequenceClassification

from cursonlp import minihub
from cursonlp.minihub import guard
from cursonlp.minihub.__main__ import main as cli
from cursonlp.minihub.registry import REGISTRY, StandIn


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("CURSONLP_CACHE", str(tmp_path / "cache"))
    minihub.load_registry()
    return tmp_path / "cache"


def add(monkeypatch, hub_id, build):
    monkeypatch.setitem(REGISTRY, hub_id, StandIn(hub_id, "dataset", build))


def test_unknown_id_is_a_clear_error(cache, capsys):
    with pytest.raises(minihub.MinihubError, match="no stand-in for 'org/nothing'. Known ids: "):
        minihub.resolve("org/nothing")
    assert cli(["path", "org/nothing"]) == 2
    assert "no stand-in for 'org/nothing'" in capsys.readouterr().err


def test_interrupted_build_leaves_nothing_and_the_next_one_completes(cache, monkeypatch):
    calls = []

    def build(out):
        (out / "half.txt").write_text("metade")
        calls.append(out)
        if len(calls) == 1:
            raise KeyboardInterrupt

    add(monkeypatch, "test/interrupted", build)
    with pytest.raises(KeyboardInterrupt):
        minihub.resolve("test/interrupted")
    parent = minihub.folder("test/interrupted").parent.parent
    assert not [p for p in parent.iterdir() if p.is_dir()]
    killed = parent / "0123.partial-999999"  # what a killed process leaves
    killed.mkdir()
    path = minihub.resolve("test/interrupted")
    assert not killed.exists()
    assert (path / "half.txt").read_text() == "metade" and len(calls) == 2
    assert minihub.resolve("test/interrupted") == path and len(calls) == 2  # cached


def test_parallel_build_then_warm_check(cache, capsys):
    ids = ["accuracy", "f1", "precision"]
    assert cli(["build", "--jobs", "2", *ids]) == 0
    built = capsys.readouterr().out
    for hub_id in ids:
        assert f"built {hub_id} in" in built
        minihub.check(hub_id, minihub.folder(hub_id))
    assert cli(["build", "--jobs", "2", *ids]) == 0
    assert "built" not in capsys.readouterr().out  # the warm run only checks


def test_a_damaged_stand_in_is_found_by_content_and_rebuilt_alone(cache, monkeypatch):
    builds = []

    def build(out):
        builds.append(out)
        (out / "data.txt").write_text("123")

    add(monkeypatch, "test/corrupt", build)
    add(monkeypatch, "test/other", lambda out: (out / "x.txt").write_text("x"))
    path, other = minihub.resolve("test/corrupt"), minihub.resolve("test/other")
    (path / ".ipynb_checkpoints").mkdir()  # a dotfolder left by an editor is not damage
    assert minihub.resolve("test/corrupt") == path and len(builds) == 1
    (path / "data.txt").write_text("999")  # same size, other content
    with pytest.raises(minihub.MinihubError, match=r"corrupted .*data.txt has changed.*build --force test/corrupt"):
        minihub.check("test/corrupt", path)
    assert (minihub.resolve("test/corrupt") / "data.txt").read_text() == "123" and len(builds) == 2
    assert (other / "x.txt").read_text() == "x"  # the intact one was left alone


def test_an_interrupted_parallel_build_stops_its_workers(cache, monkeypatch, capsys):
    import psutil

    import time

    monkeypatch.setattr(minihub.cache, "_build_timed", _fail_slowly)
    start = time.monotonic()
    with pytest.raises(RuntimeError, match="falhou"):
        minihub.build_all(["accuracy", "f1"], force=True, jobs=2)
    assert time.monotonic() - start < 60  # the sleeping worker did not hold the pool
    workers = [p for p in psutil.Process().children(recursive=True)
               if "resource_tracker" not in " ".join(p.cmdline())]
    assert not workers


def _fail_slowly(hub_id, force, threads):
    import time
    if hub_id == "accuracy":
        raise RuntimeError("falhou")
    time.sleep(120)  # would hold the pool for two minutes if it were not killed


def test_unwritable_cache(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("CURSONLP_CACHE", str(blocker / "cache"))
    add(monkeypatch, "test/x", lambda out: None)
    with pytest.raises(minihub.MinihubError, match="Set CURSONLP_CACHE to a writable folder"):
        minihub.resolve("test/x")


def test_a_fine_tuned_stand_in_refuses_another_task_head(cache, monkeypatch):
    config = BertConfig(vocab_size=64, hidden_size=16, num_hidden_layers=1, num_attention_heads=2,
                        intermediate_size=32, id2label={0: "NEGATIVE", 1: "POSITIVE"})
    add(monkeypatch, "test/classifier", lambda out: BertForSequenceClassification(config).save_pretrained(out))
    path = minihub.resolve("test/classifier")
    assert AutoModel.from_pretrained(path).config.id2label[1] == "POSITIVE"  # the bare encoder is fine
    with pytest.raises(guard.WrongHeadError, match="test/classifier is a BertForSequenceClassification"):
        AutoModelForTokenClassification.from_pretrained(path)
