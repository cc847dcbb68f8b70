"""The cumulative gap (counterfactual minus actual) since the controls, and how much of it was made up.

Gaps are counterfactual minus actual; the interval of a gap (and of any sum of gaps) pairs the
counterfactual's low end with the actual's high end and vice versa, so derived months, whose value
ranges are wider, widen every total they enter. Months without data keep their row and are listed,
never skipped silently. The same accounting runs for a destination against its own baseline where
enough months are known (:func:`destination_accounts`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ...ledger.parsing import month_add, month_range
from .counterfactuals import Counterfactual, counterfactuals
from .monthly import BASELINE_END, BASELINE_START, CONTROLS, MIN_MONTHS, as_monthly

# ── cumulative gap ────────────────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class GapAccount:
    """Gap (counterfactual minus actual) month by month from the controls, and its running total.

    ``frame`` columns: actual, actual_low, actual_high, cf, cf_low, cf_high, gap, gap_low, gap_high,
    cum_gap, cum_low, cum_high, missing. A month missing the actual or the counterfactual keeps its
    row with NaN gap and cumulative and says what is missing; the running total carries on over the
    known months, so after a missing month it is partial (``partial``).
    """

    counterfactual: Counterfactual
    frame: pd.DataFrame
    months_missing: list[str]

    @property
    def partial(self) -> bool:
        return bool(self.months_missing)

    @property
    def total(self) -> tuple[float, float, float]:
        """Cumulative gap over the known months (value, low, high)."""
        f = self.frame
        return float(f["gap"].sum()), float(f["gap_low"].sum()), float(f["gap_high"].sum())


def cumulative_gap(actual: pd.DataFrame, cf: Counterfactual) -> GapAccount:
    """Counterfactual minus actual for every month of the counterfactual, and the running sum."""
    actual = as_monthly(actual)
    periods = list(cf.frame.index)
    a = actual.reindex(periods)
    f = pd.DataFrame({
        "actual": a["value"], "actual_low": a["low"], "actual_high": a["high"],
        "cf": cf.frame["value"], "cf_low": cf.frame["low"], "cf_high": cf.frame["high"],
    }, index=pd.Index(periods, name="period"))  # fmt: skip
    f["gap"] = f["cf"] - f["actual"]
    f["gap_low"] = f["cf_low"] - f["actual_high"]
    f["gap_high"] = f["cf_high"] - f["actual_low"]
    no_actual, no_cf = f["actual"].isna(), f["cf"].isna()
    f["missing"] = np.select([no_actual & no_cf, no_actual, no_cf],
                             ["actual and counterfactual", "actual", "counterfactual"], "")  # fmt: skip
    known = f["missing"] == ""
    for col, src in (("cum_gap", "gap"), ("cum_low", "gap_low"), ("cum_high", "gap_high")):
        f[col] = f[src].where(known, 0.0).cumsum().where(known)
    return GapAccount(cf, f, list(f.index[~known]))


# ── recouped ──────────────────────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class Recouped:
    """How much of the trough-period shortfall later months made up, against one counterfactual.

    The trough period runs from the controls to the month before the first known month at or
    above the counterfactual (``back_at``), or to the as-of month if exports never got back.
    ``made_up`` is the net surplus of the later months (a later month below the counterfactual
    counts against it); ``share_pct`` = made_up / shortfall, between 0 and 100, its low end from
    the pessimistic ends (least made up over the largest shortfall). ``closed`` is the first month
    whose cumulative gap is <= 0 (None: not closed by the as-of month); ``closed_earliest`` /
    ``closed_latest`` the same on the optimistic / pessimistic ends of the cumulative interval.
    ``available`` is False when no month of the shortfall period has both figures: then the
    numbers are zeros and mean nothing (the sentence says "not computed").
    """

    account: GapAccount
    as_of: str
    trough_start: str
    trough_end: str | None  # None: exports were at or above the counterfactual from the start
    back_at: str | None
    shortfall: float
    shortfall_low: float
    shortfall_high: float
    made_up: float
    made_up_low: float
    made_up_high: float
    share_pct: float | None
    share_low: float | None
    share_high: float | None
    closed: str | None
    closed_earliest: str | None
    closed_latest: str | None
    available: bool = True  # False: no month of the shortfall period has both figures (nothing computed)

    @property
    def counterfactual(self) -> Counterfactual:
        return self.account.counterfactual

    @property
    def months_missing(self) -> list[str]:
        return self.account.months_missing

    @property
    def partial(self) -> bool:
        return self.account.partial

    @property
    def nothing_made_up(self) -> bool:
        """True when no part of the shortfall has been made up (share 0 or no later month yet)."""
        return self.shortfall > 0 and self.made_up <= 0

    @property
    def no_shortfall(self) -> bool:
        """True when exports were known to be at or above the counterfactual from the controls on."""
        return self.available and self.shortfall <= 0


def _share(made_up: float, shortfall: float) -> float:
    if shortfall <= 0:
        return 100.0 if made_up > 0 else 0.0
    return float(min(max(made_up / shortfall, 0.0), 1.0) * 100.0)


def recouped(account: GapAccount) -> Recouped:
    """Shortfall of the trough period, the part of it made up since, and when the gap closed."""
    f = account.frame
    known = f[f["missing"] == ""]
    back = known.index[known["actual"] >= known["cf"]]
    back_at = str(back[0]) if len(back) else None
    start, as_of = str(f.index[0]), str(f.index[-1])
    trough_end = month_add(back_at, -1) if back_at else as_of
    in_trough = known.index <= trough_end
    trough, later = known[in_trough], known[~in_trough]
    short = (float(trough["gap"].sum()), float(trough["gap_low"].sum()), float(trough["gap_high"].sum()))
    made = (0.0 - float(later["gap"].sum()), 0.0 - float(later["gap_high"].sum()), 0.0 - float(later["gap_low"].sum()))
    if short[0] > 0:
        share = _share(made[0], short[0])
        lo, hi = _share(made[1], short[2]), _share(made[2], short[1])
        share_lh = (min(lo, share), max(hi, share))
    else:
        share, share_lh = None, (None, None)

    def first_closed(col: str) -> str | None:
        hit = later.index[later[col] <= 0]
        return str(hit[0]) if len(hit) and short[0] > 0 else None

    return Recouped(
        account, as_of, start, trough_end if trough_end >= start else None, back_at,
        *short, *made, share, *share_lh,
        first_closed("cum_gap"), first_closed("cum_low"), first_closed("cum_high"),
        available=back_at == start or len(trough) > 0,
    )  # fmt: skip


def recovery_accounts(actual: pd.DataFrame, as_of: str, controls: str = CONTROLS,
                      baseline_start: str = BASELINE_START, baseline_end: str = BASELINE_END,
                      trend_method: str = "year_on_year") -> dict[str, Recouped]:
    """The whole accounting against each counterfactual: {'flat': Recouped, 'last_year': ..., 'trend': ...}."""
    actual = as_monthly(actual)
    cfs = counterfactuals(actual, as_of, controls, baseline_start, baseline_end, trend_method)
    return {name: recouped(cumulative_gap(actual, cf)) for name, cf in cfs.items()}


def _if(ok: bool, x: float) -> float:
    return x if ok else math.nan


def summary(results: Mapping[str, Recouped]) -> pd.DataFrame:
    """Counterfactuals side by side, numbers (for CSVs and further computation)."""
    rows = []
    for name, r in results.items():
        ok = r.available
        rows.append({
            "counterfactual": name, "label": r.counterfactual.label, "available": r.available,
            "trough_start": r.trough_start, "trough_end": r.trough_end, "back_at": r.back_at,
            "shortfall_t": _if(ok, r.shortfall), "shortfall_low": _if(ok, r.shortfall_low),
            "shortfall_high": _if(ok, r.shortfall_high), "made_up_t": _if(ok, r.made_up), "made_up_low": _if(ok, r.made_up_low),
            "made_up_high": _if(ok, r.made_up_high), "share_pct": r.share_pct, "share_low": r.share_low,
            "share_high": r.share_high, "closed": r.closed, "as_of": r.as_of, "partial": r.partial,
            "months_missing": ", ".join(r.months_missing),
            "method": r.counterfactual.method,
        })  # fmt: skip
    return pd.DataFrame(rows)


def cumulative_gaps(results: Mapping[str, Recouped]) -> pd.DataFrame:
    """Figure data, long: period, counterfactual, gap, cum_gap, cum_low, cum_high, missing."""
    parts = []
    for name, r in results.items():
        f = r.account.frame.reset_index()
        f.insert(1, "counterfactual", name)
        parts.append(f[["period", "counterfactual", "gap", "gap_low", "gap_high", "cum_gap", "cum_low", "cum_high",
                        "missing"]])  # fmt: skip
    return pd.concat(parts, ignore_index=True)


def cumulative_gaps_wide(results: Mapping[str, Recouped]) -> pd.DataFrame:
    """Figure data, wide: period, actual_t, then per counterfactual its cumulative gap and bounds
    (``flat``, ``flat_low``, ``flat_high``, ``last_year``, ...), empty where a month is missing."""
    first = next(iter(results.values()))
    out = pd.DataFrame({"actual_t": first.account.frame["actual"]})
    for name, r in results.items():
        f = r.account.frame
        out[name], out[f"{name}_low"], out[f"{name}_high"] = f["cum_gap"], f["cum_low"], f["cum_high"]
    return out.rename_axis("period").reset_index()


# ── by destination ────────────────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class DestinationAccount:
    """The accounting for one destination, or why it was not computed (too few known months)."""

    partner: str
    baseline_months_known: int
    baseline_months_in_window: int
    months_after_known: int
    months_after: int
    min_months: int
    results: dict[str, Recouped] | None  # None: too few months

    @property
    def computed(self) -> bool:
        return self.results is not None

    @property
    def coverage(self) -> str:
        return (f"{self.baseline_months_known} of {self.baseline_months_in_window} baseline months and "
                f"{self.months_after_known} of {self.months_after} months since the controls known")  # fmt: skip

    @property
    def note(self) -> str:
        if self.computed:
            return f"{self.partner}: {self.coverage}"
        return f"{self.partner}: too few months ({self.coverage}; at least {self.min_months} of each needed)"


def destination_accounts(actual: pd.DataFrame, partner: str, as_of: str, min_months: int = MIN_MONTHS,
                         controls: str = CONTROLS, baseline_start: str = BASELINE_START,
                         baseline_end: str = BASELINE_END, trend_method: str = "year_on_year") -> DestinationAccount:
    """:func:`recovery_accounts` for one destination against its own baseline, computed only when
    at least ``min_months`` baseline months and ``min_months`` months since the controls are known."""
    actual = as_monthly(actual)
    window, after = month_range(baseline_start, baseline_end), month_range(controls, as_of)
    n_base = sum(p in actual.index for p in window)
    n_after = sum(p in actual.index for p in after)
    ok = n_base >= min_months and n_after >= min_months
    results = recovery_accounts(actual, as_of, controls, baseline_start, baseline_end, trend_method) if ok else None
    return DestinationAccount(partner, n_base, len(window), n_after, len(after), min_months, results)

