"""Command line: `python -m rare_earth_trade data|report|diff|params|import-comtrade`. Make calls these.

Imports of the heavy libraries happen inside the commands, so that a no-op `report` stays fast.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import ReportError


def cmd_data(args: argparse.Namespace) -> int:
    from . import collector
    from .series.dataset import Dataset
    from .series.summary import data_summary

    # Validation needs no dataset cache: the report build fills it for its kernels.
    ds = Dataset(args.data_dir, cache=False) if args.data_dir else Dataset(cache=False)
    with collector.paused():  # a batch command: the whole of it (the ledger alone: load_ledger)
        ds.validate_all()
        print(data_summary(ds))
        path = ds.write_processed()
    print(f"\nWrote {path} ({len(ds.series)} figures).")
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from .build.params import load_parameters
    from .build.pipeline import build_report

    params = load_parameters(args.params, args.set or [])
    extra = {"notebooks_dir": Path(args.notebooks_dir)} if args.notebooks_dir else {}
    build_report(params, force=args.force, **extra)
    return 0


def cmd_params(args: argparse.Namespace) -> int:
    from .build import sync
    from .paths import display_path

    if args.write:
        changed = sync.write()
        print("\n".join(f"updated {display_path(p)}" for p in changed) or "already in step with build/params.py")
        return 0
    drift = sync.check()
    for line in drift:
        print(line)
    if drift:
        print("run `make params` to regenerate them from src/rare_earth_trade/build/params.py", file=sys.stderr)
        return 1
    print("notebooks, Makefile and README are in step with src/rare_earth_trade/build/params.py")
    return 0


def cmd_import_comtrade(args: argparse.Namespace) -> int:
    from .ledger.importers.comtrade import refresh

    target = refresh(args.periods)
    print(f"Saved {target}; run `make data` to see it in the ledger.")
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    import json

    from .build import changes

    old = changes.resolve_report(Path(args.old), args.old_as_of)
    new = changes.resolve_report(Path(args.new), args.new_as_of)
    result = changes.compare(changes.load(old), changes.load(new))
    if args.json:
        print(json.dumps(result.as_dict(), indent=1, ensure_ascii=False))
    else:
        print(f"What changed from {result.old} to {result.new}:")
        for line in changes.lines(result):
            print(f"- {line}")
    return 0


def parser() -> argparse.ArgumentParser:
    from .build.params import cli_help

    p = argparse.ArgumentParser(prog="rare_earth_trade", description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest="command", required=True)
    d = sub.add_parser("data", help="validate raw data, print coverage/conflicts/reconciliation, write series.csv")
    d.add_argument("--data-dir", help="data folder (default: the project's data/)")
    d.set_defaults(func=cmd_data)
    r = sub.add_parser(
        "report",
        help="execute the notebooks and publish dated HTML and PDF reports",
        epilog=cli_help(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    r.add_argument("--params", help="YAML file of report parameters")
    r.add_argument("--set", action="append", metavar="NAME=VALUE", help="one parameter (repeatable); see below")
    r.add_argument("--force", action="store_true", help="rebuild even if an identical report exists")
    r.add_argument("--notebooks-dir", help="another folder of NN_*.ipynb notebooks (default: notebooks/)")
    r.set_defaults(func=cmd_report)
    f = sub.add_parser("diff", help="what changed between two published reports (folders under reports/)")
    f.add_argument("old", help="the earlier report: reports/<date> (or its summary_<as-of>.json)")
    f.add_argument("new", help="the later report")
    f.add_argument("--old-as-of", help="as-of month in the old folder (default: its latest)")
    f.add_argument("--new-as-of", help="as-of month in the new folder (default: its latest)")
    f.add_argument("--json", action="store_true", help="machine-readable output")
    f.set_defaults(func=cmd_diff)
    q = sub.add_parser(
        "params", help="check (or --write) the parameter cells, Makefile and README against build/params.py"
    )
    q.add_argument("--write", action="store_true", help="regenerate them from build/params.py")
    q.set_defaults(func=cmd_params)
    c = sub.add_parser("import-comtrade", help="download China's HS 850511 exports from UN Comtrade (needs network)")
    c.add_argument("periods", nargs="+", help="months, YYYY-MM")
    c.set_defaults(func=cmd_import_comtrade)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except ReportError as e:
        print(f"error: {e}", file=sys.stderr)
        return e.exit_code
    except KeyboardInterrupt:
        print("interrupted: nothing was published", file=sys.stderr)
        return 130
