"""What every notebook calls first: `course = setup(source=SOURCE, device=DEVICE)`."""
from __future__ import annotations

import os
import random
import socket
import concurrent.futures
from dataclasses import dataclass

import numpy as np
import torch

SOURCES = ("hub", "minihub")
DEVICES = ("auto", "cpu", "cuda")
HUB_HOST = "huggingface.co"


class SetupError(RuntimeError):
    pass


def hub_reachable(timeout: float = 3.0) -> bool:
    """True if a TCP connection to the Hub opens within `timeout` seconds (DNS included)."""
    def connect():
        with socket.create_connection((HUB_HOST, 443), timeout=timeout):
            return True

    pool = concurrent.futures.ThreadPoolExecutor(max_workers=1)
    try:
        return pool.submit(connect).result(timeout=timeout + 0.5)
    except (OSError, concurrent.futures.TimeoutError):
        return False
    finally:
        pool.shutdown(wait=False)


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

    def resolve(self, hub_id: str) -> str:
        """`hub_id` itself on the Hub; the local mini-hub folder that stands in for it offline."""
        if self.source == "hub":
            return hub_id
        from . import minihub
        return str(minihub.resolve(hub_id))


def setup(source: str = "hub", device: str = "auto", seed: int = 42) -> Course:
    """Check the environment the notebook asked for, seed the random generators, return a Course."""
    if source not in SOURCES:
        raise SetupError(f"SOURCE must be one of {SOURCES}, got {source!r}")
    dev = pick_device(device)
    if source == "hub" and os.environ.get("HF_HUB_OFFLINE", "0") not in ("", "0") :
        raise SetupError("SOURCE='hub' but HF_HUB_OFFLINE is set. Use SOURCE='minihub' offline.")
    if source == "hub" and not hub_reachable():
        raise SetupError(f"SOURCE='hub' but {HUB_HOST} cannot be reached from here. "
                         "Run offline with the mini-hub: SOURCE='minihub' (make run PROFILE=offline).")
    seed_everything(seed)
    return Course(source, dev)
