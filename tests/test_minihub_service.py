"""The local Hub, through the real clients: each client runs in its own process, because the
Hugging Face libraries read HF_ENDPOINT when they are imported."""
import hashlib
import json
import os
import socket
import subprocess
import sys
import textwrap
import time
import urllib.error
import urllib.request
import uuid

import pytest

from cursonlp import minihub
from cursonlp.minihub.serve import service


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    env = service.environment()
    os.environ.update({k: v for k, v in env.items() if k.lower() == "no_proxy"})
    service.ensure()
    # offline mode, as a learner working offline may have it on, must not hide the local Hub
    offline = {"HF_HUB_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    return {**os.environ, **offline, **env, "HF_HOME": str(tmp_path_factory.mktemp("hf-home")),
            "TQDM_DISABLE": "1", "HF_DATASETS_DISABLE_PROGRESS_BARS": "1"}


def client(env, code: str, timeout: float = 240) -> dict:
    """Run `code` in a fresh Python with `env`; it prints one JSON object as its last line."""
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], env=env, capture_output=True,
                          text=True, timeout=timeout)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_read_side_matches_the_built_stand_ins(env):
    folder = minihub.folder("distilbert/distilbert-base-uncased-finetuned-sst-2-english")
    got = client(env, """
        import hashlib, json, pathlib
        from huggingface_hub import HfApi, HfFileSystem, snapshot_download
        api = HfApi()
        repo = "distilbert/distilbert-base-uncased-finetuned-sst-2-english"
        info = api.model_info(repo)
        path = snapshot_download(repo, revision=info.sha)
        files = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in pathlib.Path(path).iterdir()}
        tree = [e.path for e in api.list_repo_tree("nyu-mll/glue", repo_type="dataset", recursive=True)]
        paths = [e.path for e in api.get_paths_info("nyu-mll/glue", ["mrpc", "README.md", "nope"],
                                                     repo_type="dataset")]
        found = [m.id for m in api.list_models(search="distilbert", filter="text-classification")]
        authors = {m.id.split("/")[0] for m in api.list_models(author="openai-community")}
        by_task = [m.id for m in api.list_models(search="distilbert", pipeline_tag="text-classification")]
        with HfFileSystem().open("datasets/nyu-mll/glue/README.md", "rb") as f:
            f.seek(4)
            middle = f.read(8)
        print(json.dumps({"sha": info.sha, "files": files, "tree": tree, "paths": paths, "found": found, "by_task": by_task,
                          "authors": sorted(authors), "pipeline": info.pipeline_tag,
                          "middle": middle.decode(), "metrics": api.list_repo_files(
                              "evaluate-metric/glue", repo_type="space")}))
    """)
    recorded = minihub.cache.manifest(folder)["files"]
    assert got["files"] == {name: entry["sha256"] for name, entry in recorded.items()}
    again = client(env, """
        import json
        from huggingface_hub import HfApi
        repo = "distilbert/distilbert-base-uncased-finetuned-sst-2-english"
        print(json.dumps({"sha": HfApi().model_info(repo).sha}))
    """)
    assert len(got["sha"]) == 40 and got["sha"] == again["sha"]  # a stable commit id
    assert {"mrpc", "mrpc/train.parquet", "README.md"} <= set(got["tree"])
    assert sorted(got["paths"]) == ["README.md", "mrpc"]
    assert got["found"] == got["by_task"] == ["distilbert/distilbert-base-uncased-finetuned-sst-2-english"]
    assert got["authors"] == ["openai-community"] and got["pipeline"] == "text-classification"
    readme = (minihub.folder("nyu-mll/glue") / "README.md").read_bytes()
    assert got["middle"] == readme[4:12].decode()  # a Range request
    assert "glue.py" in got["metrics"]


def test_libraries_load_by_hub_id(env):
    got = client(env, """
        import json
        import evaluate
        from datasets import load_dataset
        from transformers import pipeline
        clf = pipeline("sentiment-analysis", model="distilbert/distilbert-base-uncased-finetuned-sst-2-english")
        ds = load_dataset("nyu-mll/glue", "mrpc")
        first = next(iter(load_dataset("nyu-mll/glue", "mrpc", split="validation", streaming=True)))
        metric = evaluate.load("glue", "mrpc").compute(predictions=[0, 1, 1], references=[0, 1, 0])
        print(json.dumps({"label": clf("What a wonderful film!")[0]["label"], "rows": ds.num_rows,
                          "first": first, "row0": ds["validation"][0], "metric": metric}))
    """)
    assert got["label"] == "POSITIVE"
    assert got["rows"] == {"train": 1200, "validation": 300, "test": 300}
    assert got["first"] == got["row0"]
    assert got["metric"] == {"accuracy": pytest.approx(2 / 3), "f1": pytest.approx(2 / 3)}


def test_missing_repo_revision_and_file_raise_the_hub_errors(env):
    got = client(env, """
        import json
        from huggingface_hub import HfApi, hf_hub_download
        from huggingface_hub.errors import (EntryNotFoundError, RepositoryNotFoundError,
                                            RevisionNotFoundError)
        api, seen = HfApi(), []
        for call, error in [(lambda: api.model_info("nobody/nothing"), RepositoryNotFoundError),
                            (lambda: api.dataset_info("nyu-mll/glue", revision="v9"), RevisionNotFoundError),
                            (lambda: hf_hub_download("google-bert/bert-base-uncased", "nope.bin"),
                             EntryNotFoundError)]:
            try:
                call()
                seen.append("no error")
            except error as err:
                seen.append(type(err).__name__)
        print(json.dumps({"seen": seen}))
    """)
    assert got["seen"] == ["RepositoryNotFoundError", "RevisionNotFoundError", "RemoteEntryNotFoundError"]


def test_push_round_trip_branches_and_permissions(env, tmp_path):
    name = f"aluno/teste-{uuid.uuid4().hex[:8]}"
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "notas.txt").write_text("olá, Hub local")
    (tmp_path / "pesos.safetensors").write_bytes(os.urandom(300_000))
    got = client(env, f"""
        import hashlib, json, pathlib
        from huggingface_hub import CommitOperationAdd, CommitOperationDelete, HfApi, snapshot_download
        from huggingface_hub.errors import HfHubHTTPError, RepositoryNotFoundError
        from datasets import Dataset, load_dataset
        api = HfApi()
        api.create_repo("{name}", private=True)
        first = api.upload_folder(repo_id="{name}", folder_path="{tmp_path}", commit_message="pasta")
        second = api.create_commit("{name}", [CommitOperationAdd("extra.txt", b"mais"),
                                             CommitOperationDelete("sub/notas.txt")], commit_message="troca")
        api.create_branch("{name}", branch="rascunho", revision=first.oid)
        back = pathlib.Path(snapshot_download("{name}", revision="rascunho"))
        digests = {{p.relative_to(back).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
                   for p in back.rglob("*") if p.is_file()}}
        main_files = api.list_repo_files("{name}")
        titles = [c.title for c in api.list_repo_commits("{name}")]
        Dataset.from_dict({{"texto": ["a", "b"], "nota": [1, 5]}}).push_to_hub("{name}-dados")
        rows = load_dataset("{name}-dados", split="train").to_dict()
        errors = []
        for call in (lambda: api.upload_file(path_or_fileobj=b"x", path_in_repo="x",
                                             repo_id="google-bert/bert-base-uncased"),
                     lambda: HfApi(token="hf_falso").create_repo("aluno/outro"),
                     lambda: api.create_repo("google-bert/meu")):
            try:
                call()
                errors.append(0)
            except HfHubHTTPError as err:
                errors.append(err.response.status_code)
        anonymous = HfApi(token=False)
        try:
            anonymous.model_info("{name}")
            private = "visible"
        except RepositoryNotFoundError:
            private = "hidden"
        api.delete_repo("{name}")
        api.delete_repo("{name}-dados", repo_type="dataset")
        print(json.dumps({{"digests": digests, "main": main_files, "titles": titles, "rows": rows,
                          "errors": errors, "private": private, "oids": [first.oid, second.oid]}}))
    """)
    expected = {p.relative_to(tmp_path).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
                for p in tmp_path.rglob("*") if p.is_file()}
    assert {k: v for k, v in got["digests"].items() if k != ".gitattributes"} == expected
    assert "extra.txt" in got["main"] and "sub/notas.txt" not in got["main"]
    assert got["titles"] == ["troca", "pasta", "initial commit"]
    assert got["rows"] == {"texto": ["a", "b"], "nota": [1, 5]}
    assert got["errors"] == [403, 401, 403]
    assert got["private"] == "hidden"
    assert all(len(oid) == 40 for oid in got["oids"]) and got["oids"][0] != got["oids"][1]


def test_two_clients_at_once(env):
    code = """
        import hashlib, json, pathlib
        from huggingface_hub import snapshot_download
        path = pathlib.Path(snapshot_download("openai-community/gpt2"))
        print(json.dumps({p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in path.iterdir()}))
    """
    procs = [subprocess.Popen([sys.executable, "-c", textwrap.dedent(code)], stdout=subprocess.PIPE,
                              text=True, env={**env, "HF_HOME": f"{env['HF_HOME']}-{i}"}) for i in range(2)]
    outs = [json.loads(p.communicate(timeout=240)[0].strip().splitlines()[-1]) for p in procs]
    recorded = minihub.cache.manifest(minihub.folder("openai-community/gpt2"))["files"]
    assert outs[0] == outs[1] == {name: entry["sha256"] for name, entry in recorded.items()}


def test_a_service_that_dies_mid_run_is_a_clear_error_not_a_hang(env):
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "cursonlp.minihub", "serve", "--port", str(port)],
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while not service.status(url) and time.monotonic() < deadline:
        time.sleep(0.2)
    got = client({**env, "HF_ENDPOINT": url}, f"""
        import json, os, signal, time
        from huggingface_hub import hf_hub_download
        hf_hub_download("google-bert/bert-base-cased", "config.json")
        os.kill({server.pid}, signal.SIGKILL)
        time.sleep(0.5)
        start = time.monotonic()
        try:
            hf_hub_download("google-bert/bert-base-cased", "tokenizer.json")
            error = "none"
        except Exception as err:
            error = type(err).__name__ + ": " + str(err)
        print(json.dumps({{"error": error, "seconds": time.monotonic() - start}}))
    """, timeout=120)
    server.wait(timeout=10)
    assert got["error"].startswith("LocalEntryNotFoundError")
    assert got["seconds"] < 30


def test_port_taken_and_missing_store_are_clear_errors(env, tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(minihub.MinihubError, match=f"port {port} on 127.0.0.1 is already in use"):
            service.check_port_free(port)
    done = subprocess.run([sys.executable, "-m", "cursonlp.minihub", "serve", "--port", str(free_port())],
                          env={**env, "CURSONLP_CACHE": str(tmp_path / "empty")}, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 2 and "Build it first: python -m cursonlp.minihub build" in done.stderr


def test_nothing_outside_the_store_is_served_or_written(env):
    base, token = env["HF_ENDPOINT"], env["HF_TOKEN"]
    for path in ("/google-bert/bert-base-uncased/resolve/main/..%2F..%2F..%2Fservice%2Ftoken",
                 "/google-bert/bert-base-uncased/resolve/main/../../../../etc/passwd",
                 "/google-bert/bert-base-uncased/resolve/main/.standin.json"):
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(base + path, timeout=10)
        assert err.value.code == 404
    name = f"teste-{uuid.uuid4().hex[:8]}"
    request = urllib.request.Request(f"{base}/api/repos/create", method="POST",
                                     data=json.dumps({"name": name}).encode(),
                                     headers={"Authorization": f"Bearer {token}",
                                              "Content-Type": "application/json"})
    urllib.request.urlopen(request, timeout=10)
    body = "\n".join(json.dumps(line) for line in [
        {"key": "header", "value": {"summary": "fuga"}},
        {"key": "file", "value": {"path": "../../fora.txt", "content": "eA==", "encoding": "base64"}}])
    commit = urllib.request.Request(f"{base}/api/models/aluno/{name}/commit/main", method="POST",
                                    data=body.encode(), headers={"Authorization": f"Bearer {token}",
                                                                 "Content-Type": "application/x-ndjson"})
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(commit, timeout=10)
    assert err.value.code == 400
    assert not (minihub.cache_root().parent / "fora.txt").exists()
