"""Calendar years and year to date: January..month against the same months a year earlier.

Each total rests on the best basis the data hold, and says which; the change prefers what China
customs reported (a year-to-date % change), then the two totals, then a derived % change.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ...ledger.parsing import month_add, month_range
from ...report.fmt import month_list, month_span
from .monthly import as_monthly


@dataclass(frozen=True)
class SpanTotal:
    """Total of January to ``end`` of one year: value, low, high, and the basis it rests on."""

    start: str
    end: str
    value: float | None
    low: float | None
    high: float | None
    basis: str  # 'year-to-date total' | 'monthly' | 'unknown'
    note: str  # e.g. 'the sum of the 12 monthly values, 2 derived', 'the reported year-to-date total'


@dataclass(frozen=True)
class YearComparison:
    """January to ``end`` against the same months a year earlier."""

    current: SpanTotal
    prior: SpanTotal
    change_pct: float | None
    change_low: float | None
    change_high: float | None
    basis: str  # one sentence: where the change comes from, or why there is none
    source: str = "none"  # 'reported change' | 'totals' | 'derived change' | 'none'

    @property
    def available(self) -> bool:
        return self.change_pct is not None

    @property
    def span(self) -> str:
        """'January–December 2025'."""
        return month_span(self.current.start, self.current.end)


def _row(frame: pd.DataFrame | None, end: str, status: str | None = None) -> pd.Series | None:
    if frame is None:
        return None
    frame = as_monthly(frame)
    if end not in frame.index or (status and frame.at[end, "status"] != status):
        return None
    return frame.loc[end]


def span_total(actual: pd.DataFrame, ytd: pd.DataFrame | None, end: str) -> SpanTotal:
    """January..end of end's year, on the best basis the data hold: a reported year-to-date total
    at ``end``; else the sum of the monthly values when all are known; else a derived year-to-date
    total; else unknown (naming the missing months)."""
    actual = as_monthly(actual)
    start = f"{end[:4]}-01"
    span = month_span(start, end)

    def from_ytd(row: pd.Series) -> SpanTotal:
        return SpanTotal(start, end, float(row["value"]), float(row["low"]), float(row["high"]), "year-to-date total",
                         f"the {row['status']} year-to-date total")  # fmt: skip

    if (row := _row(ytd, end, "reported")) is not None:
        return from_ytd(row)
    months = month_range(start, end)
    missing = [p for p in months if p not in actual.index]
    if not missing:
        m = actual.loc[months]
        derived = int((m["status"] == "derived").sum())
        return SpanTotal(start, end, float(m["value"].sum()), float(m["low"].sum()), float(m["high"].sum()),
                         "monthly", f"the sum of the {len(months)} monthly values, {derived} derived")  # fmt: skip
    if (row := _row(ytd, end)) is not None:
        return from_ytd(row)
    return SpanTotal(start, end, None, None, None, "unknown",
                     f"no total for {span}: {month_list(missing)} unknown and no year-to-date total")  # fmt: skip


def compare_year_to_date(actual: pd.DataFrame, ytd: pd.DataFrame | None, end: str,
                         ytd_pct: pd.DataFrame | None = None) -> YearComparison:
    """January..end against January..end a year earlier, in %, with its interval.

    The change is, in order of preference: the year-to-date % change China customs reported for
    ``end`` (``ytd_pct``, a monthly frame of measure ytd_yoy_pct); the change between the two totals
    (see :func:`span_total`); a derived year-to-date % change. ``basis`` says which, and where a
    reported change and both totals exist, what the totals give.
    """
    cur, pri = span_total(actual, ytd, end), span_total(actual, ytd, month_add(end, -12))
    span = month_span(cur.start, cur.end)
    totals = None
    if cur.value is not None and pri.value is not None and pri.value > 0:
        totals = ((cur.value / pri.value - 1) * 100, (cur.low / pri.high - 1) * 100, (cur.high / pri.low - 1) * 100)
    if (row := _row(ytd_pct, end, "reported")) is not None:
        basis = f"the year-to-date change customs reported for {span}"
        if totals:
            basis += f"; the totals give {totals[0]:+.1f}%: {cur.note} against {pri.note}"
        return YearComparison(cur, pri, float(row["value"]), float(row["low"]), float(row["high"]), basis,
                              "reported change")  # fmt: skip
    if totals:
        basis = f"{span}, {cur.note}, against {month_span(pri.start, pri.end)}, {pri.note}"
        return YearComparison(cur, pri, *totals, basis, "totals")
    if (row := _row(ytd_pct, end)) is not None:
        basis = f"the {row['status']} year-to-date change for {span}; " + (cur.note if cur.value is None else pri.note)
        return YearComparison(cur, pri, float(row["value"]), float(row["low"]), float(row["high"]), basis,
                              f"{row['status']} change")  # fmt: skip
    unknown = [t.note for t in (cur, pri) if t.value is None]
    return YearComparison(cur, pri, None, None, None, "; ".join(unknown) or "prior total is zero")


def calendar_year(actual: pd.DataFrame, ytd: pd.DataFrame | None, year: int,
                  ytd_pct: pd.DataFrame | None = None) -> YearComparison:
    """A calendar year's total against the previous year's."""
    return compare_year_to_date(actual, ytd, f"{year:04d}-12", ytd_pct)


def year_comparisons(actual: pd.DataFrame, ytd: pd.DataFrame | None, as_of: str,
                     ytd_pct: pd.DataFrame | None = None) -> dict[str, YearComparison | None]:
    """The calendar-year and year-to-date comparisons an as-of month allows.

    'year': the last complete calendar year up to ``as_of`` against the one before;
    'year_partial': when 'year' is not available, the longest January..month span of that year
    that is (None if none, or if 'year' is available); 'year_to_date': January..as_of against the
    same months a year earlier.
    """
    last_full = int(as_of[:4]) if as_of.endswith("-12") else int(as_of[:4]) - 1
    year = calendar_year(actual, ytd, last_full, ytd_pct)
    partial = None
    if not year.available:
        for end in reversed(month_range(f"{last_full:04d}-01", f"{last_full:04d}-11")):
            c = compare_year_to_date(actual, ytd, end, ytd_pct)
            if c.available:
                partial = c
                break
    return {"year": year, "year_partial": partial, "year_to_date": compare_year_to_date(actual, ytd, as_of, ytd_pct)}

