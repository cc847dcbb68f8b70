"""Reconciliation: do the reported numbers agree with each other?

- monthly levels summed within a year against the reported year-to-date totals;
- reported % changes (month-on-month, year-on-year, year-to-date) against the levels they connect.

Everything is compared as intervals (`value_low` to `value_high` of each figure, see resolve): a
printed level can hide up to half its last digit, so a % change computed from two levels is a range
(`implied_low` to `implied_high`, from the levels' ranges), and so is a sum of months; the check
agrees when that implied range meets the reported figure's own range (`reported_low` to
`reported_high`), give or take the agreement tolerance of the resolution rule (0.1 percentage
points; 0.5% of a total). Only reported values take part: a derived value would check itself.

All checks are computed at once: the levels a check needs are found by key (array lookups), and a
year-to-date total is compared with the sum of its months in at most twelve vectorised steps.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .keys import MEASURE_CODE, FigureKeys, KeyIndex, key, month_index, period_text
from .resolve import LEVEL_REL_TOL, PCT_ABS_TOL, value_interval

COLUMNS = ["check", "series", "partner", "period", "reported", "implied_low", "implied_high",
           "implied", "difference", "agrees", "inputs", "reported_low", "reported_high"]  # fmt: skip

PCT_CHECKS = {
    "mom_pct": ("tonnes", 1, "month-on-month % vs levels"),
    "yoy_pct": ("tonnes", 12, "year-on-year % vs levels"),
    "ytd_yoy_pct": ("ytd_tonnes", 12, "year-to-date % vs totals"),
}


def _pct_range(before_lo, before_hi, after_lo, after_hi):
    """The % change from a level in [before_lo, before_hi] to one in [after_lo, after_hi]."""
    lo = (after_lo / before_hi - 1) * 100
    hi = (after_hi / np.maximum(before_lo, 1e-9) - 1) * 100
    return lo, hi


def reconcile(resolved: pd.DataFrame) -> pd.DataFrame:
    rep = resolved[resolved["status"] == "reported"].reset_index(drop=True)
    if rep.empty:
        return pd.DataFrame(columns=COLUMNS)
    fk = FigureKeys(rep)
    g = fk.group(rep)
    month = month_index(rep["period"])
    measure = rep["measure"].to_numpy()
    value = rep["value"].to_numpy(dtype=float)
    if "value_low" in rep.columns:
        low, high = rep["value_low"].to_numpy(dtype=float), rep["value_high"].to_numpy(dtype=float)
    else:  # a frame without intervals: the rounding of the printed values
        low, high = value_interval(value, rep["decimals"].to_numpy(dtype=int), measure)
    iv = (low, high)
    index = KeyIndex(key(g, month, rep["measure"].map(MEASURE_CODE).to_numpy(dtype=np.int64)))
    frames = [_pct_checks(rep, g, month, measure, value, iv, index, m) for m in PCT_CHECKS]
    frames.append(_ytd_checks(rep, g, month, measure, value, iv, index))
    frames = [f for f in frames if len(f)]
    if not frames:
        return pd.DataFrame(columns=COLUMNS)
    out = pd.concat(frames, ignore_index=True)
    out = out.sort_values(["series", "period", "partner", "_measure"], kind="mergesort", ignore_index=True)
    return out[COLUMNS]


def _pct_checks(rep, g, month, measure, value, iv, index, pct) -> pd.DataFrame:
    level, lag, label = PCT_CHECKS[pct]
    rows = np.flatnonzero(measure == pct)
    code = MEASURE_CODE[level]
    b = index.find(key(g[rows], month[rows] - lag, code))
    a = index.find(key(g[rows], month[rows], code))
    ok = (b >= 0) & (a >= 0)
    rows, b, a = rows[ok], b[ok], a[ok]
    ok = value[b] > 0
    rows, b, a = rows[ok], b[ok], a[ok]
    low, high = iv
    lo, hi = _pct_range(low[b], high[b], low[a], high[a])
    implied = (value[a] / value[b] - 1) * 100
    reported, r_lo, r_hi = value[rows], low[rows], high[rows]
    periods = rep["period"].to_numpy()
    inputs = [f"{level} {periods[i]} = {value[i]:,g}, {level} {periods[j]} = {value[j]:,g}" for i, j in zip(b, a)]
    return pd.DataFrame({
        "check": label, "series": rep["series"].to_numpy()[rows], "partner": rep["partner"].to_numpy()[rows],
        "period": periods[rows], "_measure": pct, "reported": reported, "implied_low": lo, "implied_high": hi,
        "implied": implied, "difference": reported - implied,
        "agrees": (lo - PCT_ABS_TOL <= r_hi) & (r_lo <= hi + PCT_ABS_TOL), "inputs": inputs,
        "reported_low": r_lo, "reported_high": r_hi,
    })  # fmt: skip


def _ytd_checks(rep, g, month, measure, value, iv, index) -> pd.DataFrame:
    """Sum reported months back to the previous reported total (or January) and compare."""
    rows = np.flatnonzero(measure == "ytd_tonnes")
    if not len(rows):
        return pd.DataFrame()
    # The previous reported total in the same year, if any: sort totals by figure and month.
    order = rows[np.lexsort((month[rows], g[rows]))]
    prev = np.r_[-1, order[:-1]]
    year_start = month[order] - month[order] % 12
    has_prev = (prev >= 0) & (g[np.maximum(prev, 0)] == g[order]) & (month[np.maximum(prev, 0)] >= year_start)
    earlier = np.where(has_prev, prev, -1)
    lowest = np.where(has_prev, month[np.maximum(prev, 0)] + 1, year_start)
    low, high = iv
    total, t_lo, t_hi = np.zeros(len(order)), np.zeros(len(order)), np.zeros(len(order))
    ok = np.ones(len(order), dtype=bool)
    for k in range(12):
        inside = month[order] - k >= lowest
        found = index.find(key(g[order], month[order] - k, MEASURE_CODE["tonnes"]))
        ok &= ~inside | (found >= 0)
        take = inside & (found >= 0)
        f = np.maximum(found, 0)
        total = np.where(take, total + value[f], total)
        t_lo = np.where(take, t_lo + low[f], t_lo)
        t_hi = np.where(take, t_hi + high[f], t_hi)
    e = np.maximum(earlier, 0)
    has = earlier >= 0
    total = np.where(has, total + value[e], total)
    t_lo, t_hi = np.where(has, t_lo + low[e], t_lo), np.where(has, t_hi + high[e], t_hi)
    order, earlier, lowest, total, t_lo, t_hi = (x[ok] for x in (order, earlier, lowest, total, t_lo, t_hi))
    reported, r_lo, r_hi = value[order], low[order], high[order]
    tol = LEVEL_REL_TOL * reported
    months = month[order]
    label = np.where(months % 12 == 0, "January total vs January month", "monthly sum vs year-to-date total")
    inputs = []
    for m, low, e in zip(months.tolist(), lowest.tolist(), earlier.tolist()):
        parts = ([f"total to {period_text(int(month[e]))}"] if e >= 0 else []) + [period_text(i) for i in range(low, m + 1)]
        inputs.append(" + ".join(parts))
    return pd.DataFrame({
        "check": label, "series": rep["series"].to_numpy()[order], "partner": rep["partner"].to_numpy()[order],
        "period": rep["period"].to_numpy()[order], "_measure": "ytd_tonnes", "reported": reported,
        "implied_low": t_lo, "implied_high": t_hi, "implied": total, "difference": reported - total,
        "agrees": (t_lo - tol <= r_hi) & (r_lo <= t_hi + tol), "inputs": inputs,
        "reported_low": r_lo, "reported_high": r_hi,
    })  # fmt: skip
