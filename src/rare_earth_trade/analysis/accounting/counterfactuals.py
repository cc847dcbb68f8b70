"""Counterfactuals: what exports would have been without the controls, month by month, with an interval.

* ``flat``: every month at the pre-controls baseline average (mean of the known window months; the
  interval is the mean of their lows to the mean of their highs).
* ``last_year``: the same month a year earlier, with that month's own interval; unknown where that
  month is unknown or is itself after the controls (then it is no counterfactual).
* ``trend``: the baseline months carried forward at a constant growth rate, by default their mean
  year-on-year change (``method='year_on_year'``; seasonality cancels out), or least squares on
  their log levels (``method='log_levels'``); the interval spans that line and the same line
  computed on the months' lows and on their highs. The growth per year is on the result.

Each takes a monthly frame (see :mod:`.monthly`) and returns a :class:`Counterfactual` covering every
month from the controls to the as-of month (NaN where it is unknown), with a one-sentence ``method``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ...ledger.parsing import month_add, month_range
from ...report.fmt import month_span
from .monthly import BASELINE_END, BASELINE_START, CONTROLS, as_monthly

LABELS = {
    "flat": "the pre-controls average",
    "last_year": "last year's months",
    "trend": "the pre-controls trend",
}


@dataclass(frozen=True)
class Counterfactual:
    """What exports would have been without the controls, month by month, with its interval.

    ``frame``: every month from the controls to the as-of month, columns value, low, high (NaN
    where the counterfactual is unknown). ``months_known``/``months_derived``: the input months it
    rests on (baseline window months, or the year-earlier months).
    """

    name: str
    label: str
    method: str
    frame: pd.DataFrame
    months_known: tuple[str, ...]
    months_derived: tuple[str, ...]
    months_in_window: int
    annual_growth_pct: float | None = None  # trend only: the estimated growth, per year
    annual_growth_low: float | None = None  # ... from the fit on the months' lows/highs
    annual_growth_high: float | None = None
    annual_growth_2se: tuple[float, float] | None = None  # ... slope +/- two standard errors of the fit

    @property
    def months_missing(self) -> list[str]:
        return list(self.frame.index[self.frame["value"].isna()])

    @property
    def coverage(self) -> str:
        return f"{len(self.months_known)} of {self.months_in_window} months known, {len(self.months_derived)} derived"


def _frame(periods: list[str], values, lows, highs) -> pd.DataFrame:
    return pd.DataFrame({"value": values, "low": lows, "high": highs}, index=pd.Index(periods, name="period"),
                        dtype=float)  # fmt: skip


def _derived(actual: pd.DataFrame, months: list[str]) -> tuple[str, ...]:
    return tuple(p for p in months if actual.at[p, "status"] == "derived")



def flat(actual: pd.DataFrame, as_of: str, controls: str = CONTROLS, baseline_start: str = BASELINE_START,
         baseline_end: str = BASELINE_END) -> Counterfactual:
    """Every month at the baseline average: mean of the known window months (lows and highs likewise)."""
    actual = as_monthly(actual)
    window = month_range(baseline_start, baseline_end)
    known = [p for p in window if p in actual.index]
    periods = month_range(controls, as_of)
    if known:
        base = actual.loc[known]
        v, lo, hi = float(base["value"].mean()), float(base["low"].mean()), float(base["high"].mean())
    else:
        v = lo = hi = math.nan
    derived = _derived(actual, known)
    method = (f"each month at the {month_span(baseline_start, baseline_end)} monthly average "
              f"({len(known)} of {len(window)} months known, {len(derived)} derived)")  # fmt: skip
    n = len(periods)
    return Counterfactual("flat", LABELS["flat"], method, _frame(periods, [v] * n, [lo] * n, [hi] * n),
                          tuple(known), derived, len(window))  # fmt: skip


def last_year(actual: pd.DataFrame, as_of: str, controls: str = CONTROLS) -> Counterfactual:
    """Each month at the same month a year earlier, with that month's own interval.

    Unknown where the year-earlier month is unknown, or is itself at or after the controls month
    (a controlled month is no counterfactual for the next year).
    """
    actual = as_monthly(actual)
    periods = month_range(controls, as_of)
    prior = [month_add(p, -12) for p in periods]
    usable = [q for q in prior if q in actual.index and q < controls]
    rows = actual.reindex([q if q in usable else None for q in prior])
    derived = _derived(actual, usable)
    method = (f"each month at the same month a year earlier ({len(usable)} of {len(prior)} known, "
              f"{len(derived)} derived)")  # fmt: skip
    if any(q >= controls for q in prior):
        method += "; months whose year-earlier month was already under the controls have none"
    return Counterfactual("last_year", LABELS["last_year"], method,
                          _frame(periods, rows["value"].to_numpy(), rows["low"].to_numpy(), rows["high"].to_numpy()),
                          tuple(usable), derived, len(prior))  # fmt: skip


TREND_METHODS = ("year_on_year", "log_levels")


def annualised(monthly_log_slope: float) -> float:
    """Monthly log growth -> % per year."""
    return (math.exp(12 * monthly_log_slope) - 1.0) * 100.0


def _slope(method: str, actual: pd.DataFrame, window: list[str], known: list[str], end: str) -> tuple[float, float | None]:
    """Monthly log growth and its standard error (None with two points) on one end of the ranges.

    ``end`` is 'value', 'low' or 'high': on 'low' the growth is the least the ranges allow for a
    year-on-year ratio (low this year over high a year earlier), and the fit on the lows for levels.
    """
    if method == "log_levels":
        x = np.array([window.index(p) for p in known], dtype=float)
        y = np.log(actual.loc[known, end].to_numpy(dtype=float))
        slope, intercept = np.polyfit(x, y, 1)
        se = None
        if len(x) > 2:
            resid = y - (intercept + slope * x)
            se = math.sqrt(float(resid @ resid) / (len(x) - 2) / float(((x - x.mean()) ** 2).sum()))
        return float(slope), se
    prior_end = {"value": "value", "low": "high", "high": "low"}[end]
    pairs = _yoy_pairs(actual, known)
    logs = np.array([math.log(actual.at[p, end] / actual.at[month_add(p, -12), prior_end]) for p in pairs])
    se = float(logs.std(ddof=1) / math.sqrt(len(logs)) / 12) if len(logs) > 1 else None
    return float(logs.mean() / 12), se


def _yoy_pairs(actual: pd.DataFrame, known: list[str]) -> list[str]:
    """Window months whose month a year earlier is known too (and positive)."""
    return [p for p in known if month_add(p, -12) in actual.index and actual.at[month_add(p, -12), "low"] > 0]


def trend(actual: pd.DataFrame, as_of: str, controls: str = CONTROLS, baseline_start: str = BASELINE_START,
          baseline_end: str = BASELINE_END, method: str = "year_on_year") -> Counterfactual:
    """Pre-controls growth carried forward: a constant growth rate through the baseline months.

    Month t is exp(a + b t) (t counted from the window's first month), a line in log space through
    the known window months' mean log level at their mean position, with slope b from ``method``:

    * 'year_on_year' (default): the mean log year-on-year change of the window months whose month
      a year earlier is known, divided by 12 (immune to seasonality, e.g. the Chinese New Year
      February, but it rests on those months only);
    * 'log_levels': least squares on the log levels of the known window months (with a single
      year of data, a seasonal low near either end of the window tilts it).

    The interval spans that line and the same line computed on the months' lows and on their highs
    (for year-on-year ratios: low over a year earlier's high, and high over low). The estimated
    growth per year, its range from the lows and highs, and +/- two standard errors of the slope
    are kept on the result. Needs two known window months (two year-on-year pairs).
    """
    if method not in TREND_METHODS:
        raise ValueError(f"trend method must be one of {TREND_METHODS}, not {method!r}")
    actual = as_monthly(actual)
    window = month_range(baseline_start, baseline_end)
    known = [p for p in window if p in actual.index and actual.at[p, "low"] > 0]
    periods = month_range(controls, as_of)
    derived = _derived(actual, known)
    span = month_span(baseline_start, baseline_end)
    coverage = f"{len(known)} of {len(window)} months known, {len(derived)} derived"
    pairs = _yoy_pairs(actual, known) if method == "year_on_year" else known
    if len(pairs) < 2:
        nan = [math.nan] * len(periods)
        what = "months with the month a year earlier known" if method == "year_on_year" else "known months"
        text = f"too few {what} in {span} for a growth rate: {len(pairs)}, 2 needed"
        return Counterfactual("trend", LABELS["trend"], text, _frame(periods, nan, nan, nan), tuple(known), derived,
                              len(window))  # fmt: skip
    x = np.array([window.index(p) for p in known], dtype=float)
    t = np.array([len(month_range(baseline_start, p)) - 1 for p in periods], dtype=float)
    lines, growth = {}, {}
    for end in ("value", "low", "high"):
        slope, se = _slope(method, actual, window, known, end)
        if end == "value":
            two_se = (annualised(slope - 2 * se), annualised(slope + 2 * se)) if se is not None else None
        intercept = float(np.log(actual.loc[known, end].to_numpy(dtype=float)).mean()) - slope * float(x.mean())
        lines[end], growth[end] = np.exp(intercept + slope * t), annualised(slope)
    stacked = np.vstack(list(lines.values()))
    if method == "year_on_year":
        text = (f"a smooth line (no seasons) through the {span} monthly values ({coverage}), rising at their mean "
                f"year-on-year growth ({growth['value']:+.1f}% a year, over the {len(pairs)} of them whose month a "
                "year earlier is known)")  # fmt: skip
    else:
        text = (f"least squares on the logarithms of the {span} monthly values ({coverage}), i.e. a constant "
                f"growth rate ({growth['value']:+.1f}% a year), carried forward from the window")  # fmt: skip
    return Counterfactual(
        "trend", LABELS["trend"], text,
        _frame(periods, lines["value"], stacked.min(axis=0), stacked.max(axis=0)),
        tuple(known), derived, len(window),
        annual_growth_pct=growth["value"], annual_growth_low=min(growth.values()),
        annual_growth_high=max(growth.values()), annual_growth_2se=two_se,
    )  # fmt: skip


def counterfactuals(actual: pd.DataFrame, as_of: str, controls: str = CONTROLS, baseline_start: str = BASELINE_START,
                    baseline_end: str = BASELINE_END, trend_method: str = "year_on_year") -> dict[str, Counterfactual]:
    """The three counterfactuals over the months from the controls to the as-of month."""
    return {
        "flat": flat(actual, as_of, controls, baseline_start, baseline_end),
        "last_year": last_year(actual, as_of, controls),
        "trend": trend(actual, as_of, controls, baseline_start, baseline_end, trend_method),
    }
