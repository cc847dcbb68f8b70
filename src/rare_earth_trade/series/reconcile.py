"""Reconciliation: do the reported numbers agree with each other?

- monthly levels summed within a year against the reported year-to-date totals;
- reported % changes (month-on-month, year-on-year, year-to-date) against the levels they connect.

Levels are compared as intervals: a printed level can hide up to half its last digit, so a % change
computed from two rounded levels is a range, and the check asks whether the reported change (with
its own rounding) falls inside it. Only reported values take part: a derived value would check itself.
"""

from __future__ import annotations

import pandas as pd

from ..ledger.parsing import month_add
from .resolve import LEVEL_REL_TOL, PCT_ABS_TOL, half_unit

COLUMNS = ["check", "series", "partner", "period", "reported", "implied_low", "implied_high",
           "implied", "difference", "agrees", "inputs"]  # fmt: skip

PCT_CHECKS = {
    "mom_pct": ("tonnes", 1, "month-on-month % vs levels"),
    "yoy_pct": ("tonnes", 12, "year-on-year % vs levels"),
    "ytd_yoy_pct": ("ytd_tonnes", 12, "year-to-date % vs totals"),
}


def _pct_range(before, after) -> tuple[float, float]:
    hb, ha = half_unit(before.decimals), half_unit(after.decimals)
    lo = ((after.value - ha) / (before.value + hb) - 1) * 100
    hi = ((after.value + ha) / max(before.value - hb, 1e-9) - 1) * 100
    return lo, hi


def reconcile(resolved: pd.DataFrame) -> pd.DataFrame:
    rep = resolved[resolved["status"] == "reported"]
    table = {(r.series, r.period, r.partner, r.measure): r for r in rep.itertuples(index=False)}
    rows = []
    for (s, p, c, m), r in sorted(table.items()):
        if m in PCT_CHECKS:
            level, lag, label = PCT_CHECKS[m]
            before, after = table.get((s, month_add(p, -lag), c, level)), table.get((s, p, c, level))
            if before is None or after is None or before.value <= 0:
                continue
            lo, hi = _pct_range(before, after)
            slack = half_unit(r.decimals) + PCT_ABS_TOL
            implied = (after.value / before.value - 1) * 100
            rows.append(
                dict(check=label, series=s, partner=c, period=p, reported=r.value,
                     implied_low=lo, implied_high=hi, implied=implied, difference=r.value - implied,
                     agrees=lo - slack <= r.value <= hi + slack,
                     inputs=f"{level} {before.period} = {before.value:,g}, {level} {after.period} = {after.value:,g}")
            )  # fmt: skip
        elif m == "ytd_tonnes":
            row = _ytd_row(table, s, p, c, r)
            if row:
                rows.append(row)
    return pd.DataFrame(rows, columns=COLUMNS)


def _ytd_row(table, s, p, c, ytd) -> dict | None:
    """Sum reported months back to the previous reported total (or January) and compare."""
    total, slack, parts, q = 0.0, 0.0, [], p
    while True:
        month = table.get((s, q, c, "tonnes"))
        if month is None:
            return None
        total += month.value
        slack += half_unit(month.decimals)
        parts.append(q)
        if q.endswith("-01"):
            break
        q = month_add(q, -1)
        earlier = table.get((s, q, c, "ytd_tonnes"))
        if earlier is not None:
            total += earlier.value
            slack += half_unit(earlier.decimals)
            parts.append(f"total to {q}")
            break
    if parts == [p] and p.endswith("-01"):
        label = "January total vs January month"
    else:
        label = "monthly sum vs year-to-date total"
    slack += half_unit(ytd.decimals) + LEVEL_REL_TOL * ytd.value
    return dict(
        check=label, series=s, partner=c, period=p, reported=ytd.value,
        implied_low=total - slack, implied_high=total + slack, implied=total,
        difference=ytd.value - total, agrees=abs(ytd.value - total) <= slack,
        inputs=" + ".join(reversed(parts)),
    )  # fmt: skip
