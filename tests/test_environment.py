"""One set of pins: requirements.lock. pyproject and environment.yml must agree with it."""
import re
import tomllib

import yaml
from packaging.requirements import Requirement

from cursonlp.notebooks import ROOT


def lock():
    pins = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        if line and not line.startswith("#"):
            name, version = line.split("==")
            pins[re.sub(r"[-_.]+", "-", name).lower()] = version
    return pins


def normalized(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def test_lock_pins_torch_and_the_stack():
    pins = lock()
    assert pins["torch"] == "2.13.0"
    for name in ("transformers", "datasets", "evaluate", "accelerate", "tokenizers", "papermill", "nbval"):
        assert name in pins


def test_pyproject_pins_equal_the_lock():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pins = lock()
    for spec in project["dependencies"] + project["optional-dependencies"]["dev"]:
        req = Requirement(spec)
        assert normalized(req.name) in pins, f"{req.name} is not in requirements.lock: make lock"
        if str(req.specifier).startswith("=="):
            assert str(req.specifier)[2:] == pins[normalized(req.name)], f"{req.name}: pyproject != lock"


def test_environment_yml_installs_the_same_pins():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    python = [d for d in env["dependencies"] if isinstance(d, str) and d.startswith("python")]
    assert python == ["python=3.11"]
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    listed = dict(line.split("==") for line in pip if "==" in line)
    assert {normalized(k): v for k, v in listed.items()} == lock(), "environment.yml != requirements.lock"
    assert "-e ." in pip
