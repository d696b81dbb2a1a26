"""Parameter profiles (profiles/*.yaml): named sets of notebook parameters that compose.

A profile file has two optional sections:

    all:          # parameters every notebook must declare
      SOURCE: minihub
    notebooks:    # parameters of one notebook, by its key (chapter/notebook, no extension)
      03_fine_tuning/02_trainer:
        EPOCHS: 2

Later profiles override earlier ones (`-f offline -f gpu`). Every name must exist in the
notebook's parameters cell with a compatible type: papermill alone would ignore a typo.
"""
from __future__ import annotations

from pathlib import Path

import yaml

from .notebooks import ROOT, Parameter

PROFILES = ROOT / "profiles"


class ProfileError(ValueError):
    pass


def available() -> list[str]:
    return sorted(p.stem for p in PROFILES.glob("*.yaml"))


def load_one(name: str) -> dict:
    path = Path(name) if name.endswith((".yaml", ".yml")) else PROFILES / f"{name}.yaml"
    if not path.is_file():
        raise ProfileError(f"profile {name!r} not found ({path}). Available: {', '.join(available())}")
    data = yaml.safe_load(path.read_text()) or {}
    unknown = set(data) - {"all", "notebooks"}
    if unknown or not isinstance(data.get("all", {}), dict) or not isinstance(data.get("notebooks", {}), dict):
        raise ProfileError(f"profile {path}: only the sections 'all' and 'notebooks' (mappings) are allowed"
                           + (f", found {sorted(unknown)}" if unknown else ""))
    return data


def load(names: list[str]) -> dict:
    """Compose profiles left to right into {'all': {...}, 'notebooks': {key: {...}}}."""
    merged = {"all": {}, "notebooks": {}}
    for name in names:
        data = load_one(name)
        merged["all"].update(data.get("all") or {})
        for nb, params in (data.get("notebooks") or {}).items():
            merged["notebooks"].setdefault(nb, {}).update(params or {})
    return merged


def compatible(default: object, value: object) -> bool:
    if default is None or value is None:
        return True
    if isinstance(default, bool) or isinstance(value, bool):
        return type(default) is type(value)
    if isinstance(default, float):
        return isinstance(value, (int, float))
    return type(default) is type(value)


def parameters_for(nb_key: str, declared: dict[str, Parameter], profile: dict,
                   overrides: dict | None = None) -> dict:
    """The parameters to inject into one notebook, checked against what it declares."""
    values = {**profile["all"], **profile["notebooks"].get(nb_key, {}), **(overrides or {})}
    for name, value in values.items():
        if name not in declared:
            raise ProfileError(f"{nb_key}: unknown parameter {name!r}; the notebook declares "
                               f"{', '.join(declared)}. Fix the name in the profile or on the command line.")
        if not compatible(declared[name].default, value):
            raise ProfileError(f"{nb_key}: parameter {name} expects {type(declared[name].default).__name__} "
                               f"(default {declared[name].default!r}), got {value!r}.")
    return values


def unused_keys(profile: dict, keys: set[str]) -> list[str]:
    """Notebook sections of the profile that name no existing notebook (a typo or a renamed file)."""
    return sorted(set(profile["notebooks"]) - keys)
