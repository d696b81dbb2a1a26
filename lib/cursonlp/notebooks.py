"""The course's notebooks: where they are and what their `parameters` cell declares."""
from __future__ import annotations

import ast
import io
import tokenize
from dataclasses import dataclass
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[2]
CHAPTERS = ROOT / "chapters"


class NotebookError(ValueError):
    pass


@dataclass(frozen=True)
class Parameter:
    name: str
    default: object
    comment: str


def key(path: Path) -> str:
    """'03_fine_tuning/02_trainer' for chapters/03_fine_tuning/02_trainer.ipynb (the profiles' key)."""
    path = Path(path).resolve()
    try:
        return path.relative_to(CHAPTERS.resolve()).with_suffix("").as_posix()
    except ValueError:
        return path.with_suffix("").name


def all_notebooks() -> list[Path]:
    """Every notebook of the course, in reading order; each must have its `.py` twin."""
    found = sorted(CHAPTERS.glob("*/*.ipynb"))
    for nb in found:
        if not nb.with_suffix(".py").exists():
            raise NotebookError(f"{nb.relative_to(CHAPTERS.parent)} has no .py twin. Pair it: make sync")
    for py in sorted(CHAPTERS.glob("*/*.py")):
        if py.read_text().startswith("# ---") and not py.with_suffix(".ipynb").exists():
            raise NotebookError(f"{py.relative_to(CHAPTERS.parent)} has no .ipynb twin. Create it: make sync")
    return found


def parameters_cell(nb: nbformat.NotebookNode, name: str) -> nbformat.NotebookNode:
    cells = [c for c in nb.cells if "parameters" in c.get("metadata", {}).get("tags", [])]
    if len(cells) != 1:
        raise NotebookError(f"{name}: expected exactly one cell tagged 'parameters', found {len(cells)}. "
                            "Tag the cell of plain NAME = value assignments with 'parameters'.")
    return cells[0]


def parameters(path: Path) -> dict[str, Parameter]:
    """NAME -> Parameter for each `NAME = literal  # comment` line of the parameters cell."""
    name = key(path)
    source = parameters_cell(nbformat.read(path, as_version=4), name).source
    comments = {tok.start[0]: tok.string.lstrip("# ").strip()
                for tok in tokenize.generate_tokens(io.StringIO(source).readline)
                if tok.type == tokenize.COMMENT}
    found = {}
    for stmt in ast.parse(source).body:
        if not (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1
                and isinstance(stmt.targets[0], ast.Name)):
            raise NotebookError(f"{name}: the parameters cell may only hold NAME = value lines "
                                f"(line {stmt.lineno}).")
        param = stmt.targets[0].id
        try:
            default = ast.literal_eval(stmt.value)
        except ValueError:
            raise NotebookError(f"{name}: parameter {param} must be a plain literal "
                                f"(str, int, float, bool or None).") from None
        if not comments.get(stmt.lineno):
            raise NotebookError(f"{name}: parameter {param} needs a '# comentário' on its line.")
        found[param] = Parameter(param, default, comments[stmt.lineno])
    return found
