"""Coverage: which months each series and destination has, and how solidly."""

from __future__ import annotations

import pandas as pd

from ..ledger.parsing import month_add, month_range
from ..ledger.vocab import partner_name

# One character a month, so a year fits on a line.
MARKS = {"reported": "R", "derived": "D", "cumulative": "C", "missing": "."}


def monthly_status(series: pd.DataFrame) -> pd.DataFrame:
    """Long table: series, partner, period, status of the month's tonnage.

    'cumulative' means the month is not known alone but is inside a reported year-to-date total
    (China customs releases January and February together).
    """
    levels = series[series["measure"] == "tonnes"]
    ytd = series[(series["measure"] == "ytd_tonnes") & (series["status"] == "reported")]
    if series.empty:
        return pd.DataFrame(columns=["series", "partner", "period", "status"])
    first = min(series["period"])
    last = max(series["period"])
    rows = []
    for s, c in series[["series", "partner"]].drop_duplicates().itertuples(index=False):
        known = dict(zip(levels[(levels.series == s) & (levels.partner == c)].period,
                         levels[(levels.series == s) & (levels.partner == c)].status))  # fmt: skip
        cumulative = set()
        for p in ytd[(ytd.series == s) & (ytd.partner == c)].period:
            q = p
            while True:
                cumulative.add(q)
                if q.endswith("-01"):
                    break
                q = month_add(q, -1)
        for p in month_range(first, last):
            status = known.get(p) or ("cumulative" if p in cumulative else "missing")
            rows.append({"series": s, "partner": c, "period": p, "status": status})
    return pd.DataFrame(rows)


def coverage_grid(status: pd.DataFrame, start: str, end: str) -> pd.DataFrame:
    """Wide table: one row per series and partner, one column per month, one mark per cell."""
    window = status[(status.period >= start) & (status.period <= end)]
    grid = window.assign(mark=window["status"].map(MARKS)).pivot_table(
        index=["series", "partner"], columns="period", values="mark", aggfunc="first"
    )
    return grid.fillna(MARKS["missing"])


def format_grid(grid: pd.DataFrame) -> str:
    """Text rendering for the terminal: years as blocks of twelve marks."""
    periods = list(grid.columns)
    years = sorted({p[:4] for p in periods})
    head = f"{'series':<20} {'partner':<16} " + " ".join(f"{y:<12}" for y in years)
    lines = [head, "-" * len(head)]
    for (s, c), row in grid.iterrows():
        blocks = []
        for y in years:
            marks = "".join(row.get(f"{y}-{m:02d}", " ") for m in range(1, 13))
            blocks.append(marks)
        lines.append(f"{s:<20} {partner_name(c)[:16]:<16} " + " ".join(blocks))
    lines.append("R reported  D derived  C only inside a cumulative total  . missing")
    return "\n".join(lines)
