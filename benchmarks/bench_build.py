"""Build timings, measured in one run (`make bench`). Prints figures; asserts nothing.

- cold build: `python -m rare_earth_trade report --force` into a temporary reports folder;
- no-op rebuild: the same command again, nothing changed;
- peak memory: the largest total resident memory of the build's process tree (workers, kernels);
- naive chain: per notebook, one after another, `papermill` CLI, `jupyter nbconvert --to html`,
  then the `weasyprint` CLI; the ratio is cold build / naive chain.

Targets (from the issues): cold build at most 0.40x the naive chain, no-op under 1 s, peak under 1.5 GB.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def run_measured(args: list[str]) -> tuple[float, float]:
    """Wall seconds and peak resident memory (MB) of a command and all its descendants."""
    peak = 0.0
    start = time.perf_counter()
    proc = psutil.Popen(args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    done = threading.Event()

    def sample():
        nonlocal peak
        while not done.is_set():
            try:
                procs = [proc, *proc.children(recursive=True)]
                total = sum(p.memory_info().rss for p in procs if p.is_running())
                peak = max(peak, total / 2**20)
            except psutil.Error:
                pass
            time.sleep(0.05)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    _, err = proc.communicate()
    done.set()
    thread.join()
    if proc.returncode != 0:
        raise SystemExit(f"command failed ({proc.returncode}): {' '.join(args)}\n{err.decode()[-2000:]}")
    return time.perf_counter() - start, peak


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        report = [
            str(BIN / "python"),
            "-m",
            "rare_earth_trade",
            "report",
            "--set",
            f"reports_dir={tmp / 'reports'}",
            "--set",
            "report_date=2000-01-01",
        ]
        cold, peak = run_measured([*report, "--force"])
        noop, _ = run_measured(report)

        naive_dir = tmp / "naive"
        naive_dir.mkdir()
        start = time.perf_counter()
        for nb in NOTEBOOKS:
            out = naive_dir / nb.name
            run_measured([str(BIN / "papermill"), str(nb), str(out), "-k", "rare-earth-trade", "--no-progress-bar"])
            run_measured([str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(out)])
            run_measured([str(BIN / "weasyprint"), str(out.with_suffix(".html")), str(out.with_suffix(".pdf"))])
        naive = time.perf_counter() - start

    print(f"notebooks:            {len(NOTEBOOKS)}")
    print(f"cold build:           {cold:6.1f} s")
    print(f"no-op rebuild:        {noop:6.2f} s   (target < 1 s)")
    print(f"peak memory:          {peak:6.0f} MB  (target < 1536 MB)")
    print(f"naive chain:          {naive:6.1f} s")
    print(f"cold / naive:         {cold / naive:6.2f}    (target <= 0.40)")


if __name__ == "__main__":
    main()
