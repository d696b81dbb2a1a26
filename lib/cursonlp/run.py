"""Execute the course's notebooks with papermill under a profile: `python -m cursonlp.run`.

Executed copies, their HTML renderings, an index page and a summary (summary.md, summary.json)
go to build/executed/<profile>/. The committed notebooks are never touched. A notebook that fails
(or is interrupted) leaves nothing behind: its executed copy is written, atomically, only when it ran
to the end. The summary keeps the newest result of every notebook, so running one notebook updates
its row only. `-p NAME VALUE` applies to the notebooks that declare NAME; VALUE is read by the
parameter's type (`1e-4` for a float, `no` for a bool, `None` where None is allowed).
"""
from __future__ import annotations

import argparse
import html
import json
import multiprocessing
import os
import re
import signal
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import psutil
from tqdm.auto import tqdm

from . import notebooks, profiles
from .course import DEVICES, SOURCES, SetupError, hub_reachable, pick_device

BUILD = notebooks.ROOT / "build" / "executed"
QUIET_ENV = {"TQDM_DISABLE": "1", "HF_DATASETS_DISABLE_PROGRESS_BARS": "1", "HF_HUB_DISABLE_PROGRESS_BARS": "1",
             "TOKENIZERS_PARALLELISM": "false"}
WIDGET = "application/vnd.jupyter.widget-view+json"
BAR = re.compile(r"\d+%\|.*\|\s*[\d.]+[kMG]?/[\d.?]+[kMG]?\s*\[")               # a tqdm line
EMPTY_BAR = re.compile(r"[^\r\n]*\b0%\|[^\r\n|]*\|\s*0(?:\.0+)?[kMG]?/[^\r\n]*[\r\n]?")  # one at 0/N


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
    parameters: dict = field(default_factory=dict)  # what was injected (profile and -p)
    finished: str = ""                               # local time, YYYY-MM-DD HH:MM:SS
    cell: str = field(default="", repr=False)


def plan(profile_names: list[str], overrides: dict[str, str], paths: list[Path]) -> list[Job]:
    """Check every notebook's parameters against the profiles before anything runs.

    `overrides` (NAME -> text, from -p) apply where a notebook declares NAME; one that no notebook
    declares is an error."""
    profile = profiles.load(profile_names)
    keys = {notebooks.key(p) for p in notebooks.all_notebooks()}
    stray = profiles.unused_keys(profile, keys)
    if stray:
        raise profiles.ProfileError(f"profile section(s) {', '.join(stray)} name no notebook. "
                                    "Fix the key (chapter/notebook without extension).")
    jobs, unused = [], set(overrides)
    for path in paths:
        if not path.is_file():
            raise notebooks.NotebookError(f"{path} not found. Give a notebook of chapters/ (.ipynb or .py).")
        declared = notebooks.parameters(path)
        injected = profiles.parameters_for(notebooks.key(path), declared, profile, overrides)
        defaults = {name: p.default for name, p in declared.items()}
        jobs.append(Job(path, notebooks.key(path), injected, {**defaults, **injected}))
        unused -= set(declared)
    if unused:
        raise profiles.ProfileError(f"-p {', '.join(sorted(unused))}: no notebook to run declares "
                                    f"{'this parameter' if len(unused) == 1 else 'these parameters'}. "
                                    "Check the name (the notebooks' parameters cell lists them).")
    return jobs


def preflight(jobs: list[Job]) -> None:
    """Fail in seconds, not after a long network timeout, when the machine cannot do what is asked."""
    forced = os.environ.get("CURSONLP_SOURCE")  # setup() prefers it to SOURCE
    if forced and forced not in SOURCES:
        raise SetupError(f"$CURSONLP_SOURCE must be one of {', '.join(SOURCES)}, got {forced!r}.")
    for job in jobs:
        for name, allowed in (("SOURCE", SOURCES), ("DEVICE", DEVICES)):
            if name in job.effective and job.effective[name] not in allowed:
                raise SetupError(f"{job.key}: {name} must be one of {', '.join(allowed)}, "
                                 f"got {job.effective[name]!r}.")
    for device in sorted({j.effective["DEVICE"] for j in jobs if "DEVICE" in j.effective}):
        pick_device(device)
    sources = {forced} if forced else {j.effective.get("SOURCE") for j in jobs}
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


def parametrize(job: Job):
    """The notebook with the job's parameters injected after its parameters cell (papermill's
    injected-parameters cell); its metadata keeps the parameters, not the paths."""
    import nbformat
    from papermill.parameterize import parameterize_notebook

    nb = nbformat.read(job.path, as_version=4)
    nb.metadata["papermill"] = {}
    untagged = [cell for cell in nb.cells if "tags" not in cell.metadata]
    for cell in untagged:  # papermill looks for the parameters cell in every cell's tags
        cell.metadata["tags"] = []
    nb = parameterize_notebook(nb, job.parameters)
    for cell in untagged:
        del cell.metadata["tags"]
    nb.metadata["papermill"] = {"parameters": job.parameters}
    return nb


def placeholders() -> list[tuple[str, str]]:
    """Absolute folders an output may print (caches, the home folder), each with its short stand-in."""
    from huggingface_hub import constants

    from .minihub.cache import cache_root

    pairs = [(str(cache_root().parent), "<cache>"), (str(Path(constants.HF_HOME)), "<hf-home>"),
             (str(Path.home()), "~")]
    return sorted(((path, short) for path, short in pairs if len(path) > 1), key=lambda p: -len(p[0]))


def _replace(value, pairs):
    if isinstance(value, str):
        for path, short in pairs:
            value = value.replace(path, short)
        return value
    if isinstance(value, list):
        return [_replace(v, pairs) for v in value]
    if isinstance(value, dict):
        return {k: _replace(v, pairs) for k, v in value.items()}
    return value


def _final_bar(output, widgets: dict) -> str | None:
    """The last state of a tqdm notebook bar, from the saved widget state: 'desc: 100%| 5/5 [...]'."""
    model = widgets.get(output.data[WIDGET].get("model_id"), {}).get("state", {})
    parts = [widgets.get(c.removeprefix("IPY_MODEL_"), {}).get("state", {}) for c in model.get("children", [])]
    if len(parts) != 3:
        return None
    return html.unescape(f"{parts[0].get('value', '')}|{parts[2].get('value', '')}")


def clean(nb) -> None:
    """What an executed copy should not hold: absolute cache paths in outputs, and progress bars
    frozen at 0/N (a bar's plain text is its first state; it becomes the last one, or goes)."""
    import nbformat

    pairs = placeholders()
    widgets = nb.metadata.get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {}).get("state", {})
    for cell in nb.cells:
        outputs = []
        for output in cell.get("outputs", []):
            output = nbformat.from_dict(_replace(output, pairs))
            if output.output_type == "stream":
                output.text = EMPTY_BAR.sub("", output.text)
                if not output.text:
                    continue
            elif WIDGET in output.get("data", {}) and BAR.search(output.data.get("text/plain", "")):
                final = _final_bar(output, widgets)
                if final is None:
                    continue
                output.data["text/plain"] = final
            outputs.append(output)
        if cell.cell_type == "code":
            cell.outputs = outputs


def write_atomic(path: Path, text: str) -> None:
    """Write through a temporary file in the same folder, so a reader (or a kill) never sees half
    a file; readable by all (0644)."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def execute(job: Job, out: Path) -> Result:
    """Run one notebook (in a worker process) into `out`, only if it runs to the end.

    nbclient executes the parametrized notebook, honouring cells tagged `raises-exception` (an
    expected error is part of the lesson, not a failure). A SIGTERM or SIGINT shuts the kernel down."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    os.environ.update(QUIET_ENV)
    start = time.perf_counter()
    error = cell = ""
    memory = PeakMemory()
    nb = parametrize(job)
    client = NotebookClient(nb, kernel_name="python3", timeout=3600,
                            resources={"metadata": {"path": str(job.path.parent)}})
    try:
        with memory:
            client.execute()
        clean(nb)
        out.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(out, nbformat.writes(nb))
    except CellExecutionError as err:
        error, cell = f"{err.ename}: {err.evalue}", failing_cell(nb)
    except (CellTimeoutError, DeadKernelError) as err:
        error = f"{type(err).__name__}: {err}"
    return Result(job.key, "failed" if error else "ok", round(time.perf_counter() - start, 1),
                  round(memory.peak / 2**20, 1), error, job.parameters, time.strftime("%Y-%m-%d %H:%M:%S"), cell)


def _execute(pair: tuple[Job, Path]) -> Result:
    return execute(*pair)


def _ignore_sigint() -> None:
    """Workers leave Ctrl-C to the runner, which stops them (nbclient still shuts its kernel down)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def render_html(executed: Path) -> None:
    from nbconvert import HTMLExporter

    body, _ = HTMLExporter().from_filename(str(executed))
    write_atomic(executed.with_suffix(".html"), body)


ROW_KEYS = ("notebook", "status", "seconds", "peak_mb")


def merge_rows(summary: Path, profile: str, results: list[Result], known: set[str]) -> list[dict]:
    """The newest row of every notebook: this run's results over the previous summary's rows
    (those of notebooks that still exist). A missing or damaged summary starts afresh."""
    rows = {}
    try:
        old = json.loads(summary.read_text())
        if old.get("profile") == profile:
            rows = {r["notebook"]: r for r in old.get("notebooks", [])
                    if isinstance(r, dict) and all(k in r for k in ROW_KEYS) and r["notebook"] in known}
    except (OSError, ValueError, AttributeError, TypeError):
        pass
    rows.update({r.notebook: {k: v for k, v in asdict(r).items() if k != "cell"} for r in results})
    return [rows[k] for k in sorted(rows)]


def _link(row: dict) -> str:
    name = html.escape(row["notebook"])
    return f'<a href="{name}.html">{name}</a>' if row["status"] == "ok" else name


def write_summary(out_root: Path, profile: str, results: list[Result], known: set[str]) -> None:
    out_root.mkdir(parents=True, exist_ok=True)
    rows = merge_rows(out_root / "summary.json", profile, results, known | {r.notebook for r in results})
    write_atomic(out_root / "summary.json", json.dumps({"profile": profile, "notebooks": rows}, indent=1))
    total, ok = sum(r["seconds"] for r in rows), sum(r["status"] == "ok" for r in rows)
    lines = [f"# Execução do curso — perfil `{profile}`", "",
             "| notebook | status | segundos | pico de memória (MB) | quando |", "|---|---|---:|---:|---|"]
    lines += [f"| {r['notebook']} | {r['status']} | {r['seconds']:.1f} | {r['peak_mb']:.0f} | {r.get('finished', '')} |"
              for r in rows]
    lines += ["", f"Total: {total:.1f} s, {ok}/{len(rows)} ok."]
    write_atomic(out_root / "summary.md", "\n".join(lines) + "\n")
    items = "\n".join(
        f"<tr><td>{_link(r)}</td><td>{r['status']}</td><td>{r['seconds']:.1f}</td><td>{r['peak_mb']:.0f}</td>"
        f"<td>{html.escape(r.get('finished', ''))}</td><td>{html.escape(r.get('error', ''))}</td></tr>" for r in rows)
    write_atomic(out_root / "index.html", f"""<!doctype html><meta charset="utf-8">
<title>Curso NLP — {profile}</title>
<style>body{{font-family:sans-serif;margin:2em}}td,th{{padding:.3em .8em;border-bottom:1px solid #ddd}}</style>
<h1>Curso NLP — perfil <code>{profile}</code></h1>
<table><tr><th>notebook</th><th>status</th><th>segundos</th><th>pico de memória (MB)</th><th>quando</th><th>erro</th></tr>
{items}</table><p>Total: {total:.1f} s, {ok}/{len(rows)} ok.</p>
""")


def parse_overrides(pairs: list[list[str]] | None) -> dict[str, str]:
    """-p NAME VALUE pairs as NAME -> text; each notebook reads the text by its parameter's type."""
    for name, _ in pairs or []:
        if not name.isidentifier():
            raise profiles.ProfileError(f"-p {name!r}: a parameter name is a Python identifier, like EPOCHS.")
    return {name: value for name, value in pairs or []}


def run_jobs(jobs: list[Job], out_root: Path, workers: int, profile: str) -> tuple[list[Result], bool]:
    """Run the jobs in `workers` processes (one notebook each); on Ctrl-C stop them all at once.
    Returns the results and whether the run was interrupted."""
    results = []
    context = multiprocessing.get_context("spawn")
    pool = context.Pool(workers, initializer=_ignore_sigint, maxtasksperchild=1)
    previous = signal.signal(signal.SIGTERM, _interrupt)  # `kill` stops the run as Ctrl-C does
    try:
        work = [(job, out_root / f"{job.key}.ipynb") for job in jobs]
        bar = tqdm(pool.imap_unordered(_execute, work), total=len(work), desc=f"notebooks ({profile})", disable=None)
        for result in bar:
            results.append(result)
            bar.write(f"{result.status:>6}  {result.seconds:7.1f} s  {result.peak_mb:6.0f} MB  {result.notebook}")
            out = out_root / f"{result.notebook}.ipynb"
            if result.status == "ok":
                render_html(out)
            else:
                out.unlink(missing_ok=True)  # a stale copy from an earlier run would pass for this one
                out.with_suffix(".html").unlink(missing_ok=True)
                bar.write(f"        {result.error}\n        in the cell:\n"
                          + "\n".join("          | " + line for line in result.cell.splitlines()))
        return results, False
    except KeyboardInterrupt:
        return results, True
    finally:
        pool.terminate()  # every task is done, or the run is being stopped
        pool.join()
        signal.signal(signal.SIGTERM, previous)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m cursonlp.run", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-f", "--profile", action="append", help="profile name or YAML file (repeatable; default: offline)")
    parser.add_argument("-p", "--parameter", nargs=2, action="append", metavar=("NAME", "VALUE"),
                        help="override one parameter in the notebooks that declare it (read by its type)")
    parser.add_argument("-j", "--jobs", type=int, default=1, help="notebooks run in parallel")
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: every notebook of the course")
    args = parser.parse_args(argv)
    names = args.profile or ["offline"]
    profile = "+".join(Path(n).stem for n in names)
    out_root = BUILD / profile
    try:
        if args.jobs < 1:
            raise SetupError(f"--jobs must be at least 1, got {args.jobs}.")
        paths = [p.with_suffix(".ipynb").resolve() for p in args.notebooks] or notebooks.all_notebooks()
        jobs = plan(names, parse_overrides(args.parameter), paths)
        preflight(jobs)
    except (profiles.ProfileError, notebooks.NotebookError, SetupError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted before any notebook ran", file=sys.stderr)
        return 130
    results, interrupted = run_jobs(jobs, out_root, args.jobs, profile)
    results.sort(key=lambda r: r.notebook)
    if results:
        write_summary(out_root, profile, results, {notebooks.key(p) for p in notebooks.all_notebooks()})
    failed = [r.notebook for r in results if r.status != "ok"]
    print(f"executed notebooks, HTML and summary: {out_root}")
    print(f"{len(results) - len(failed)} passed, {len(failed)} failed"
          + (f", {len(jobs) - len(results)} not run (interrupted)" if interrupted else ""))
    return 130 if interrupted else 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
