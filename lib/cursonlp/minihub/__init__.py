"""The mini-hub: small local stand-ins, built by the course itself, for every Hub id it uses.

- `build`: builds them into a cache (`resolve(hub_id)` gives the folder of one);
- `serve`: serves them on 127.0.0.1 as a Hub that the real clients talk to;
- `standins`, `data`, `metrics`: what each stand-in is made of.
"""
from .cache import (MANIFEST, build, build_all, cache_root, check, folder, load_registry, resolve,
                    source_hash, standin)
from .registry import MinihubError

__all__ = ["MANIFEST", "MinihubError", "build", "build_all", "cache_root", "check", "folder",
           "load_registry", "resolve", "source_hash", "standin"]
