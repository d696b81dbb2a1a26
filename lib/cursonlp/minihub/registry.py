"""What the mini-hub can build: one StandIn per Hub id, registered by the task modules."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable


@dataclass(frozen=True)
class Quality:
    """One row of `python -m cursonlp.minihub report`."""

    hub_id: str
    measure: str          # e.g. "accuracy (held-out)", "course example"
    value: float
    baseline: float | None  # a trivial baseline's score on the same data (None: not applicable)
    baseline_name: str    # e.g. "majority class", "copy source", "unigram"
    goal: str             # human-readable goal, e.g. ">= 0.90"
    passed: bool


@dataclass(frozen=True)
class StandIn:
    hub_id: str
    kind: str                                  # "model", "dataset" or "metric"
    build: Callable[[Path], None]              # fills an empty folder with the stand-in
    quality: Callable[[Path], list[Quality]] | None = None


REGISTRY: dict[str, StandIn] = {}
KINDS = ("model", "dataset", "metric")


def standin(hub_id: str, kind: str):
    """Register `build(out_dir)` as the builder of the stand-in for `hub_id`."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, got {kind!r}")

    def register(build):
        if hub_id in REGISTRY:
            raise ValueError(f"two builders for {hub_id!r}")
        REGISTRY[hub_id] = StandIn(hub_id, kind, build)
        return build

    return register


def quality(hub_id: str):
    """Register `check(folder) -> list[Quality]` for an already registered stand-in."""

    def register(check):
        REGISTRY[hub_id] = StandIn(REGISTRY[hub_id].hub_id, REGISTRY[hub_id].kind,
                                   REGISTRY[hub_id].build, check)
        return check

    return register


class MinihubError(RuntimeError):
    pass
