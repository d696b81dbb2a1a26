"""python -m cursonlp.minihub {build,path,report,bench}"""
import argparse
import json
import os
import sys
import tempfile
import time

from . import MANIFEST, MinihubError, build_all, folder, load_registry, resolve


def bench(registry) -> int:
    """Cold build into an empty cache, then the warm check a notebook run does; sizes on disk."""
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
    return 0


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
    sub.add_parser("bench", help="time a cold build (in a fresh cache) and a warm check; print sizes")
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
        else:
            from .report import print_report
            return print_report(args.ids or sorted(i for i in registry if registry[i].quality))
    except MinihubError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
