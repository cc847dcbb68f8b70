"""Synthetic ledgers for the scale benchmark: the shipped data plus clearly synthetic rows.

`make_scaled_data(target, scale)` copies data/raw and data/reference into `target` (a temporary
folder: synthetic rows never go into data/) and adds `raw/observations/zz_synthetic.csv` so that the
ledger holds about `scale` times the shipped number of observations. Every synthetic row says so:
its source_url is under https://synthetic.invalid/, its origin and outlet are SYNTHETIC, and its
quote reads "SYNTHETIC benchmark row, not a real figure".

The rows are destination-month figures of magnet exports for 2000 onwards (before the shipped
months), several measures and sources per month, as a big import would bring: a tonnage from three
sources (t, t with a decimal, kg), the month-on-month and year-on-year changes, the year-to-date
total and its change. About one month in ten lacks its tonnage, so derivations have work to do.
Values are consistent with each other, so reconciliation agrees.
"""

from __future__ import annotations

import csv
import math
import random
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
SERIES = "magnet_exports"
START_YEAR = 2000
SOURCES = {"A": 20, "B": 21, "C": 25}  # source -> day of the following month it was published


def observation_header() -> list[str]:
    with open(next(iter(sorted((DATA / "raw" / "observations").glob("*.csv")))), encoding="utf-8") as f:
        return next(csv.reader(f))


def shipped_rows() -> int:
    n = 0
    for path in (DATA / "raw" / "observations").glob("*.csv"):
        with open(path, encoding="utf-8", newline="") as f:
            n += sum(1 for _ in csv.DictReader(f))
    return n


def partners() -> list[str]:
    with open(DATA / "reference" / "partners.csv", encoding="utf-8", newline="") as f:
        return [r["code"] for r in csv.DictReader(f) if r["kind"] != "aggregate"]


def _period(index: int) -> str:
    return f"{START_YEAR + index // 12:04d}-{index % 12 + 1:02d}"


def _published(index: int, day: int) -> str:
    return f"{START_YEAR + (index + 1) // 12:04d}-{(index + 1) % 12 + 1:02d}-{day:02d}"


def _row(code: str, i: int, measure: str, unit: str, source: str, printed: str) -> dict:
    period = _period(i)
    return {
        "series": SERIES, "period": period, "partner": code, "measure": measure, "value": printed, "unit": unit,
        "source_url": f"https://synthetic.invalid/{SERIES}/{code}/{period}/{source}",
        "source_date": _published(i, SOURCES[source]), "publisher": "SYNTHETIC", "origin": "SYNTHETIC",
        "outlet": "SYNTHETIC", "quote": f"SYNTHETIC benchmark row, not a real figure: {code} {period} {measure} {printed} {unit}",
        "note": "synthetic (benchmarks/synthetic.py)",
    }  # fmt: skip


def synthetic_rows(n: int, header: list[str], seed: int = 13) -> list[dict]:
    """`n` synthetic observation rows (partner-major, month by month)."""
    rnd = random.Random(seed)
    codes = partners()
    per_cell = 5  # rows of a partner-month, counting gaps and the first year conservatively
    months = max(13, math.ceil(n / (len(codes) * per_cell)) + 2)
    rows: list[dict] = []
    for code in codes:
        base, phase = rnd.uniform(50, 800), rnd.uniform(0, 6.3)
        level = [base * (1 + 0.4 * math.sin(i / 5 + phase)) * rnd.uniform(0.85, 1.15) for i in range(months)]
        ytd = 0.0
        ytd_by_month = []
        for i, v in enumerate(level):
            ytd = v if i % 12 == 0 else ytd + v
            ytd_by_month.append(ytd)
        for i, v in enumerate(level):
            cell = []
            if rnd.random() >= 0.1:  # about one month in ten has no tonnage
                cell += [_row(code, i, "tonnes", "t", "A", f"{v:.0f}"), _row(code, i, "tonnes", "t", "B", f"{v:.1f}"),
                         _row(code, i, "tonnes", "kg", "C", f"{v * 1000:.0f}")]  # fmt: skip
            if i >= 1:
                cell.append(_row(code, i, "mom_pct", "%", "A", f"{(v / level[i - 1] - 1) * 100:.1f}"))
            if i >= 12:
                cell.append(_row(code, i, "yoy_pct", "%", "A", f"{(v / level[i - 12] - 1) * 100:.1f}"))
                change = (ytd_by_month[i] / ytd_by_month[i - 12] - 1) * 100
                cell.append(_row(code, i, "ytd_yoy_pct", "%", "A", f"{change:.1f}"))
            if i % 12:
                cell.append(_row(code, i, "ytd_tonnes", "t", "A", f"{ytd_by_month[i]:.0f}"))
            rows.extend({k: r.get(k, "") for k in header} for r in cell)
    # Keep whole months of every partner, in month order, up to n rows.
    rows.sort(key=lambda r: (r["period"], r["partner"]))
    return rows[:n]


def make_scaled_data(target: Path, scale: float, seed: int = 13) -> dict:
    """Copy the shipped data into `target` and add synthetic rows up to `scale` x the shipped ledger."""
    target = Path(target)
    shutil.copytree(DATA / "raw", target / "raw")
    shutil.copytree(DATA / "reference", target / "reference")
    shipped = shipped_rows()
    extra = max(0, round(shipped * scale) - shipped)
    if extra:
        header = observation_header()
        path = target / "raw" / "observations" / "zz_synthetic.csv"
        with open(path, "w", encoding="utf-8", newline="") as f:
            w = csv.DictWriter(f, fieldnames=header)
            w.writeheader()
            w.writerows(synthetic_rows(extra, header, seed))
    return {"shipped": shipped, "synthetic": extra, "observations": shipped + extra}
