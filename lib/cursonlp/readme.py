"""The README's chapter table with "Open in Colab" badges: `python -m cursonlp.readme`.

The badges are built from the one repository URL in pyproject.toml ([project.urls] Repository).
"""
from __future__ import annotations

import re
import sys
import tomllib

import nbformat

from .notebooks import CHAPTERS, ROOT, all_notebooks

START, END = "<!-- chapters:start -->", "<!-- chapters:end -->"
BADGE = "https://colab.research.google.com/assets/colab-badge.svg"


def repository() -> str:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["urls"]["Repository"]


def title(path) -> str:
    first = next(c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "markdown")
    return first.source.splitlines()[0].lstrip("# ").strip()


def table() -> str:
    github = repository().removeprefix("https://github.com/")
    rows = ["| seção | notebook | Colab |", "|---|---|---|"]
    for path in all_notebooks():
        rel = path.relative_to(ROOT).as_posix()
        colab = f"https://colab.research.google.com/github/{github}/blob/main/{rel}"
        rows.append(f"| {title(path)} | [{path.relative_to(CHAPTERS).as_posix()}]({rel}) "
                    f"| [![Open In Colab]({BADGE})]({colab}) |")
    return "\n".join(rows)


def render(readme: str) -> str:
    block = f"{START}\n{table()}\n{END}"
    return re.sub(re.escape(START) + r".*?" + re.escape(END), lambda _: block, readme, flags=re.S)


def main() -> int:
    path = ROOT / "README.md"
    path.write_text(render(path.read_text()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
