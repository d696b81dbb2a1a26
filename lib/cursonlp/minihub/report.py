"""The quality table of the stand-ins: each measured on held-out data against a trivial baseline."""
from __future__ import annotations

import time

from . import resolve, standin
from .registry import Quality


def measure(hub_ids: list[str]) -> list[Quality]:
    rows = []
    for hub_id in hub_ids:
        item = standin(hub_id)
        if item.quality is None:
            raise ValueError(f"{hub_id!r} has no quality check")
        rows += item.quality(resolve(hub_id))
    return rows


def format_table(rows: list[Quality]) -> str:
    def fmt(x):
        return "—" if x is None else f"{x:.3f}" if abs(x) < 100 else f"{x:.1f}"

    lines = ["| stand-in | measure | value | baseline | goal | ok |", "|---|---|---:|---:|---|---|"]
    lines += [f"| `{r.hub_id}` | {r.measure} | {fmt(r.value)} | {fmt(r.baseline)} {r.baseline_name} "
              f"| {r.goal} | {'yes' if r.passed else '**no**'} |" for r in rows]
    return "\n".join(lines)


def print_report(hub_ids: list[str]) -> int:
    start = time.perf_counter()
    rows = measure(hub_ids)
    print(format_table(rows))
    failed = [r for r in rows if not r.passed]
    print(f"\n{len(rows) - len(failed)} of {len(rows)} quality goals met "
          f"({time.perf_counter() - start:.0f} s).")
    return 1 if failed else 0
