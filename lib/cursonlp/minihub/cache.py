"""The cache of built stand-ins: one folder per Hub id, built atomically, with a manifest.

Each stand-in is built into a temporary folder and renamed into place only when complete, with a
manifest of its files (size and SHA-256), so an interrupted build is never used and a damaged one
is found and rebuilt alone.
"""
from __future__ import annotations

import functools
import hashlib
import importlib
import json
import multiprocessing
import os
import re
import shutil
import threading
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

import psutil
from filelock import FileLock
from tqdm.auto import tqdm

from .registry import REGISTRY, MinihubError, StandIn

HERE = Path(__file__).parent
TASK_MODULES = ("classification", "cased", "ner", "qa", "generation", "nli", "summarization",
                "translation", "portuguese")  # under standins/; the other modules there are shared helpers
MANIFEST = ".standin.json"


def load_registry() -> dict[str, StandIn]:
    importlib.import_module(f"{__package__}.metrics")
    for name in TASK_MODULES:
        importlib.import_module(f"{__package__}.standins.{name}")
    return REGISTRY


def cache_root() -> Path:
    base = os.environ.get("CURSONLP_CACHE") or Path(
        os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "cursonlp"
    return Path(base) / "minihub"


def _task_modules_used(module: str, seen: set[str]) -> set[str]:
    """`module` and the task modules it imports (from .x import ...), recursively."""
    seen.add(module)
    source = (HERE / "standins" / f"{module}.py").read_text()
    for dep in re.findall(r"^\s*from \.(\w+) import", source, flags=re.M):
        if dep in TASK_MODULES and dep not in seen:
            _task_modules_used(dep, seen)
    return seen


@functools.lru_cache(maxsize=None)
def source_hash(hub_id: str) -> str:
    """Hash of what one stand-in's build depends on: its code (a metric: metrics/; a model or
    dataset: its task module, the task modules it imports, the shared helpers and data/), the
    registry, and the library versions. The service and the command line are not part of it."""
    import tokenizers
    import torch
    import transformers

    module = standin(hub_id).build.__module__.rsplit(".", 1)[-1]
    parts = ["metrics"] if module == "metrics" else ["data", "standins"]
    own = _task_modules_used(module, set()) if module in TASK_MODULES else set()
    h = hashlib.sha256(hub_id.encode())
    for p in sorted(p for part in parts for p in (HERE / part).rglob("*")) + [HERE / "registry.py"]:
        rel = p.relative_to(HERE)
        if not p.is_file() or "__pycache__" in rel.parts:
            continue
        if rel.parts[0] == "standins" and p.stem in TASK_MODULES and p.stem not in own:
            continue
        h.update(rel.as_posix().encode())
        h.update(p.read_bytes())
    for lib in (torch, transformers, tokenizers):
        h.update(f"{lib.__name__}=={lib.__version__}".encode())
    return h.hexdigest()[:16]


def folder(hub_id: str) -> Path:
    """Where the current stand-in for `hub_id` lives (built or not)."""
    # <cache>/<org--name>/<hash>/<name>: the last part keeps the Hub name (evaluate needs it)
    return cache_root() / hub_id.replace("/", "--") / source_hash(hub_id) / hub_id.split("/")[-1]


def standin(hub_id: str) -> StandIn:
    registry = load_registry()
    if hub_id not in registry:
        known = ", ".join(sorted(registry))
        raise MinihubError(f"the mini-hub has no stand-in for {hub_id!r}. Known ids: {known}")
    return registry[hub_id]


def file_digest(path: Path) -> str:
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def content_files(path: Path) -> list[Path]:
    """The files of a stand-in, in order; dotfiles (the manifest, editors' and notebooks' leftovers)
    are not part of it."""
    return [p for p in sorted(path.rglob("*")) if p.is_file()
            and not any(part.startswith(".") for part in p.relative_to(path).parts)]


def _manifest(path: Path) -> dict[str, dict]:
    return {p.relative_to(path).as_posix(): {"size": p.stat().st_size, "sha256": file_digest(p)}
            for p in content_files(path)}


def manifest(path: Path) -> dict:
    """The manifest written when `path` was built (raises MinihubError if it is unreadable)."""
    try:
        data = json.loads((path / MANIFEST).read_text())
        data["files"].items()
        return data
    except (OSError, ValueError, KeyError, AttributeError) as err:
        raise MinihubError(f"the mini-hub folder {path} has no readable manifest") from err


def damage(path: Path) -> str:
    """What differs between the built folder and its manifest ('' when intact)."""
    try:
        recorded = manifest(path)["files"]
    except MinihubError:
        return "no readable manifest"
    found = _manifest(path)
    for name in sorted(set(recorded) | set(found)):
        if name not in found:
            return f"{name} is missing"
        if name not in recorded:
            return f"{name} was added after the build"
        if recorded[name] != found[name]:
            return f"{name} has changed since the build"
    return ""


def check(hub_id: str, path: Path) -> None:
    """Raise if the built folder does not match the manifest written when it was built."""
    problem = damage(path)
    if problem:
        raise MinihubError(
            f"the mini-hub folder for {hub_id!r} is corrupted ({path}: {problem}). "
            f"Rebuild it: python -m cursonlp.minihub build --force {hub_id}")


def build(hub_id: str, force: bool = False) -> Path:
    """Build the stand-in for `hub_id` unless an intact one exists; return its folder. A damaged
    one (see `damage`) is rebuilt."""
    item = standin(hub_id)
    path = folder(hub_id)
    try:
        item_dir, version = path.parent.parent, path.parent
        item_dir.mkdir(parents=True, exist_ok=True)
        lock = FileLock(str(item_dir / "build.lock"))
        lock.acquire()
    except OSError as err:
        raise MinihubError(
            f"cannot write the mini-hub cache at {cache_root()} ({err.strerror}). "
            "Set CURSONLP_CACHE to a writable folder.") from err
    try:
        if path.exists() and not force:
            problem = damage(path)
            if not problem:
                return path
            print(f"mini-hub: rebuilding {hub_id} ({problem})")
        for stale in item_dir.iterdir():  # older or damaged versions, folders left by a killed build
            if stale.is_dir():
                shutil.rmtree(stale, ignore_errors=True)
        tmp = item_dir / f"{version.name}.partial-{os.getpid()}"
        (tmp / path.name).mkdir(parents=True)
        start = time.perf_counter()
        try:
            item.build(tmp / path.name)
            (tmp / path.name / MANIFEST).write_text(json.dumps({
                "hub_id": hub_id, "kind": item.kind, "seconds": round(time.perf_counter() - start, 1),
                "files": _manifest(tmp / path.name)}, indent=1))
            tmp.rename(version)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        return path
    finally:
        lock.release()


def _exit_with_parent(parent: int) -> None:
    """Worker initializer: end this process as soon as the process that started it is gone (killed
    with SIGKILL it cannot clean up), instead of training on as an orphan."""
    def watch():
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def _build_timed(hub_id: str, force: bool, threads: int) -> tuple[str, Path, float]:
    import torch
    torch.set_num_threads(threads)
    start = time.perf_counter()
    return hub_id, build(hub_id, force=force), time.perf_counter() - start


def build_all(ids: list[str], force: bool, jobs: int) -> None:
    """Build the missing or damaged stand-ins among `ids` in `jobs` worker processes (each training
    runs on its own core), in the given order; every build stays atomic, so an interrupted run
    leaves no half-built stand-in. Intact ones are only checked, here, so a warm run starts no
    process. The first failure or a Ctrl-C stops the workers at once."""
    start = time.perf_counter()
    todo = [hub_id for hub_id in ids if force or not folder(hub_id).exists() or damage(folder(hub_id))]
    threads = max(1, (os.cpu_count() or 1) // jobs)
    context = multiprocessing.get_context("spawn")  # no fork after torch has started threads
    pool = ProcessPoolExecutor(jobs, mp_context=context, initializer=_exit_with_parent,
                               initargs=(os.getpid(),))
    try:
        with tqdm(total=len(todo), desc="mini-hub", unit="stand-in", disable=None if todo else True) as bar:
            futures = [pool.submit(_build_timed, hub_id, force, threads) for hub_id in todo]
            for future in as_completed(futures):
                hub_id, path, seconds = future.result()
                bar.update()
                bar.write(f"  built {hub_id} in {seconds:.1f} s -> {path}")
    except BaseException:
        # the executor has no public way to stop running work: kill its workers (their partial
        # folders are removed by the next build) and reap them
        workers = [psutil.Process(p.pid) for p in (pool._processes or {}).values() if p.is_alive()]
        for worker in workers:
            worker.kill()
        psutil.wait_procs(workers, timeout=10)
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()
    print(f"mini-hub: {len(ids)} stand-ins ready in {time.perf_counter() - start:.1f} s")


def resolve(hub_id: str) -> Path:
    """The local folder standing in for `hub_id`, built (or rebuilt, if damaged) on first use."""
    from . import guard
    guard.install()
    path = folder(hub_id)
    if path.exists() and not damage(path):
        return path
    return build(hub_id)
