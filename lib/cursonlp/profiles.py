"""Parameter profiles (profiles/*.yaml): named sets of notebook parameters that compose.

A profile file has two optional sections:

    all:          # parameters every notebook must declare
      SOURCE: minihub
    notebooks:    # parameters of one notebook, by its key (chapter/notebook, no extension)
      03_fine_tuning/02_trainer:
        EPOCHS: 2

Later profiles override earlier ones (`-f offline -f gpu`). Every name must exist in the
notebook's parameters cell with a compatible type: papermill alone would ignore a typo.
Values are read as YAML 1.2 reads them: `1e-4` is a float, `no` is a string (booleans are
`true`/`false`, None is `null`).
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

import yaml

from .notebooks import ROOT, Parameter

PROFILES = ROOT / "profiles"
TRUE, FALSE, NONE = {"true", "yes", "on", "1"}, {"false", "no", "off", "0"}, {"none", "null", "~"}


class ProfileError(ValueError):
    pass


class Yaml12Loader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2's plain scalars: no yes/no/on/off booleans, no sexagesimal or octal
    numbers, and floats written like 1e-4 (YAML 1.1 reads those as strings)."""


Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, regex) for tag, regex in resolvers if tag.rsplit(":", 1)[-1] not in ("bool", "int", "float")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}
for _tag, _regex, _first in [
        ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
        ("int", r"^[-+]?[0-9]+$", "-+0123456789"),
        ("float", r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
         "-+.0123456789")]:
    Yaml12Loader.add_implicit_resolver(f"tag:yaml.org,2002:{_tag}", re.compile(_regex), list(_first))
Yaml12Loader.add_constructor("tag:yaml.org,2002:int", lambda loader, node: int(loader.construct_scalar(node)))


def available() -> list[str]:
    return sorted(p.stem for p in PROFILES.glob("*.yaml"))


def load_one(name: str) -> dict:
    path = Path(name) if name.endswith((".yaml", ".yml")) else PROFILES / f"{name}.yaml"
    if not path.is_file():
        raise ProfileError(f"profile {name!r} not found ({path}). Available: {', '.join(available())}")
    try:
        data = yaml.load(path.read_text(), Loader=Yaml12Loader)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise ProfileError(f"profile {path}: not valid YAML{where}: "
                           f"{getattr(err, 'problem', None) or err}.") from None
    data = {} if data is None else data
    if not isinstance(data, dict) or set(data) - {"all", "notebooks"}:
        found = sorted(map(str, data)) if isinstance(data, dict) else type(data).__name__
        raise ProfileError(f"profile {path}: the top level must be a mapping with the sections 'all' and "
                           f"'notebooks' only, found {found}.")
    sections = [("all", data.get("all") or {}), ("notebooks", data.get("notebooks") or {})]
    if isinstance(sections[1][1], dict):
        sections += [(f"notebooks: {nb}", params or {}) for nb, params in sections[1][1].items()]
    for section, params in sections:
        if not isinstance(params, dict):
            raise ProfileError(f"profile {path}: section '{section}' must be a mapping (NAME: value), "
                               f"found a {type(params).__name__}.")
    return data


def load(names: list[str]) -> dict:
    """Compose profiles left to right into {'all': {...}, 'notebooks': {key: {...}}}."""
    merged = {"all": {}, "notebooks": {}}
    for name in names:
        data = load_one(name)
        merged["all"].update(data.get("all") or {})
        for nb, params in (data.get("notebooks") or {}).items():
            merged["notebooks"].setdefault(str(nb), {}).update(params or {})
    return merged


def accepts(param: Parameter, value: object) -> bool:
    if value is None:
        return param.nullable
    if param.kind is float:
        return type(value) in (int, float)
    return type(value) is param.kind


def from_text(param: Parameter, text: str) -> object:
    """A command-line value for `param`, read by the parameter's type: `1e-4` is a float,
    `no` a string unless the parameter is a bool, `None`/`null` is None where None is allowed."""
    word = text.strip().lower()
    if param.nullable and word in NONE:
        return None
    if param.kind is bool and word in TRUE | FALSE:
        return word in TRUE
    if param.kind in (int, float):
        try:
            return param.kind(text)
        except ValueError:
            return text
    if param.kind is str and len(text) > 1 and text[0] == text[-1] and text[0] in "'\"":
        try:
            return ast.literal_eval(text)
        except (ValueError, SyntaxError):
            return text
    return text


def parameters_for(nb_key: str, declared: dict[str, Parameter], profile: dict,
                   overrides: dict[str, str] | None = None) -> dict:
    """The parameters to inject into one notebook, checked against what it declares.

    `overrides` (NAME -> text, from the command line) apply only where the notebook declares NAME."""
    values = {**profile["all"], **profile["notebooks"].get(nb_key, {})}
    for name, value in values.items():
        if name not in declared:
            raise ProfileError(f"{nb_key}: unknown parameter {name!r}; the notebook declares "
                               f"{', '.join(declared)}. Fix the name in the profile.")
    values.update({name: from_text(declared[name], text) for name, text in (overrides or {}).items()
                   if name in declared})
    for name, value in values.items():
        if not accepts(declared[name], value):
            raise ProfileError(f"{nb_key}: parameter {name} expects {declared[name].type_name} "
                               f"(default {declared[name].default!r}), got {value!r}.")
    return values


def unused_keys(profile: dict, keys: set[str]) -> list[str]:
    """Notebook sections of the profile that name no existing notebook (a typo or a renamed file)."""
    return sorted(set(profile["notebooks"]) - keys)
