"""Execute the course's notebooks with papermill under a profile: `python -m cursonlp.run`.

Executed copies, their HTML renderings, an index page and a summary (summary.md, summary.json)
go to build/executed/<profile>/. The committed notebooks are never touched. A notebook that fails
leaves nothing behind: its executed copy is written only when it ran to the end.
"""
from __future__ import annotations

import argparse
import concurrent.futures
import html
import json
import multiprocessing
import os
import shutil
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import psutil
import yaml
from tqdm.auto import tqdm

from . import notebooks, profiles
from .course import SetupError, hub_reachable, pick_device

BUILD = notebooks.ROOT / "build" / "executed"
QUIET_ENV = {"TQDM_DISABLE": "1", "HF_DATASETS_DISABLE_PROGRESS_BARS": "1", "TOKENIZERS_PARALLELISM": "false"}


@dataclass
class Job:
    path: Path
    key: str
    parameters: dict      # what the profile injects
    effective: dict       # what the notebook will run with: its defaults, then the injected values


@dataclass
class Result:
    notebook: str
    status: str            # "ok" or "failed"
    seconds: float
    peak_mb: float
    error: str = ""
    cell: str = field(default="", repr=False)


def plan(profile_names: list[str], overrides: dict, paths: list[Path]) -> list[Job]:
    """Check every notebook's parameters against the profiles before anything runs."""
    profile = profiles.load(profile_names)
    keys = {notebooks.key(p) for p in notebooks.all_notebooks()}
    stray = profiles.unused_keys(profile, keys)
    if stray:
        raise profiles.ProfileError(f"profile section(s) {', '.join(stray)} name no notebook. "
                                    "Fix the key (chapter/notebook without extension).")
    jobs = []
    for path in paths:
        declared = notebooks.parameters(path)
        injected = profiles.parameters_for(notebooks.key(path), declared, profile, overrides)
        defaults = {name: p.default for name, p in declared.items()}
        jobs.append(Job(path, notebooks.key(path), injected, {**defaults, **injected}))
    return jobs


def preflight(jobs: list[Job]) -> None:
    """Fail in seconds, not after a long network timeout, when the machine cannot do what is asked."""
    for device in sorted({j.effective["DEVICE"] for j in jobs if "DEVICE" in j.effective}):
        pick_device(device)
    sources = {j.effective.get("SOURCE") for j in jobs}
    if "hub" in sources and not hub_reachable():
        raise SetupError("the Hugging Face Hub cannot be reached from here, and the profile uses "
                         "SOURCE='hub'. Run offline instead: make run PROFILE=offline")
    if "minihub" in sources:
        from .minihub.__main__ import main as minihub_main
        if minihub_main(["build"]) != 0:
            raise SetupError("the mini-hub could not be built (see above)")


class PeakMemory:
    """Samples the memory of this process's children (the kernel and what it starts)."""

    def __init__(self, interval: float = 0.2):
        self.interval, self.peak, self._stop = interval, 0, threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self):
        me = psutil.Process()
        while not self._stop.wait(self.interval):
            rss = 0
            for child in me.children(recursive=True):
                try:
                    rss += child.memory_info().rss
                except psutil.Error:
                    pass
            self.peak = max(self.peak, rss)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def failing_cell(nb) -> str:
    """Source of the first cell with an error it was not tagged to raise."""
    for cell in nb.cells:
        errors = [o for o in cell.get("outputs", []) if o.output_type == "error"]
        if errors and "raises-exception" not in cell.metadata.get("tags", []):
            return cell.source
    return ""


def execute(job: Job, out: Path) -> Result:
    """Run one notebook (in a worker process) into `out`, only if it runs to the end.

    papermill injects the parameters; nbclient executes, honouring cells tagged `raises-exception`
    (an expected error is part of the lesson, not a failure)."""
    import nbformat
    import papermill
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    os.environ.update(QUIET_ENV)
    start = time.perf_counter()
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(suffix=".ipynb", dir=out.parent, prefix=".running-")
    os.close(fd)
    error = cell = ""
    memory = PeakMemory()
    nb = papermill.execute_notebook(str(job.path), tmp, parameters=job.parameters, prepare_only=True,
                                    progress_bar=False)
    client = NotebookClient(nb, kernel_name="python3", timeout=3600,
                            resources={"metadata": {"path": str(job.path.parent)}})
    try:
        with memory:
            client.execute()
        nbformat.write(nb, tmp)
        os.replace(tmp, out)
    except CellExecutionError as err:
        error, cell = f"{err.ename}: {err.evalue}", failing_cell(nb)
    except (CellTimeoutError, DeadKernelError) as err:
        error = f"{type(err).__name__}: {err}"
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
        if not any(out.parent.iterdir()):
            out.parent.rmdir()
    return Result(job.key, "failed" if error else "ok", round(time.perf_counter() - start, 1),
                  round(memory.peak / 2**20, 1), error, cell)


def render_html(executed: Path) -> None:
    from nbconvert import HTMLExporter

    body, _ = HTMLExporter().from_filename(str(executed))
    executed.with_suffix(".html").write_text(body)


def write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text)
    os.replace(tmp, path)


def _link(r: Result) -> str:
    return f'<a href="{r.notebook}.html">{r.notebook}</a>' if r.status == "ok" else r.notebook


def write_summary(out_root: Path, profile: str, results: list[Result]) -> None:
    out_root.mkdir(parents=True, exist_ok=True)
    rows = [{k: v for k, v in asdict(r).items() if k != "cell"} for r in results]
    write_atomic(out_root / "summary.json", json.dumps({"profile": profile, "notebooks": rows}, indent=1))
    total = sum(r.seconds for r in results)
    lines = [f"# Execução do curso — perfil `{profile}`", "",
             "| notebook | status | segundos | pico de memória (MB) |", "|---|---|---:|---:|"]
    lines += [f"| {r.notebook} | {r.status} | {r.seconds:.1f} | {r.peak_mb:.0f} |" for r in results]
    lines += ["", f"Total: {total:.1f} s, {sum(r.status == 'ok' for r in results)}/{len(results)} ok."]
    write_atomic(out_root / "summary.md", "\n".join(lines) + "\n")
    items = "\n".join(
        f"<tr><td>{_link(r)}</td><td>{r.status}</td><td>{r.seconds:.1f}</td><td>{r.peak_mb:.0f}</td>"
        f"<td>{html.escape(r.error)}</td></tr>" for r in results)
    write_atomic(out_root / "index.html", f"""<!doctype html><meta charset="utf-8">
<title>Curso NLP — {profile}</title>
<style>body{{font-family:sans-serif;margin:2em}}td,th{{padding:.3em .8em;border-bottom:1px solid #ddd}}</style>
<h1>Curso NLP — perfil <code>{profile}</code></h1>
<table><tr><th>notebook</th><th>status</th><th>segundos</th><th>pico de memória (MB)</th><th>erro</th></tr>
{items}</table><p>Total: {total:.1f} s</p>
""")


def parse_overrides(pairs: list[list[str]]) -> dict:
    return {name: yaml.safe_load(value) for name, value in pairs or []}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m cursonlp.run", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-f", "--profile", action="append", help="profile name or YAML file (repeatable; default: offline)")
    parser.add_argument("-p", "--parameter", nargs=2, action="append", metavar=("NAME", "VALUE"),
                        help="override one parameter in every notebook (value parsed as YAML)")
    parser.add_argument("-j", "--jobs", type=int, default=1, help="notebooks run in parallel")
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: every notebook of the course")
    args = parser.parse_args(argv)
    names = args.profile or ["offline"]
    profile = "+".join(Path(n).stem for n in names)
    out_root = BUILD / profile
    try:
        paths = [p.with_suffix(".ipynb").resolve() for p in args.notebooks] or notebooks.all_notebooks()
        jobs = plan(names, parse_overrides(args.parameter), paths)
        preflight(jobs)
    except (profiles.ProfileError, notebooks.NotebookError, SetupError, FileNotFoundError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    results = []
    context = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(args.jobs, mp_context=context) as pool:
        futures = {}
        for job in jobs:
            out = out_root / f"{job.key}.ipynb"
            if out.exists():
                out.unlink()
                out.with_suffix(".html").unlink(missing_ok=True)
            futures[pool.submit(execute, job, out)] = out
        bar = tqdm(concurrent.futures.as_completed(futures), total=len(futures), desc=f"notebooks ({profile})",
                   disable=None)
        for future in bar:
            result = future.result()
            results.append(result)
            bar.write(f"{result.status:>6}  {result.seconds:7.1f} s  {result.peak_mb:6.0f} MB  {result.notebook}")
            if result.status == "ok":
                render_html(futures[future])
            else:
                bar.write(f"        {result.error}\n        in the cell:\n"
                          + "\n".join("          | " + line for line in result.cell.splitlines()))
    results.sort(key=lambda r: r.notebook)
    write_summary(out_root, profile, results)
    failed = [r.notebook for r in results if r.status != "ok"]
    print(f"executed notebooks, HTML and summary: {out_root}")
    print(f"{len(results) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
