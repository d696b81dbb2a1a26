"""The course's notebooks: where they are and what their `parameters` cell declares.

Each line of the parameters cell is `NAME = literal  # comment`. The parameter's type is its
default's; a parameter that may be None says its type at the start of the comment:

    TRAIN_SIZE = None  # int | None: quantos pares de treino usar (None: todos)

(required when the default is None; allowed on any line, to accept None as well).
"""
from __future__ import annotations

import ast
import io
import re
import sys
import tokenize
from dataclasses import dataclass
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[2]
CHAPTERS = ROOT / "chapters"


TYPES = {"bool": bool, "int": int, "float": float, "str": str}
TYPE_MARKER = re.compile(r"(bool|int|float|str) \| None:\s*")
_warned: set[Path] = set()


class NotebookError(ValueError):
    pass


@dataclass(frozen=True)
class Parameter:
    name: str
    default: object
    comment: str
    kind: type | None = None   # the type of its values (default: the default's type)
    nullable: bool = False     # whether None is accepted too (always, when the default is None)

    def __post_init__(self):
        if self.kind is None and self.default is not None:
            object.__setattr__(self, "kind", type(self.default))
        if self.default is None:
            object.__setattr__(self, "nullable", True)

    @property
    def type_name(self) -> str:
        name = self.kind.__name__ if self.kind else "None"
        return f"{name} or None" if self.nullable and self.kind else name


def key(path: Path) -> str:
    """'03_fine_tuning/02_trainer' for chapters/03_fine_tuning/02_trainer.ipynb (the profiles' key)."""
    path = Path(path).resolve()
    try:
        return path.relative_to(CHAPTERS.resolve()).with_suffix("").as_posix()
    except ValueError:
        return path.with_suffix("").name


def unpaired() -> list[Path]:
    """Notebooks without their .py twin (a learner's copy, say) and notebook sources without
    their .ipynb."""
    lone = [nb for nb in CHAPTERS.glob("*/*.ipynb") if not nb.with_suffix(".py").exists()]
    lone += [py for py in CHAPTERS.glob("*/*.py")
             if py.read_text().startswith("# ---") and not py.with_suffix(".ipynb").exists()]
    return sorted(lone)


def all_notebooks() -> list[Path]:
    """Every paired notebook of the course, in reading order. An unpaired file is left out, with
    one warning (once per process) naming it."""
    for path in unpaired():
        if path not in _warned:
            _warned.add(path)
            fix = "pair it or delete it" if path.suffix == ".ipynb" else "create it: make sync"
            print(f"warning: {path.relative_to(CHAPTERS.parent)} has no "
                  f"{'.py' if path.suffix == '.ipynb' else '.ipynb'} twin; ignored ({fix})", file=sys.stderr)
    return sorted(nb for nb in CHAPTERS.glob("*/*.ipynb") if nb.with_suffix(".py").exists())


def parameters_cell(nb: nbformat.NotebookNode, name: str) -> nbformat.NotebookNode:
    cells = [c for c in nb.cells if "parameters" in c.get("metadata", {}).get("tags", [])]
    if len(cells) != 1:
        raise NotebookError(f"{name}: expected exactly one cell tagged 'parameters', found {len(cells)}. "
                            "Tag the cell of plain NAME = value assignments with 'parameters'.")
    return cells[0]


def parameters(path: Path) -> dict[str, Parameter]:
    """NAME -> Parameter for each `NAME = literal  # comment` line of the parameters cell."""
    name = key(path)
    try:
        nb = nbformat.read(path, as_version=4)
    except (OSError, ValueError) as err:  # nbformat's NotJSONError is a ValueError
        raise NotebookError(f"{name}: cannot read the notebook ({type(err).__name__}: {err}).") from None
    source = parameters_cell(nb, name).source
    try:
        comments = {tok.start[0]: tok.string.lstrip("# ").strip()
                    for tok in tokenize.generate_tokens(io.StringIO(source).readline)
                    if tok.type == tokenize.COMMENT}
        body = ast.parse(source).body
    except (SyntaxError, tokenize.TokenError) as err:
        raise NotebookError(f"{name}: the parameters cell is not valid Python ({err}).") from None
    found = {}
    for stmt in body:
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
        comment = comments.get(stmt.lineno, "")
        if not comment:
            raise NotebookError(f"{name}: parameter {param} needs a '# comentário' on its line.")
        marker = TYPE_MARKER.match(comment)
        if marker:
            kind = TYPES[marker.group(1)]
            if default is not None and type(default) is not kind:
                raise NotebookError(f"{name}: parameter {param} is marked {marker.group(1)} but its default "
                                    f"is {default!r}.")
            found[param] = Parameter(param, default, comment[marker.end():], kind, nullable=True)
        elif default is None:
            raise NotebookError(f"{name}: parameter {param} defaults to None, so its comment must start with "
                                f"its type, e.g. '# int | None: ...' (bool, int, float or str).")
        else:
            found[param] = Parameter(param, default, comment)
    return found
