"""Collapse and recovery of monthly exports: baselines, trough, multiples, recovery, shortfall, pace.

Functions take plain pandas Series of monthly tonnes indexed by 'YYYY-MM' (gaps allowed: a missing
month is absent, never zero) so that they are easy to test on small known inputs.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..ledger.parsing import month_add, month_range


def monthly(
    series: pd.DataFrame, name: str = "magnet_exports", partner: str = "WLD", measure: str = "tonnes"
) -> pd.Series:
    """Known monthly values (reported or derived) of one series and partner, by period."""
    sel = series[(series.series == name) & (series.partner == partner) & (series.measure == measure)]
    return pd.Series(sel["value"].to_numpy(), index=sel["period"].to_numpy(), name=partner).sort_index()


def controls_month(events: pd.DataFrame, event_id: str) -> str:
    """The month of an event's first date (the policy events table may date one event several times)."""
    rows = events[events.event_id == event_id].sort_values("date")
    if rows.empty:
        raise ValueError(f"no policy event {event_id!r} in the events table")
    return str(rows.iloc[0]["date"])[:7]


def statuses(series: pd.DataFrame, name: str = "magnet_exports", partner: str = "WLD") -> pd.Series:
    sel = series[(series.series == name) & (series.partner == partner) & (series.measure == "tonnes")]
    return pd.Series(sel["status"].to_numpy(), index=sel["period"].to_numpy()).sort_index()


@dataclass(frozen=True)
class Baseline:
    """Average monthly level over a window, and how much of the window it rests on.

    `low` and `high` bound the average by the ranges of its months (`value_low`, `value_high`:
    the rounding of reported months, the propagated range of derived ones); None when no ranges
    were given."""

    start: str
    end: str
    mean: float | None
    months_known: list[str]
    months_in_window: int
    low: float | None = None
    high: float | None = None

    @property
    def coverage(self) -> str:
        return f"{len(self.months_known)} of {self.months_in_window} months"


def window_baseline(s: pd.Series, start: str, end: str, low: pd.Series | None = None,
                    high: pd.Series | None = None) -> Baseline:
    """The average of the known months of `s` in the window; with `low` and `high` (each month's
    range, same index), the range of the average: the mean of the lows to the mean of the highs."""  # fmt: skip
    window = month_range(start, end)
    known = [p for p in window if p in s.index]
    mean = float(s[known].mean()) if known else None
    lo, hi = _mean_range(known, low, high)
    return Baseline(start, end, mean, known, len(window), lo, hi)


def _mean_range(known: list[str], low: pd.Series | None, high: pd.Series | None) -> tuple[float | None, float | None]:
    if not known or low is None or high is None:
        return None, None
    return float(low.reindex(known).mean()), float(high.reindex(known).mean())


def monthly_range(series: pd.DataFrame, name: str = "magnet_exports", partner: str = "WLD",
                  measure: str = "tonnes") -> pd.DataFrame:
    """Known monthly values of one series and partner with their range and status, by period:
    columns value, low, high, status. A frame without `value_low`/`value_high` gives each value as
    its own range."""  # fmt: skip
    sel = series[(series.series == name) & (series.partner == partner) & (series.measure == measure)]
    low = sel["value_low"] if "value_low" in sel.columns else sel["value"]
    high = sel["value_high"] if "value_high" in sel.columns else sel["value"]
    status = sel["status"] if "status" in sel.columns else pd.Series("reported", index=sel.index)
    frame = pd.DataFrame({"value": sel["value"].to_numpy(dtype=float), "low": low.to_numpy(dtype=float),
                          "high": high.to_numpy(dtype=float), "status": status.to_numpy()}, index=sel["period"].to_numpy())  # fmt: skip
    return frame.sort_index()


def pct_range(new_low: float, new_high: float, old_low: float, old_high: float) -> tuple[float, float]:
    """The % change from a level in [old_low, old_high] to one in [new_low, new_high]."""
    lo = (new_low / old_high - 1.0) * 100.0 if old_high > 0 else float("nan")
    hi = (new_high / old_low - 1.0) * 100.0 if old_low > 0 else float("inf")
    return lo, hi


def same_month_last_year(s: pd.Series, period: str) -> float | None:
    prior = month_add(period, -12)
    return float(s[prior]) if prior in s.index else None


@dataclass(frozen=True)
class Trough:
    period: str
    value: float
    vs_baseline_pct: float | None  # % below (negative) the pre-controls average
    vs_last_year_pct: float | None  # % change on the same month a year earlier
    # The ranges of the two changes, from the ranges of the levels (None without ranges).
    vs_baseline_range: tuple[float, float] | None = None
    vs_last_year_range: tuple[float, float] | None = None


def trough(s: pd.Series, start: str, end: str, baseline: Baseline, low: pd.Series | None = None,
           high: pd.Series | None = None) -> Trough | None:
    """Lowest known month from `start` (the controls) to `end` (inclusive). With `low` and `high`
    (each month's range) and a baseline with a range, the changes carry their ranges too."""  # fmt: skip
    window = s[(s.index >= start) & (s.index <= end)]
    if window.empty:
        return None
    period = str(window.idxmin())
    value = float(window.min())
    last_year = same_month_last_year(s, period)
    vs_base = vs_year = None
    if low is not None and high is not None and period in low.index:
        lo, hi = float(low[period]), float(high[period])
        if baseline.mean and baseline.low is not None:
            vs_base = pct_range(lo, hi, baseline.low, baseline.high)
        prior = month_add(period, -12)
        if last_year and prior in low.index:
            vs_year = pct_range(lo, hi, float(low[prior]), float(high[prior]))
    return Trough(
        period,
        value,
        pct_change(value, baseline.mean) if baseline.mean else None,
        pct_change(value, last_year) if last_year else None,
        vs_base,
        vs_year,
    )


def pct_change(new: float, old: float) -> float:
    return (new / old - 1.0) * 100.0


def month_on_month_multiples(s: pd.Series) -> pd.Series:
    """Ratio of each month to the month before, where both are known (e.g. 7.7 = 7.7 times)."""
    out = {}
    for p in s.index:
        prev = month_add(p, -1)
        if prev in s.index and s[prev] > 0:
            out[p] = float(s[p] / s[prev])
    return pd.Series(out, dtype=float)


def multiples_by_partner(levels: dict[str, pd.Series]) -> pd.DataFrame:
    """Month-on-month multiples of several series: one row per partner and month."""
    rows = [
        {"partner": c, "period": p, "multiple": m}
        for c, s in levels.items()
        for p, m in month_on_month_multiples(s).items()
    ]
    return pd.DataFrame(rows, columns=["partner", "period", "multiple"])


def recovery_index(s: pd.Series, baseline: float) -> pd.Series:
    """Each month as % of the baseline (100 = back to the pre-controls level)."""
    return s / baseline * 100.0


def months_to_recover(s: pd.Series, baseline: float, start: str, end: str, threshold: float = 100.0) -> dict:
    """First month at or above `threshold`% of baseline after the trough, counted from `start`.

    Returns {'trough': period, 'recovered': period or None, 'months': int or None,
    'unknown_months': periods with no data between trough and recovery (the count is then a bound)}.
    """
    window = s[(s.index >= start) & (s.index <= end)]
    if window.empty:
        return {"trough": None, "recovered": None, "months": None, "unknown_months": []}
    low = str(window.idxmin())
    index = recovery_index(window, baseline)
    after = index[index.index > low]
    hit = after[after >= threshold]
    recovered = str(hit.index[0]) if len(hit) else None
    last = recovered or end
    unknown = [p for p in month_range(low, last) if p not in s.index]
    months = len(month_range(start, recovered)) - 1 if recovered else None
    return {"trough": low, "recovered": recovered, "months": months, "unknown_months": unknown}


@dataclass(frozen=True)
class Shortfall:
    start: str
    end: str
    tonnes: float  # counterfactual minus actual, summed over the known months
    months_counted: list[str]
    months_missing: list[str]
    method: str
    # The range of `tonnes` from the ranges of the baseline and the months (None without ranges).
    tonnes_low: float | None = None
    tonnes_high: float | None = None


def shortfall_vs_flat(s: pd.Series, baseline: Baseline, start: str, end: str, low: pd.Series | None = None,
                      high: pd.Series | None = None) -> Shortfall:
    """Tonnes not exported against a flat counterfactual: every month at the pre-controls average.
    With `low`, `high` (each month's range) and a baseline range, the total's range: the lowest
    average minus the highest months to the highest average minus the lowest months."""  # fmt: skip
    months = month_range(start, end)
    counted = [p for p in months if p in s.index]
    total = float(sum(baseline.mean - s[p] for p in counted)) if baseline.mean else float("nan")
    t_lo = t_hi = None
    if baseline.mean and baseline.low is not None and low is not None and high is not None and counted:
        t_lo = float(len(counted) * baseline.low - high.reindex(counted).sum())
        t_hi = float(len(counted) * baseline.high - low.reindex(counted).sum())
    return Shortfall(
        start,
        end,
        total,
        counted,
        [p for p in months if p not in s.index],
        f"each month from {start} to {end} against the {baseline.start} to {baseline.end} monthly average "
        f"({baseline.coverage} known); months above the average count as negative shortfall",
        t_lo,
        t_hi,
    )


def shortfall_vs_last_year(s: pd.Series, start: str, end: str) -> Shortfall:
    """Tonnes not exported against the same months a year earlier (only months with both known)."""
    months = month_range(start, end)
    counted = [p for p in months if p in s.index and month_add(p, -12) in s.index]
    total = float(sum(s[month_add(p, -12)] - s[p] for p in counted))
    return Shortfall(
        start,
        end,
        total,
        counted,
        [p for p in months if p not in counted],
        f"each month from {start} to {end} against the same month a year earlier",
    )


def ytd_pace(series: pd.DataFrame, name: str = "magnet_exports", partner: str = "WLD") -> pd.DataFrame:
    """Year-to-date total against the same span a year earlier, month by month.

    Uses the reported year-to-date % change where a source gives it; otherwise computes it from
    year-to-date totals (reported or derived) when both years are known.
    """
    pct = monthly(series, name, partner, "ytd_yoy_pct")
    ytd = monthly(series, name, partner, "ytd_tonnes")
    rows = []
    for p in sorted(set(pct.index) | set(ytd.index)):
        prior = month_add(p, -12)
        if p in pct.index:
            row = {"period": p, "ytd_yoy_pct": float(pct[p]), "basis": "reported"}
            rows.append(row | {"ytd_tonnes": ytd.get(p), "prior_ytd_tonnes": ytd.get(prior)})
        elif p in ytd.index and prior in ytd.index:
            row = {"period": p, "ytd_yoy_pct": pct_change(ytd[p], ytd[prior]), "basis": "computed"}
            rows.append(row | {"ytd_tonnes": ytd[p], "prior_ytd_tonnes": ytd[prior]})
    return pd.DataFrame(rows, columns=["period", "ytd_yoy_pct", "basis", "ytd_tonnes", "prior_ytd_tonnes"])


@dataclass(frozen=True)
class DestinationRecovery:
    """One destination against its own pre-controls average: lowest month after the controls, latest month."""

    partner: str
    baseline: Baseline
    low_period: str | None
    low_value: float | None
    latest_period: str | None
    latest_value: float | None
    months_known: int | None = None  # months with a known tonnage (reported or derived), all periods
    months_reported: int | None = None  # of which reported by a source
    latest_low: float | None = None  # the latest month's range (rounding, derivation, conflicting sources)
    latest_high: float | None = None

    @property
    def latest_index(self) -> float | None:
        if self.baseline.mean and self.latest_value is not None:
            return self.latest_value / self.baseline.mean * 100
        return None

    @property
    def latest_index_range(self) -> tuple[float, float] | None:
        """The latest month's range against the average's range, in % (None without ranges)."""
        b = self.baseline
        if None in (self.latest_low, self.latest_high, b.low, b.high) or not b.high:
            return None
        return self.latest_low / b.high * 100, (self.latest_high / b.low * 100 if b.low > 0 else float("inf"))


def destination_recovery(partner: str, s: pd.Series, start: str, end: str, controls: str,
                         low: pd.Series | None = None, high: pd.Series | None = None) -> DestinationRecovery:
    """`s` against its own average over `start`-`end`; the low is taken from the `controls` month on.
    With `low` and `high` (each month's range, same index), the average and the latest month carry
    their ranges."""  # fmt: skip
    base = window_baseline(s, start, end, low, high)
    after = s[s.index >= controls]
    latest = s.index[-1] if len(s) else None
    return DestinationRecovery(
        partner,
        base,
        str(after.idxmin()) if len(after) else None,
        float(after.min()) if len(after) else None,
        str(latest) if latest is not None else None,
        float(s.iloc[-1]) if len(s) else None,
        latest_low=float(low[latest]) if low is not None and latest in low.index else None,
        latest_high=float(high[latest]) if high is not None and latest in high.index else None,
    )


def destination_shares(series: pd.DataFrame, partners: list[str], name: str = "magnet_exports") -> pd.DataFrame:
    """Share of the world total by destination, for months where both are known.

    Only destinations a source quantified are included, so the shares do not sum to 100% and the
    Herfindahl index over them is a lower bound on concentration.
    """
    world = monthly(series, name, "WLD")
    rows = []
    for c in partners:
        s = monthly(series, name, c)
        for p, v in s.items():
            if p in world.index and world[p] > 0:
                rows.append({"period": p, "partner": c, "tonnes": float(v), "share_pct": float(v / world[p] * 100)})
    frame = pd.DataFrame(rows, columns=["period", "partner", "tonnes", "share_pct"])
    return frame.sort_values(["period", "partner"], ignore_index=True)


def concentration(shares: pd.DataFrame) -> pd.DataFrame:
    """Per month: number of destinations known, their combined share, and the HHI over them."""
    if shares.empty:
        return pd.DataFrame(columns=["period", "destinations", "known_share_pct", "hhi_lower_bound"])
    g = shares.groupby("period")
    frame = pd.DataFrame(
        {
            "destinations": g["partner"].count(),
            "known_share_pct": g["share_pct"].sum(),
            "hhi_lower_bound": g["share_pct"].apply(lambda x: float((x**2).sum())),
        }
    )
    return frame.reset_index()
