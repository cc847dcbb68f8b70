"""The ledger at scale (`make bench`, after bench_build.py). Prints figures; asserts nothing.

For synthetic ledgers of 1x, 10x and 100x the shipped number of observations (the shipped files
plus rows marked SYNTHETIC, see benchmarks/synthetic.py; generated in a temporary folder, never in
data/), it measures:
- `make data`: `python -m rare_earth_trade data --data-dir <copy>`, wall time and peak resident
  memory of the process tree;
- the four-notebook build: `python -m rare_earth_trade report --force` on that copy, wall time.

Then two summary lines in a fixed form, to compare from run to run:
    scale 100x make data: <s> s, peak <MB> MB
    scale build 10x / 1x: <ratio>
Targets (issue 13, 2 cores): 100x make data <= 5 s and <= 500 MB; build 10x <= 1.3x build 1x.
BENCH_SCALES=1,10 runs only those scales (the summary lines need 100 and 1, 10).
"""

from __future__ import annotations

import csv
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_build import run_measured  # noqa: E402
from synthetic import make_scaled_data  # noqa: E402

PYTHON = sys.executable
SCALES = tuple(int(x) for x in os.environ.get("BENCH_SCALES", "1,10,100").split(","))  # e.g. BENCH_SCALES=1,10


def figures(data_dir: Path) -> int:
    with open(data_dir / "processed" / "series.csv", encoding="utf-8", newline="") as f:
        return sum(1 for _ in csv.DictReader(f))


def main() -> None:
    results = {}
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp:
        tmp = Path(tmp)
        for scale in SCALES:
            data_dir = tmp / f"data-{scale}x"
            sizes = make_scaled_data(data_dir, scale)
            cache = tmp / f"cache-{scale}x"
            data_s, data_mb, _ = run_measured([PYTHON, "-m", "rare_earth_trade", "data", "--data-dir", str(data_dir)], cache)
            build_s, build_mb, _ = run_measured([
                PYTHON, "-m", "rare_earth_trade", "report", "--force", "--set", f"data_dir={data_dir}",
                "--set", f"reports_dir={tmp / f'reports-{scale}x'}", "--set", "report_date=2000-01-01",
            ], cache)  # fmt: skip
            results[scale] = (sizes["observations"], figures(data_dir), data_s, data_mb, build_s, build_mb)
            print(f"  {scale}x done", file=sys.stderr, flush=True)

    print(f"{'scale':>5} {'observations':>12} {'figures':>8} {'make data':>10} {'peak':>8} {'build':>8} {'build peak':>11}")
    for scale, (obs, figs, data_s, data_mb, build_s, build_mb) in results.items():
        print(f"{scale:>4}x {obs:>12,} {figs:>8,} {data_s:>8.2f} s {data_mb:>5.0f} MB {build_s:>6.1f} s {build_mb:>8.0f} MB")
    print("targets: 100x make data <= 5 s and <= 500 MB; build 10x <= 1.3 x build 1x")
    if 100 in results:
        _, _, data_s, data_mb, _, _ = results[100]
        print(f"scale 100x make data: {data_s:.2f} s, peak {data_mb:.0f} MB")
    if 1 in results and 10 in results:
        print(f"scale build 10x / 1x: {results[10][4] / results[1][4]:.2f}")


if __name__ == "__main__":
    main()
