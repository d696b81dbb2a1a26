"""The mini-hub: small local stand-ins, built by the course itself, for every Hub id it uses.

`resolve(hub_id)` returns the folder of a built stand-in (building it first if needed).
Each stand-in is built into a temporary folder and renamed into place only when complete,
with a manifest of its files, so an interrupted build is never used.
"""
from __future__ import annotations

import hashlib
import importlib
import json
import multiprocessing
import os
import re
import shutil
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

from filelock import FileLock
from tqdm.auto import tqdm

from . import guard
from .registry import REGISTRY, StandIn

TASK_MODULES = ("metrics", "classification", "cased", "ner", "qa", "generation", "nli",
                "summarization", "translation")
MANIFEST = guard.MANIFEST
HERE = Path(__file__).parent


class MinihubError(RuntimeError):
    pass


def load_registry() -> dict[str, StandIn]:
    for name in TASK_MODULES:
        importlib.import_module(f"{__name__}.{name}")
    return REGISTRY


def cache_root() -> Path:
    base = os.environ.get("CURSONLP_CACHE") or Path(
        os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "cursonlp"
    return Path(base) / "minihub"


def _task_modules_used(module: str, seen: set[str]) -> set[str]:
    """`module` and the task modules it imports (from .x import ... / from . import x), recursively."""
    seen.add(module)
    source = (HERE / f"{module}.py").read_text()
    for name in re.findall(r"^\s*from \.(\w+) import|^\s*from \. import (\w+)", source, flags=re.M):
        dep = name[0] or name[1]
        if dep in TASK_MODULES and dep not in seen:
            _task_modules_used(dep, seen)
    return seen


def source_hash(hub_id: str) -> str:
    """Hash of what one stand-in's build depends on: its task module (and the task modules it
    imports), the shared files of this package, and the library versions."""
    import tokenizers
    import torch
    import transformers

    module = standin(hub_id).build.__module__.rsplit(".", 1)[-1]
    own = {f"{m}.py" for m in _task_modules_used(module, set())} if module in TASK_MODULES else set()
    tasks = {f"{m}.py" for m in TASK_MODULES}
    h = hashlib.sha256(hub_id.encode())
    for p in sorted(HERE.rglob("*")):
        rel = p.relative_to(HERE).as_posix()
        if p.is_file() and "__pycache__" not in p.parts and (rel not in tasks or rel in own):
            h.update(rel.encode())
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


def _manifest(path: Path) -> dict[str, int]:
    return {str(p.relative_to(path)): p.stat().st_size
            for p in sorted(path.rglob("*")) if p.is_file() and p.name != MANIFEST}


def check(hub_id: str, path: Path) -> None:
    """Raise if the built folder does not match the manifest written when it was built."""
    try:
        recorded = json.loads((path / MANIFEST).read_text())["files"]
    except (OSError, ValueError, KeyError):
        recorded = None
    if recorded != _manifest(path):
        raise MinihubError(
            f"the mini-hub folder for {hub_id!r} is corrupted ({path}). "
            f"Rebuild it: python -m cursonlp.minihub build --force {hub_id}")


def build(hub_id: str, force: bool = False) -> Path:
    """Build the stand-in for `hub_id` unless a complete one exists; return its folder."""
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
        if path.exists() and force:
            shutil.rmtree(version)
        if path.exists():
            check(hub_id, path)
            return path
        for stale in item_dir.iterdir():  # older versions, and folders left by a killed build
            if stale.is_dir() and stale.name != version.name:
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


def _build_timed(hub_id: str, force: bool, threads: int) -> tuple[str, Path, float]:
    import torch
    torch.set_num_threads(threads)
    start = time.perf_counter()
    return hub_id, build(hub_id, force=force), time.perf_counter() - start


def build_all(ids: list[str], force: bool, jobs: int) -> None:
    """Build the missing stand-ins among `ids` in `jobs` worker processes (each training runs on
    its own core), in the given order; every build stays atomic, so an interrupted run leaves no
    half-built stand-in. Built ones are only checked, here, so a warm run starts no process."""
    start = time.perf_counter()
    todo = [hub_id for hub_id in ids if force or not folder(hub_id).exists()]
    for hub_id in set(ids) - set(todo):
        build(hub_id)  # checks the folder against its manifest
    threads = max(1, (os.cpu_count() or 1) // jobs)
    context = multiprocessing.get_context("spawn")  # no fork after torch has started threads
    with ProcessPoolExecutor(jobs, mp_context=context) as pool, \
            tqdm(total=len(todo), desc="mini-hub", unit="stand-in", disable=None) as bar:
        futures = [pool.submit(_build_timed, hub_id, force, threads) for hub_id in todo]
        try:
            for future in as_completed(futures):
                hub_id, path, seconds = future.result()
                bar.update()
                bar.write(f"  built {hub_id} in {seconds:.1f} s -> {path}")
        except BaseException:
            pool.shutdown(cancel_futures=True)  # stop at the first failure (or Ctrl-C)
            raise
    print(f"mini-hub: {len(ids)} stand-ins ready in {time.perf_counter() - start:.1f} s")


def resolve(hub_id: str) -> Path:
    """The local folder standing in for `hub_id`, built on first use."""
    guard.install()
    path = folder(hub_id)
    if path.exists():
        check(hub_id, path)
        return path
    return build(hub_id)
