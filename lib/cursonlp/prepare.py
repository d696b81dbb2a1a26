"""Write the notebooks with a profile's parameters injected, for nbval: `python -m cursonlp.prepare`.

The same checks as `cursonlp.run` come first (unknown parameters, CUDA, network, mini-hub), then
each chapter folder is copied to OUT with its notebooks parametrized by papermill. With
--require-cuda, each notebook also ends with a check that it really allocated GPU memory.
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

import nbformat

from . import notebooks, profiles
from .course import SetupError
from .run import parametrize, parse_overrides, plan, preflight

CUDA_CHECK = """\
# Conferência do perfil GPU: este notebook alocou memória na GPU.
import torch
assert torch.cuda.is_available() and torch.cuda.max_memory_allocated() > 0, "o notebook não usou a GPU"
"""


def prepare(profile_names: list[str], overrides: dict, out: Path, require_cuda: bool) -> int:
    jobs = plan(profile_names, overrides, notebooks.all_notebooks())
    preflight(jobs)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".preparing-", dir=out.parent))
    try:
        for chapter in sorted({j.path.parent for j in jobs}):
            shutil.copytree(chapter, staging / chapter.name,
                            ignore=shutil.ignore_patterns("*.ipynb", "*.py", "saidas", "__pycache__"))
            for script in chapter.glob("*.py"):  # plain scripts travel; notebook twins do not
                if not script.read_text().startswith("# ---"):
                    shutil.copy2(script, staging / chapter.name / script.name)
        for job in jobs:
            nb = parametrize(job)
            if require_cuda:
                nb.cells.append(nbformat.v4.new_code_cell(CUDA_CHECK, metadata={"tags": ["check"]}))
            nbformat.write(nb, staging / f"{job.key}.ipynb")
        shutil.rmtree(out, ignore_errors=True)
        os.replace(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    print(f"{len(jobs)} notebooks prepared in {out}")
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m cursonlp.prepare", description=__doc__)
    parser.add_argument("-f", "--profile", action="append", required=True)
    parser.add_argument("-p", "--parameter", nargs=2, action="append", metavar=("NAME", "VALUE"))
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--require-cuda", action="store_true")
    args = parser.parse_args(argv)
    try:
        return prepare(args.profile, parse_overrides(args.parameter), args.out, args.require_cuda)
    except (profiles.ProfileError, notebooks.NotebookError, SetupError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
