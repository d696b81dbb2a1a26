"""Starting, finding and stopping the local Hub service.

One service per cache answers on 127.0.0.1 (port 28642, or $CURSONLP_HUB_PORT); every notebook
that asks for it shares it. Its state lives in `<cache>/service/`: state.json (pid and url),
the local token, and server.log. The clients get their own HF_HOME, `<cache>/hf-home`, so nothing
downloaded from the stand-ins is ever found later by an online run under the same id.
"""
from __future__ import annotations

import errno
import hashlib
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from filelock import FileLock

from .. import cache
from ..registry import MinihubError

HOST = "127.0.0.1"
DEFAULT_PORT = 28642
USER = "aluno"
HERE = Path(__file__).parent
START_TIMEOUT = 60.0


def port() -> int:
    value = os.environ.get("CURSONLP_HUB_PORT", str(DEFAULT_PORT))
    if not value.isdigit() or not 0 < int(value) < 65536:
        raise MinihubError(f"CURSONLP_HUB_PORT must be a port number (1-65535), got {value!r}")
    return int(value)


def url() -> str:
    return f"http://{HOST}:{port()}"


def state_dir() -> Path:
    path = cache.cache_root().parent / "service"
    path.mkdir(parents=True, exist_ok=True)
    return path


def hf_home() -> Path:
    return cache.cache_root().parent / "hf-home"


def token() -> str:
    """The local token: the only credential the service accepts for writes (made once, 0600)."""
    path = state_dir() / "token"
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(f"hf_minihub_{secrets.token_hex(16)}")
    return path.read_text().strip()


def all_ids() -> list[str]:
    registry = cache.load_registry()
    return sorted(registry, key=lambda i: (registry[i].kind != "model", i))


def version() -> str:
    """Changes whenever a stand-in or the service's code changes: a service of another version is
    replaced, never reused."""
    h = hashlib.sha256()
    for hub_id in all_ids():
        h.update(f"{hub_id}={cache.source_hash(hub_id)}\n".encode())
    for path in sorted(HERE.glob("*.py")):
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def environment() -> dict[str, str]:
    """What the Hugging Face libraries need to talk to the service instead of the real Hub (they
    read it when imported: set it first)."""
    no_proxy = ",".join(dict.fromkeys(filter(None, [os.environ.get("NO_PROXY", ""), HOST, "localhost"])))
    return {"HF_ENDPOINT": url(), "HF_HOME": str(hf_home()), "HF_TOKEN": token(),
            "HF_HUB_DISABLE_XET": "1",  # the service speaks the classic LFS upload protocol
            "HF_HUB_DISABLE_TELEMETRY": "1", "NO_PROXY": no_proxy, "no_proxy": no_proxy,
            # offline mode would hide the local Hub too; it is what makes working offline possible
            "HF_HUB_OFFLINE": "0", "HF_DATASETS_OFFLINE": "0", "TRANSFORMERS_OFFLINE": "0"}


def status(url: str, timeout: float = 2.0) -> dict | None:
    """The service's status answer at `url`, or None if nothing (or something else) answers."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback: no proxy
    try:
        with opener.open(f"{url}/api/minihub/status", timeout=timeout) as response:
            data = json.loads(response.read())
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("service") == "cursonlp-minihub" else None


def _read_state() -> dict | None:
    try:
        return json.loads((state_dir() / "state.json").read_text())
    except (OSError, ValueError):
        return None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def check_port_free(number: int) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server will
        try:
            probe.bind((HOST, number))
        except OSError as err:
            if err.errno != errno.EADDRINUSE:
                raise
            raise MinihubError(
                f"port {number} on {HOST} is already in use by another program, so the local Hub "
                f"cannot start there. Stop that program, or choose another port: "
                f"export CURSONLP_HUB_PORT=<port>") from None


def serve(number: int) -> None:
    """Run the service in the foreground (Ctrl-C stops it). The stand-ins must be built. Only
    `ensure` registers the service it starts as this cache's shared one."""
    import uvicorn

    from .app import Hub
    from .store import Store, uploads_root

    ids = all_ids()
    missing = [i for i in ids if not cache.folder(i).exists() or cache.damage(cache.folder(i))]
    if missing:
        raise MinihubError(f"the mini-hub store is missing or damaged for {', '.join(missing)}. "
                           "Build it first: python -m cursonlp.minihub build")
    check_port_free(number)
    address = f"http://{HOST}:{number}"
    hub = Hub(Store(ids, USER), token(), address, version())
    print(f"local Hub serving {len(ids)} stand-ins at {address} (uploads: "
          f"{uploads_root()}); Ctrl-C stops it", flush=True)
    uvicorn.run(hub, host=HOST, port=number, log_level="warning", access_log=False)


def stop() -> bool:
    """Stop the background service of this cache; False if none was running."""
    state = _read_state()
    (state_dir() / "state.json").unlink(missing_ok=True)
    if not state or not _alive(state["pid"]) or not status(state["url"]):
        return False
    os.kill(state["pid"], signal.SIGTERM)
    deadline = time.monotonic() + 10
    while _alive(state["pid"]) and time.monotonic() < deadline:
        time.sleep(0.1)
    return True


def ensure() -> None:
    """Build what is missing and start the service in the background at `url()`, unless one of
    this version already answers there."""
    ids = all_ids()
    cache.build_all(ids, force=False, jobs=os.cpu_count() or 1)
    wanted, address = version(), url()
    with FileLock(str(state_dir() / "start.lock")):
        state = _read_state()
        if state and state["url"] == address and (status(address) or {}).get("version") == wanted:
            return
        if state:
            stop()
        check_port_free(port())
        log = state_dir() / "server.log"
        with open(log, "w") as out:
            process = subprocess.Popen(
                [sys.executable, "-m", "cursonlp.minihub", "serve", "--port", str(port())],
                stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                start_new_session=True)  # outlives the notebook that started it; shared by all
        (state_dir() / "state.json").write_text(json.dumps({"pid": process.pid, "url": address}))
        deadline = time.monotonic() + START_TIMEOUT
        while (status(address) or {}).get("version") != wanted:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                tail = "\n".join(log.read_text().splitlines()[-8:])
                raise MinihubError(f"the local Hub did not start (log: {log}):\n{tail}")
            time.sleep(0.2)
