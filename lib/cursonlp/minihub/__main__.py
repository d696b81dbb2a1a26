"""python -m cursonlp.minihub {build,path,report,bench,serve,env,stop}"""
import argparse
import contextlib
import json
import os
import shlex
import socket
import subprocess
import sys
import tempfile
import time

from . import MANIFEST, MinihubError, build_all, folder, load_registry, resolve
from .serve import service


def bench(registry) -> int:
    """Cold build into an empty cache, the warm check a notebook run does, sizes on disk, and the
    download throughput through the local Hub."""
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["CURSONLP_CACHE"] = tmp
        start = time.perf_counter()
        if main(["build"]) != 0:
            return 1
        cold = time.perf_counter() - start
        start = time.perf_counter()
        main(["build"])
        warm = time.perf_counter() - start
        print("\n| stand-in | kind | build s | MB |\n|---|---|---:|---:|")
        total = 0
        for hub_id in sorted(registry, key=lambda i: (registry[i].kind, i)):
            path = folder(hub_id)
            size = sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 2**20
            total += size
            seconds = json.loads((path / MANIFEST).read_text())["seconds"]
            print(f"| {hub_id} | {registry[hub_id].kind} | {seconds:.1f} | {size:.1f} |")
        print(f"\ncold build: {cold:.1f} s   warm check: {warm:.2f} s   on disk: {total:.0f} MB")
        print(download_throughput([i for i in registry if registry[i].kind == "model"]))
    return 0


DOWNLOAD = """
import sys, time
from huggingface_hub import snapshot_download
start, total = time.perf_counter(), 0
for repo in sys.argv[1:]:
    path = snapshot_download(repo)
    total += sum(p.stat().st_size for p in __import__("pathlib").Path(path).rglob("*") if p.is_file())
print(total, time.perf_counter() - start)
"""


def download_throughput(repos: list[str]) -> str:
    """Download `repos` through a local Hub of this cache (on a free port) into an empty HF_HOME,
    in a fresh client process, and report MB/s."""
    with socket.socket() as probe:
        probe.bind((service.HOST, 0))
        port = probe.getsockname()[1]
    os.environ["CURSONLP_HUB_PORT"] = str(port)
    env = service.environment()
    service.ensure()
    try:
        with tempfile.TemporaryDirectory() as home:
            done = subprocess.run([sys.executable, "-c", DOWNLOAD, *repos], check=True, text=True,
                                  capture_output=True, env={**os.environ, **env, "HF_HOME": home,
                                                            "TQDM_DISABLE": "1"})
    finally:
        service.stop()
    size, seconds = map(float, done.stdout.split()[-2:])
    return (f"download through the local Hub: {len(repos)} models, {size / 2**20:.0f} MB in "
            f"{seconds:.1f} s = {size / 2**20 / seconds:.0f} MB/s")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m cursonlp.minihub", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="build every stand-in (or the ids given) into the cache")
    b.add_argument("ids", nargs="*")
    b.add_argument("--force", action="store_true", help="rebuild even if already built")
    b.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                   help="stand-ins built at once (default: one per CPU core)")
    p = sub.add_parser("path", help="print the local folder that stands in for a Hub id")
    p.add_argument("id")
    r = sub.add_parser("report", help="print the quality table of the stand-ins")
    r.add_argument("ids", nargs="*")
    sub.add_parser("bench", help="time a cold build (in a fresh cache) and a warm check; print sizes "
                                 "and the download throughput through the local Hub")
    s = sub.add_parser("serve", help="serve the stand-ins as a local Hub on 127.0.0.1 (foreground)")
    s.add_argument("--port", type=int, default=None, help="default: $CURSONLP_HUB_PORT or 28642")
    sub.add_parser("env", help="start the local Hub in the background if needed and print the "
                               "export lines a shell can eval")
    sub.add_parser("stop", help="stop the background local Hub")
    args = parser.parse_args(argv)
    try:
        registry = load_registry()
        if args.command == "path":
            print(resolve(args.id))
        elif args.command == "build":
            ids = args.ids or sorted(registry, key=lambda i: (registry[i].kind != "model", i))
            if args.jobs < 1:
                parser.error("--jobs must be at least 1")
            build_all(ids, args.force, args.jobs)
        elif args.command == "bench":
            return bench(registry)
        elif args.command == "serve":
            service.serve(args.port or service.port())
        elif args.command == "env":
            env = service.environment()
            os.environ.update(env)
            with contextlib.redirect_stdout(sys.stderr):  # only the export lines go to stdout
                service.ensure()
            print("\n".join(f"export {k}={shlex.quote(v)}" for k, v in env.items()))
        elif args.command == "stop":
            print("local Hub stopped" if service.stop() else "no local Hub was running")
        else:
            from .report import print_report
            return print_report(args.ids or sorted(i for i in registry if registry[i].quality))
    except MinihubError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
