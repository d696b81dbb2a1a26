"""python -m cursonlp.minihub {build,path,report}"""
import argparse
import sys
import time

from tqdm.auto import tqdm

from . import MinihubError, build, load_registry, resolve


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m cursonlp.minihub", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="build every stand-in (or the ids given) into the cache")
    b.add_argument("ids", nargs="*")
    b.add_argument("--force", action="store_true", help="rebuild even if already built")
    p = sub.add_parser("path", help="print the local folder that stands in for a Hub id")
    p.add_argument("id")
    r = sub.add_parser("report", help="print the quality table of the stand-ins")
    r.add_argument("ids", nargs="*")
    args = parser.parse_args(argv)
    try:
        registry = load_registry()
        if args.command == "path":
            print(resolve(args.id))
        elif args.command == "build":
            ids = args.ids or sorted(registry, key=lambda i: (registry[i].kind, i))
            start = time.perf_counter()
            for hub_id in (bar := tqdm(ids, desc="mini-hub", unit="stand-in")):
                bar.set_postfix_str(hub_id)
                build(hub_id, force=args.force)
            print(f"mini-hub: {len(ids)} stand-ins ready in {time.perf_counter() - start:.1f} s")
        else:
            from .report import print_report
            return print_report(args.ids or sorted(i for i in registry if registry[i].quality))
    except MinihubError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
