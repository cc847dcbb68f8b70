"""Build timings, measured in one run (`make bench`). Prints figures; asserts nothing.

- cold build: `python -m rare_earth_trade report --force` of the four notebooks into a temporary
  reports folder, from an empty dataset cache (so it validates and resolves the raw files once);
- no-op rebuild: the same command again, nothing changed;
- naive chain: per notebook, one after another, `papermill` CLI, `jupyter nbconvert --to html`,
  then the `weasyprint` CLI, from an empty dataset cache of its own (the first kernel fills it,
  the others read it, as the library does by default); the ratio is cold build / naive chain;
- matrix build: the four notebooks plus eight destination briefs (`--set destinations=...`, the
  eight destinations with most magnet-export figures), forced, from an empty dataset cache; the
  ratio is matrix / cold;
- peak memory: the largest total resident memory of a build's process tree (workers, kernels),
  over the cold and the matrix builds.

Targets (issue 11): cold / naive at most 0.30, matrix / cold at most 2.5, no-op under 1 s, peak
under 1.5 GB. CPU seconds (sampled over the process tree) are printed beside the wall times: on a
machine shared with other work, wall times move from run to run, CPU much less.
"""

from __future__ import annotations

import os
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


def run_measured(args: list[str], cache: Path) -> tuple[float, float, float]:
    """Wall seconds, peak resident memory (MB) and CPU seconds (sampled) of a command and all its
    descendants; `cache` is its dataset cache folder."""
    peak, cpu = 0.0, {}
    start = time.perf_counter()
    env = {**os.environ, "RARE_EARTH_CACHE_DIR": str(cache)}
    proc = psutil.Popen(args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    done = threading.Event()

    def sample():
        nonlocal peak
        while not done.is_set():
            try:
                procs = [proc, *proc.children(recursive=True)]
            except psutil.Error:
                procs = []
            total = 0
            for p in procs:
                try:
                    with p.oneshot():
                        total += p.memory_info().rss
                        t = p.cpu_times()
                        cpu[p.pid] = t.user + t.system
                except psutil.Error:
                    pass
            peak = max(peak, total / 2**20)
            time.sleep(0.05)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    _, err = proc.communicate()
    done.set()
    thread.join()
    if proc.returncode != 0:
        raise SystemExit(f"command failed ({proc.returncode}): {' '.join(args)}\n{err.decode()[-2000:]}")
    return time.perf_counter() - start, peak, sum(cpu.values())


def matrix_destinations(n: int = 8) -> list[str]:
    """The `n` destinations with most magnet-export figures in the shipped data."""
    sys.path.insert(0, str(ROOT / "src"))
    from rare_earth_trade.series.dataset import Dataset

    s = Dataset.load(ROOT / "data").series
    sel = s[(s.series == "magnet_exports") & (s.partner != "WLD")]
    counts = sel.groupby("partner").size().sort_values(ascending=False, kind="stable")
    return sorted(counts.index[:n])


def main() -> None:
    codes = matrix_destinations()
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        report = [str(BIN / "python"), "-m", "rare_earth_trade", "report", "--set", f"reports_dir={tmp / 'reports'}",
                  "--set", "report_date=2000-01-01"]  # fmt: skip
        # Every scenario starts from an empty dataset cache of its own.
        cold, peak, cold_cpu = run_measured([*report, "--force"], tmp / "cache-cold")
        noop, _, _ = run_measured(report, tmp / "cache-cold")
        matrix, peak_matrix, matrix_cpu = run_measured(
            [*report, "--force", "--set", f"destinations={','.join(codes)}"], tmp / "cache-matrix"
        )

        naive_dir = tmp / "naive"
        naive_dir.mkdir()
        start, naive_cpu = time.perf_counter(), 0.0
        for nb in NOTEBOOKS:
            out = naive_dir / nb.name
            steps = [
                [str(BIN / "papermill"), str(nb), str(out), "-k", "rare-earth-trade", "--no-progress-bar"],
                [str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(out)],
                [str(BIN / "weasyprint"), str(out.with_suffix(".html")), str(out.with_suffix(".pdf"))],
            ]
            for step in steps:
                naive_cpu += run_measured(step, tmp / "cache-naive")[2]
        naive = time.perf_counter() - start
    load_after = os.getloadavg()[0]

    print(f"notebooks:            {len(NOTEBOOKS)}")
    print(f"cold build:           {cold:6.1f} s   (CPU {cold_cpu:.1f} s)")
    print(f"no-op rebuild:        {noop:6.2f} s   (target < 1 s)")
    print(f"naive chain:          {naive:6.1f} s   (CPU {naive_cpu:.1f} s)")
    print(f"cold / naive:         {cold / naive:6.2f}    (target <= 0.30; CPU {cold_cpu / naive_cpu:.2f})")
    print(f"matrix build:         {matrix:6.1f} s   (CPU {matrix_cpu:.1f} s; 4 notebooks + {len(codes)} destination briefs: "
          f"{', '.join(codes)})")  # fmt: skip
    print(f"matrix / cold:        {matrix / cold:6.2f}    (target <= 2.5)")
    print(f"peak memory:          {max(peak, peak_matrix):6.0f} MB  (target < 1536 MB)")
    print(f"load average:         {load_before:.1f} before, {load_after:.1f} after, on {os.cpu_count()} CPUs "
          "(other work on the machine slows the builds and the chain unequally)")


if __name__ == "__main__":
    main()
