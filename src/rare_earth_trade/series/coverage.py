"""Coverage: which months each series and destination has, and how solidly."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..ledger.parsing import month_range
from ..ledger.vocab import partner_name
from .keys import month_index, period_of

# One character a month, so a year fits on a line.
MARKS = {"reported": "R", "derived": "D", "cumulative": "C", "missing": "."}


def monthly_status(series: pd.DataFrame) -> pd.DataFrame:
    """Long table: series, partner, period, status of the month's tonnage.

    'cumulative' means the month is not known alone but is inside a reported year-to-date total
    (China customs releases January and February together). One row per (series, partner) of
    `series` and month from its first to its last period (all pairs share that span).
    """
    if series.empty:
        return pd.DataFrame(columns=["series", "partner", "period", "status"])
    levels = series.loc[series["measure"] == "tonnes", ["series", "partner", "period", "status"]]
    ytd = series[(series["measure"] == "ytd_tonnes") & (series["status"] == "reported")]
    pairs = series[["series", "partner"]].drop_duplicates()
    months = pd.DataFrame({"period": month_range(min(series["period"]), max(series["period"]))})
    grid = pairs.merge(months, how="cross").merge(levels, on=["series", "partner", "period"], how="left")
    # Months inside a reported year-to-date total: January to the total's month.
    end = month_index(ytd["period"])
    span = end % 12 + 1
    inside = pd.DataFrame({
        "series": np.repeat(ytd["series"].to_numpy(), span), "partner": np.repeat(ytd["partner"].to_numpy(), span),
        "period": period_of(np.repeat(end - end % 12, span) + np.arange(span.sum()) - np.repeat(np.cumsum(span) - span, span)),
        "_cumulative": True,
    }).drop_duplicates()  # fmt: skip
    grid = grid.merge(inside, on=["series", "partner", "period"], how="left")
    cumulative = grid["_cumulative"].eq(True).to_numpy()
    grid["status"] = grid["status"].where(grid["status"].notna(), np.where(cumulative, "cumulative", "missing"))
    return grid[["series", "partner", "period", "status"]].reset_index(drop=True)


def coverage_grid(status: pd.DataFrame, start: str, end: str, drop_empty: bool = False) -> pd.DataFrame:
    """Wide table: one row per series and partner, one column per month, one mark per cell.

    With `drop_empty`, rows with nothing but missing months in the window are left out.
    """
    window = status[(status.period >= start) & (status.period <= end)]
    if drop_empty:
        known = window[window["status"] != "missing"][["series", "partner"]].drop_duplicates()
        window = window.merge(known, on=["series", "partner"])
    grid = window.assign(mark=window["status"].map(MARKS)).pivot_table(
        index=["series", "partner"], columns="period", values="mark", aggfunc="first"
    )
    return grid.fillna(MARKS["missing"])


def format_grid(grid: pd.DataFrame) -> str:
    """Text rendering for the terminal: years as blocks of twelve marks."""
    periods = list(grid.columns)
    years = sorted({p[:4] for p in periods})
    width = max([20, *(len(s) for s, _ in grid.index)])
    head = f"{'series':<{width}} {'partner':<16} " + " ".join(f"{y:<12}" for y in years)
    lines = [head, "-" * len(head)]
    for (s, c), row in grid.iterrows():
        blocks = []
        for y in years:
            marks = "".join(row.get(f"{y}-{m:02d}", " ") for m in range(1, 13))
            blocks.append(marks)
        lines.append(f"{s:<{width}} {partner_name(c)[:16]:<16} " + " ".join(blocks))
    lines.append("R reported  D derived  C only inside a cumulative total  . missing")
    return "\n".join(lines)
