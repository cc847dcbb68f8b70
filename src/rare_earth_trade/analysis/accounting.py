"""Recovery accounting: how much of the supply lost after the controls came back, and when.

Everything here is a pure function of plain inputs, so it can be tested on small hand-made series.
The input is a *monthly frame*: indexed by 'YYYY-MM' period, columns ``value``, ``low``, ``high``
(tonnes, low <= value <= high) and optionally ``status`` ('reported' / 'derived'). A month without
data is absent, never zero. :func:`monthly_frame` builds one from the resolved series table.

Typical use (what the notebooks and briefs do)::

    actual = monthly_frame(dataset.series)                     # world magnet exports, tonnes
    results = recovery_accounts(actual, as_of="2026-03")      # one Recouped per counterfactual
    summary_table(results)                                     # counterfactual side by side
    cumulative_gaps(results)                                   # figure data: one line per counterfactual
    recovery_sentence(results)                                 # the brief's sentence
    year_comparisons(actual, monthly_frame(dataset.series, measure="ytd_tonnes"), "2026-03")
    destination_accounts(monthly_frame(dataset.series, partner="USA"), "USA", "2026-03")

Counterfactuals (what exports would have been without the controls), each with an interval:

* ``flat``: every month at the pre-controls baseline average (mean of the known window months; the
  interval is the mean of their lows to the mean of their highs).
* ``last_year``: the same month a year earlier, with that month's own interval; unknown where that
  month is unknown or is itself after the controls (then it is no counterfactual).
* ``trend``: the baseline months carried forward at a constant growth rate, by default their mean
  year-on-year change (``method='year_on_year'``; seasonality cancels out), or least squares on
  their log levels (``method='log_levels'``); the interval spans that line and the same line
  computed on the months' lows and on their highs. The growth per year is on the result.

Gaps are counterfactual minus actual; the interval of a gap (and of any sum of gaps) pairs the
counterfactual's low end with the actual's high end and vice versa, so derived months, whose value
ranges are wider, widen every total they enter. Months without data are listed, never skipped silently.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..ledger.parsing import month_add, month_range

CONTROLS = "2025-04"  # first month under the April 2025 export controls
BASELINE_START, BASELINE_END = "2024-04", "2025-03"  # the twelve months before the controls
MIN_MONTHS = 6  # destinations need this many known months before and after the controls

LABELS = {
    "flat": "the pre-controls average",
    "last_year": "last year's months",
    "trend": "the pre-controls trend",
}
LONG_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December"]  # fmt: skip


# ── input ─────────────────────────────────────────────────────────────────────────────────────────


def monthly_frame(series: pd.DataFrame, name: str = "magnet_exports", partner: str = "WLD",
                  measure: str = "tonnes") -> pd.DataFrame:
    """One series, partner and measure of the resolved series table as a monthly frame.

    Columns value, low, high, status, indexed by period. ``low``/``high`` come from the table's
    ``value_low``/``value_high`` columns; where those are absent (or empty) they equal ``value``.
    """  # fmt: skip
    sel = series[(series.series == name) & (series.partner == partner) & (series.measure == measure)]
    value = sel["value"].astype(float).to_numpy()
    low = sel["value_low"].astype(float).fillna(sel["value"]).to_numpy() if "value_low" in sel else value
    high = sel["value_high"].astype(float).fillna(sel["value"]).to_numpy() if "value_high" in sel else value
    frame = pd.DataFrame({"value": value, "low": low, "high": high}, index=pd.Index(sel["period"], name="period"))
    frame["status"] = sel["status"].to_numpy() if "status" in sel else "reported"
    return _checked(frame.sort_index())


def as_monthly(values: pd.Series | pd.DataFrame | Mapping[str, float]) -> pd.DataFrame:
    """Accept a monthly frame, a Series or a {period: value} mapping; missing low/high = value."""
    if isinstance(values, pd.DataFrame):
        frame = values.copy()
    else:
        frame = pd.DataFrame({"value": pd.Series(values, dtype=float)})
    for col in ("low", "high"):
        if col not in frame:
            frame[col] = frame["value"]
        frame[col] = frame[col].astype(float).fillna(frame["value"])
    if "status" not in frame:
        frame["status"] = "reported"
    frame = frame[frame["value"].notna()]
    frame.index = frame.index.astype(str)
    frame.index.name = "period"
    return _checked(frame[["value", "low", "high", "status"]].sort_index())


def _checked(frame: pd.DataFrame) -> pd.DataFrame:
    if frame.index.has_duplicates:
        raise ValueError(f"more than one value for {sorted(set(frame.index[frame.index.duplicated()]))}")
    bad = frame[(frame["low"] > frame["value"] + 1e-9) | (frame["value"] > frame["high"] + 1e-9)]
    if len(bad):
        raise ValueError(f"low <= value <= high does not hold for {list(bad.index)}")
    return frame


# ── counterfactuals ───────────────────────────────────────────────────────────────────────────────


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


def _span(start: str, end: str) -> str:
    """'2024-04', '2025-03' -> 'April 2024–March 2025'; same year -> 'April–June 2025'."""
    if start == end:
        return month_name(start)
    if start[:4] == end[:4]:
        return f"{LONG_MONTHS[int(start[5:7]) - 1]}–{month_name(end)}"
    return f"{month_name(start)}–{month_name(end)}"


def month_name(period: str) -> str:
    """'2026-03' -> 'March 2026'."""
    return f"{LONG_MONTHS[int(period[5:7]) - 1]} {period[:4]}"


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
    method = (f"each month at the {_span(baseline_start, baseline_end)} monthly average "
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
    span = _span(baseline_start, baseline_end)
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
        text = (f"the {span} monthly values ({coverage}) carried forward at their mean year-on-year growth "
                f"({growth['value']:+.1f}% a year, over the {len(pairs)} of them whose month a year earlier is known)")
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


def _range(value: float | None, low: float | None, high: float | None, fmt: str) -> str:
    if value is None or math.isnan(value):
        return "n/a"
    text = format(value, fmt)
    if low is not None and high is not None and (format(low, fmt) != text or format(high, fmt) != text):
        text += f" [{format(low, fmt)}–{format(high, fmt)}]"
    return text


def _missing_by_kind(r: Recouped) -> str:
    kinds = r.account.frame.loc[r.months_missing, "missing"]
    parts = [f"{months_text(list(kinds.index[kinds == kind]))} ({kind})" for kind in dict.fromkeys(kinds)]
    return "; ".join(parts) or "none"


def summary_table(results: Mapping[str, Recouped]) -> pd.DataFrame:
    """Counterfactuals side by side, formatted for a report table (ranges in brackets)."""
    rows = []
    for r in results.values():
        ok = r.available
        rows.append({
            "Counterfactual": r.counterfactual.label,
            "Shortfall period": (_span(r.trough_start, r.trough_end) if r.trough_end else "none") if ok
                                else "not computed",
            "Shortfall (t)": _range(r.shortfall, r.shortfall_low, r.shortfall_high, ",.0f") if ok else "n/a",
            "Made up since (t)": _range(r.made_up, r.made_up_low, r.made_up_high, ",.0f") if ok else "n/a",
            "Share made up (%)": _range(r.share_pct, r.share_low, r.share_high, ".0f"),
            "Gap closed": (month_name(r.closed) if r.closed else f"not closed by {month_name(r.as_of)}") if ok
                          else "n/a",
            "Months missing": _missing_by_kind(r),
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


# ── calendar years and year to date ───────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class SpanTotal:
    """Total of January to ``end`` of one year: value, low, high, and the basis it rests on."""

    start: str
    end: str
    value: float | None
    low: float | None
    high: float | None
    basis: str  # 'monthly' | 'year-to-date total' | 'unknown'
    note: str  # e.g. 'sum of the 12 monthly values (2 derived)'


@dataclass(frozen=True)
class YearComparison:
    """January to ``end`` against the same months a year earlier."""

    current: SpanTotal
    prior: SpanTotal
    change_pct: float | None
    change_low: float | None
    change_high: float | None
    basis: str  # one sentence: where the change comes from, or why there is none

    @property
    def available(self) -> bool:
        return self.change_pct is not None


def span_total(actual: pd.DataFrame, ytd: pd.DataFrame | None, end: str) -> SpanTotal:
    """January..end of end's year: the sum of the monthly values when all are known, else the
    year-to-date total at ``end`` (reported or derived), else unknown (naming the missing months)."""
    actual = as_monthly(actual)
    start = f"{end[:4]}-01"
    months = month_range(start, end)
    missing = [p for p in months if p not in actual.index]
    if not missing:
        m = actual.loc[months]
        derived = int((m["status"] == "derived").sum())
        return SpanTotal(start, end, float(m["value"].sum()), float(m["low"].sum()), float(m["high"].sum()),
                         "monthly", f"sum of the {len(months)} monthly values ({derived} derived)")  # fmt: skip
    ytd = as_monthly(ytd) if ytd is not None else None
    if ytd is not None and end in ytd.index:
        row = ytd.loc[end]
        return SpanTotal(start, end, float(row["value"]), float(row["low"]), float(row["high"]), "year-to-date total",
                         f"{row['status']} year-to-date total for {_span(start, end)}")  # fmt: skip
    names = ", ".join(month_name(p) for p in missing)
    return SpanTotal(start, end, None, None, None, "unknown",
                     f"no total for {_span(start, end)}: month(s) {names} unknown and no year-to-date total")  # fmt: skip


def compare_year_to_date(actual: pd.DataFrame, ytd: pd.DataFrame | None, end: str,
                         ytd_pct: pd.DataFrame | None = None) -> YearComparison:
    """January..end against January..end a year earlier, in %, with its interval.

    From the two totals where both are known (see :func:`span_total`); otherwise from a reported
    year-to-date % change at ``end`` (``ytd_pct``, a monthly frame of measure ytd_yoy_pct) if any.
    """
    cur, pri = span_total(actual, ytd, end), span_total(actual, ytd, month_add(end, -12))
    span = _span(cur.start, cur.end)
    if cur.value is not None and pri.value is not None and pri.value > 0:
        change = (cur.value / pri.value - 1) * 100
        low, high = (cur.low / pri.high - 1) * 100, (cur.high / pri.low - 1) * 100
        basis = f"{span} ({cur.note}) against {_span(pri.start, pri.end)} ({pri.note})"
        return YearComparison(cur, pri, change, low, high, basis)
    pct = as_monthly(ytd_pct) if ytd_pct is not None else None
    if pct is not None and end in pct.index:
        row = pct.loc[end]
        basis = f"{row['status']} year-to-date % change for {span}; " + (cur.note if cur.value is None else pri.note)
        return YearComparison(cur, pri, float(row["value"]), float(row["low"]), float(row["high"]), basis)
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


# ── sentences ─────────────────────────────────────────────────────────────────────────────────────


def approx_tonnes(value: float) -> str:
    """Two significant figures with a thousands separator: 7,964 -> '~8,000 t'."""
    if value == 0 or math.isnan(value):
        return f"~{value:,.0f} t"
    digits = 1 - int(math.floor(math.log10(abs(value))))
    return f"~{round(value, digits):,.0f} t"


def _pct_range(r: Recouped) -> str:
    text = f"{r.share_pct:.0f}%"
    lo, hi = f"{r.share_low:.0f}", f"{r.share_high:.0f}"
    return text if lo == hi == f"{r.share_pct:.0f}" else f"{text} ({lo}–{hi}%)"


def months_text(periods: list[str]) -> str:
    """['2025-04', '2025-05', '2025-06', '2025-12'] -> 'April–June 2025, December 2025'."""
    runs: list[list[str]] = []
    for p in sorted(periods):
        if runs and month_add(runs[-1][-1], 1) == p:
            runs[-1].append(p)
        else:
            runs.append([p])
    return ", ".join(_span(run[0], run[-1]) for run in runs)


def _missing_note(r: Recouped) -> str:
    if not r.months_missing:
        return ""
    return f" (partial: no figure to compare for {months_text(r.months_missing)})"


def _unavailable(r: Recouped) -> str:
    cf = r.counterfactual
    if cf.frame["value"].isna().all():
        return f"not computed ({cf.method})"
    return f"not computed (no figure to compare for {months_text(r.months_missing)})"


def _clause(r: Recouped, lead: Recouped | None) -> str:
    """What happened against one counterfactual, after its label."""
    label = r.counterfactual.label
    if r.counterfactual.name == "trend" and r.counterfactual.annual_growth_pct is not None:
        label += f" ({r.counterfactual.annual_growth_pct:+.0f}% a year)"
    if not r.available:
        return f"against {label}, {_unavailable(r)}"
    if r.no_shortfall:
        return f"against {label}, exports were not below it{_missing_note(r)}"
    same = lead is not None and (lead.trough_start, lead.trough_end) == (r.trough_start, r.trough_end)
    of = f"of {approx_tonnes(r.shortfall)}" + ("" if same else f" in {_span(r.trough_start, r.trough_end)}")
    if r.closed:
        what = f"all {of} by {month_name(r.closed)}"
    elif r.nothing_made_up:
        what = f"none {of}"
    else:
        what = f"about {_pct_range(r)} {of}"
    return f"against {label}, {what}{_missing_note(r)}"


def recovery_sentence(results: Mapping[str, Recouped], lead: str = "flat") -> str:
    """The brief's sentence on how much of the shortfall was made up, naming each counterfactual.

    Leads with ``lead`` (default the pre-controls average), then the others. Claims no recovery
    where nothing has been made up (e.g. as of June 2025).
    """
    first = results[lead]
    others = [r for name, r in results.items() if name != lead]
    as_of = month_name(first.as_of)
    tail = "; ".join(_clause(r, first) for r in others)
    tail = f"; {tail}." if tail else "."
    cf = first.counterfactual.label
    if not first.available:
        return f"As of {as_of}, the shortfall against {cf} is {_unavailable(first)}" + tail
    if first.no_shortfall:
        return f"As of {as_of}, exports had not fallen below {cf} since the controls{_missing_note(first)}" + tail
    lost = f"{approx_tonnes(first.shortfall)} not shipped in {_span(first.trough_start, first.trough_end)}"
    if first.nothing_made_up:
        still = ("exports were still below that level" if first.back_at is None
                 else "later months had not, on balance, been above that level")  # fmt: skip
        head = f"Of the {lost} against {cf}, none had been made up by {as_of}: {still}{_missing_note(first)}"
    elif first.closed:
        head = (f"The {lost} against {cf} had been made up in full by {month_name(first.closed)}"
                f"{_missing_note(first)}")  # fmt: skip
    else:
        head = f"Of the {lost}, about {_pct_range(first)} had been made up by {as_of} against {cf}{_missing_note(first)}"
    return head + tail
