"""What every notebook calls first: `course = setup(source=SOURCE, device=DEVICE)`."""
from __future__ import annotations

import os
import random
import sys
from dataclasses import dataclass

import numpy as np
import torch

SOURCES = ("hub", "minihub")
DEVICES = ("auto", "cpu", "cuda")
HUB_URL = "https://huggingface.co"
HF_LIBRARIES = ("huggingface_hub", "transformers", "datasets", "evaluate")


class SetupError(RuntimeError):
    pass


def hub_reachable(timeout: float = 3.0) -> bool:
    """True if the Hub answers an HTTPS request within `timeout` seconds, through the proxy
    settings of the environment (HTTPS_PROXY, NO_PROXY), as the Hugging Face clients do."""
    import httpx

    try:
        httpx.head(f"{HUB_URL}/api/models", timeout=timeout, follow_redirects=False)
        return True
    except httpx.HTTPError:
        return False


def pick_device(device: str) -> torch.device:
    if device not in DEVICES:
        raise SetupError(f"DEVICE must be one of {DEVICES}, got {device!r}")
    if device == "cuda" and not torch.cuda.is_available():
        raise SetupError("DEVICE='cuda' but this machine has no CUDA GPU visible to torch. "
                         "Use DEVICE='cpu' (or the offline profile), or run on a GPU machine.")
    if device == "auto":
        device = "cuda" if torch.cuda.is_available() else "cpu"
    return torch.device(device)


def seed_everything(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


@dataclass(frozen=True)
class Course:
    source: str
    device: torch.device


def use_minihub() -> None:
    """Point the Hugging Face libraries at the local Hub, then start it (building the stand-ins
    first if needed). The libraries read these variables when imported, so this comes first."""
    from .minihub import MinihubError, guard
    from .minihub.serve import service

    env = service.environment()
    early = [name for name in HF_LIBRARIES if name in sys.modules]
    if early and os.environ.get("HF_ENDPOINT") != env["HF_ENDPOINT"]:
        raise SetupError(
            f"{', '.join(early)} was imported before setup(source='minihub'), so it already points at "
            "the real Hub. Restart the kernel (Kernel > Restart) and run the setup cell before any "
            "cell that imports transformers, datasets, evaluate or huggingface_hub.")
    os.environ.update(env)
    try:
        service.ensure()
    except MinihubError as err:
        raise SetupError(f"the local Hub could not start: {err}") from None
    guard.install()


def setup(source: str = "hub", device: str = "auto", seed: int = 42) -> Course:
    """Check the environment the notebook asked for, seed the random generators, return a Course.

    `source="minihub"` serves the course's stand-ins as a local Hub, so the notebook's code uses
    the real Hub ids either way. $CURSONLP_SOURCE, when set, overrides `source` (make lab SOURCE=...).
    """
    source = os.environ.get("CURSONLP_SOURCE") or source
    if source not in SOURCES:
        raise SetupError(f"SOURCE must be one of {SOURCES}, got {source!r}")
    dev = pick_device(device)
    if source == "hub" and os.environ.get("HF_HUB_OFFLINE", "0") not in ("", "0"):
        raise SetupError("SOURCE='hub' but HF_HUB_OFFLINE is set. Use SOURCE='minihub' offline.")
    if source == "hub" and os.environ.get("HF_ENDPOINT", HUB_URL).startswith("http://127.0.0.1"):
        raise SetupError("SOURCE='hub' but HF_ENDPOINT points at the local mini-hub. Unset HF_ENDPOINT, "
                         "HF_HOME and HF_TOKEN (or restart the kernel), or use SOURCE='minihub'.")
    if source == "hub" and not hub_reachable():
        raise SetupError("SOURCE='hub' but the Hugging Face Hub cannot be reached from here. "
                         "Run offline with the mini-hub: SOURCE='minihub' (make run PROFILE=offline).")
    if source == "minihub":
        use_minihub()
    seed_everything(seed)
    return Course(source, dev)
