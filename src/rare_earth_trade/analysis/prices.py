"""Pr-Nd prices by month and how they moved after the export controls.

Input is the frame of `ledger.evidence.load_prices`: one row per printed price, already in one unit
per currency (CNY/t or USD/kg). A series is one (market, product, unit): yuan and dollar prices are
separate series, never converted into each other.

- `monthly_prices`: per series and month, the mean of the month's observation midpoints, the lowest
  low and highest high printed, and the number of observations.
- `price_moves`: the average level in a pre-controls baseline window and in later periods, and the
  % change against the baseline. A period's level is the mean of its monthly means, so that a month
  with five weekly reports weighs as much as a month with one.
- `price_sentence`: the moves of one series in plain text.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from ..ledger.evidence import MARKET_LABELS, PRODUCT_LABELS
from ..ledger.parsing import month_range
from ..report import fmt

SERIES_KEYS = ["market", "product", "unit"]


@dataclass(frozen=True)
class Period:
    key: str
    name: str  # "April-June 2025"
    label: str  # as it reads after "higher": "during the April-June 2025 controls and collapse"
    start: str  # YYYY-MM
    end: str | None  # YYYY-MM; None = the latest month with data


BASELINE = Period("baseline", "the pre-controls baseline", "in the pre-controls baseline", "2024-04", "2025-03")
PERIODS = (
    Period("controls", "April-June 2025", "during the April-June 2025 controls and collapse", "2025-04", "2025-06"),
    Period("rebound", "July-September 2025", "in the July-September 2025 rebound", "2025-07", "2025-09"),
    Period("october_controls", "October-December 2025", "in October-December 2025 after the October controls",
           "2025-10", "2025-12"),
    Period("2026", "2026", "in 2026 to date", "2026-01", None),
)


def monthly_prices(prices: pd.DataFrame) -> pd.DataFrame:
    """One row per (market, product, unit, month): mean of midpoints, min low, max high, n."""
    cols = [*SERIES_KEYS, "month", "mean", "low", "high", "n"]
    if prices.empty:
        return pd.DataFrame(columns=cols)
    g = prices.groupby([*SERIES_KEYS, "month"], sort=True)
    out = g.agg(mean=("mid", "mean"), low=("low", "min"), high=("high", "max"), n=("mid", "size")).reset_index()
    return out[cols]


def chart_frame(prices: pd.DataFrame) -> pd.DataFrame:
    """Monthly prices with a readable series label, ready for a line-with-range chart."""
    m = monthly_prices(prices)
    m["series"] = [series_label(r.market, r.product, r.unit) for r in m.itertuples()]
    m["date"] = pd.to_datetime(m["month"] + "-15")
    return m


def series_label(market: str, product: str, unit: str) -> str:
    return f"{MARKET_LABELS.get(market, market)}, {PRODUCT_LABELS.get(product, product)} ({unit})"


def price_moves(prices: pd.DataFrame, baseline: Period = BASELINE, periods: tuple[Period, ...] = PERIODS) -> pd.DataFrame:
    """Per series and period: average level, n months and observations, % change vs the baseline.

    One row per (market, product, unit, period), the baseline first. A period with no observation
    in a series has level NaN and n_obs 0; the change is NaN when either level is missing. A period
    whose end is None runs to the latest month of any series (`open_ended`).
    """
    m = monthly_prices(prices)
    latest = m["month"].max() if not m.empty else None
    rows = []
    for keys, s in m.groupby(SERIES_KEYS, sort=True):
        s = s.set_index("month")
        base = _level(s, baseline.start, baseline.end or latest)
        for p in (baseline, *periods):
            end = p.end or latest
            lvl = base if p is baseline else _level(s, p.start, end)
            change = (lvl["level"] / base["level"] - 1) * 100 if lvl["n_obs"] and base["n_obs"] else float("nan")
            rows.append({**dict(zip(SERIES_KEYS, keys)), "period": p.key, "name": p.name, "label": p.label, "start": p.start,
                         "end": end, "open_ended": p.end is None, **lvl, "change_pct": change})  # fmt: skip
    cols = [*SERIES_KEYS, "period", "name", "label", "start", "end", "open_ended", "level", "low", "high", "n_months", "n_obs",
            "change_pct"]
    return pd.DataFrame(rows, columns=cols)


def _level(s: pd.DataFrame, start: str, end: str | None) -> dict:
    months = [p for p in month_range(start, end) if p in s.index] if end and end >= start else []
    if not months:
        return {"level": float("nan"), "low": float("nan"), "high": float("nan"), "n_months": 0, "n_obs": 0}
    w = s.loc[months]
    return {"level": float(w["mean"].mean()), "low": float(w["low"].min()), "high": float(w["high"].max()),
            "n_months": len(months), "n_obs": int(w["n"].sum())}  # fmt: skip


def fmt_price(value: float, unit: str, digits: int = 3) -> str:
    """A price rounded to `digits` significant figures: 406887, 'CNY/t' -> '407,000 CNY/t';
    53.36, 'USD/kg' -> '$53.4/kg'."""
    rounded = float(f"{value:.{digits}g}")
    text = f"{rounded:,.0f}" if rounded >= 10 ** (digits - 1) else f"{rounded:,g}"
    if unit.startswith("USD"):
        return f"${text}/{unit.split('/')[1]}"
    return f"{text} {unit}"


def month_span(start: str, end: str) -> str:
    """'2026-01', '2026-02' -> 'Jan–Feb 2026'; '2024-04', '2025-03' -> 'Apr 2024–Mar 2025'."""
    return fmt.month_span(start, end, long=False)


def price_sentence(moves: pd.DataFrame, market: str = "china_domestic", product: str = "prnd_oxide",
                   unit: str | None = None) -> str:
    """How one series moved from the baseline to each later period, in plain text.

    Periods without observations are named as such; nothing is said that the frame does not hold.
    """  # fmt: skip
    sel = moves[(moves.market == market) & (moves["product"] == product)]
    if unit is not None:
        sel = sel[sel.unit == unit]
    name = f"{MARKET_LABELS.get(market, market)} {PRODUCT_LABELS.get(product, product)}"
    if sel.empty:
        return f"We hold no {name} prices."
    if sel.unit.nunique() > 1:
        raise ValueError(f"{name} is priced in {', '.join(sorted(sel.unit.unique()))}: pass unit= to choose one")
    u = sel.unit.iloc[0]
    base = sel[sel.period == "baseline"].iloc[0]
    later = sel[sel.period != "baseline"]
    if not base.n_obs:
        held = later[later.n_obs > 0]
        if held.empty:
            return f"We hold no {name} prices in the periods compared."
        parts = [f"{fmt_price(r.level, u)} {r.label} ({_span(r)}{_obs(r.n_obs)})" for r in held.itertuples()]
        return (f"We hold no {name} price in the pre-controls baseline ({month_span(base.start, base.end)}), "
                f"so no change can be given; it averaged {fmt.join(parts)}.")  # fmt: skip
    head = (f"{name[0].upper() + name[1:]} averaged {fmt_price(base.level, u)} in the pre-controls baseline "
            f"({month_span(base.start, base.end)}, {_obs(base.n_obs)} in {base.n_months} months)")  # fmt: skip
    parts, missing = [], []
    for r in later.itertuples():
        if not r.n_obs:
            missing.append(r.name)
            continue
        direction = "higher" if r.change_pct > 0 else "lower"
        change = "unchanged" if round(r.change_pct) == 0 else f"{abs(r.change_pct):.0f}% {direction}"
        parts.append(f"{change} {r.label} ({fmt_price(r.level, u)}, {_span(r)}{_obs(r.n_obs)})")
    text = head + (f"; it was {fmt.join(parts)}." if parts else ".")
    if missing:
        text += f" We hold no observation for {fmt.join(missing, 'or')}."
    return text


def _span(r) -> str:
    """For an open-ended period ('2026 to date'), the months it covers."""
    return f"{month_span(r.start, r.end)}, " if r.open_ended else ""


def _obs(n: int) -> str:
    return f"{n} observation{'s' if n != 1 else ''}"



def policy_marks(policy_events: pd.DataFrame, categories: tuple[str, ...] = ("control", "suspension")) -> pd.DataFrame:
    """Dated policy events to mark on a chart (data/raw/policy_events.csv): one row per event and date.

    Only events dated by day are returned; a scheduled date later than every price or event the
    chart shows can be dropped by the caller.
    """
    sel = policy_events[policy_events.category.isin(categories)]
    sel = sel[sel.date.str.len() == 10].drop_duplicates(["date", "event_id"])
    out = sel[["date", "event_id", "title", "category"]].sort_values(["date", "event_id"]).reset_index(drop=True)
    out["timestamp"] = pd.to_datetime(out["date"])
    return out


def price_brief_sentence(moves: pd.DataFrame, market: str = "china_domestic", product: str = "prnd_oxide",
                         unit: str | None = None) -> str:
    """One short sentence for the brief: the baseline level, the first and the latest later period held
    (the one later period, when only one is held).

    Falls back to `price_sentence` when the series has no baseline or no later period.
    """  # fmt: skip
    sel = moves[(moves.market == market) & (moves["product"] == product)]
    if unit is not None:
        sel = sel[sel.unit == unit]
    if sel.empty or sel.unit.nunique() > 1:
        return price_sentence(moves, market, product, unit)
    base = sel[sel.period == "baseline"].iloc[0]
    held = sel[(sel.period != "baseline") & (sel.n_obs > 0)]
    if not base.n_obs or held.empty:
        return price_sentence(moves, market, product, unit)
    u = base.unit
    first, last = held.iloc[0], held.iloc[-1]
    name = f"{MARKET_LABELS.get(market, market)} {PRODUCT_LABELS.get(product, product)}"

    def change(r) -> str:
        return "unchanged" if round(r.change_pct) == 0 else f"{abs(r.change_pct):.0f}% {'higher' if r.change_pct > 0 else 'lower'}"

    head = f"{name[0].upper() + name[1:]} averaged {fmt_price(base.level, u)} before the controls ({month_span(base.start, base.end)})"
    tail = f"{change(last)} {last.label} ({fmt_price(last.level, u)}, {month_span(last.start, last.end)})"
    if len(held) == 1:
        return f"{head}; it was {tail}."
    return f"{head}; it was {change(first)} {first.label} and {tail}."


def periods_as_of(as_of: str | None, periods: tuple[Period, ...] = PERIODS) -> tuple[Period, ...]:
    """The later periods a report as of a month can speak of: those begun by `as_of`, each ending
    at `as_of` at the latest (a period not yet begun is left out, not reported as missing); an
    open-ended period stays open, running to the latest month held."""
    if as_of is None:
        return periods
    out = []
    for p in periods:
        if p.start > as_of:
            continue
        out.append(replace(p, end=as_of) if p.end is not None and p.end > as_of else p)
    return tuple(out)


def coverage_sentence(prices: pd.DataFrame, skip: tuple[tuple[str, str], ...] = (("china_domestic", "prnd_oxide"),)) -> str:
    """Which other price series we hold, in their own units and months: 'We also hold FOB China
    Pr-Nd oxide in USD/kg (Jan 2024-Jan 2025, 9 observations) and ...'. Series in `skip` (market,
    product) are left out; yuan and dollar series are named apart, never converted."""
    m = monthly_prices(prices)
    parts = []
    for (market, product, unit), s in m.groupby(SERIES_KEYS, sort=True):
        if (market, product) in skip:
            continue
        parts.append(f"{MARKET_LABELS.get(market, market)} {PRODUCT_LABELS.get(product, product)} in {unit} "
                     f"({month_span(s['month'].min(), s['month'].max())}, {_obs(int(s['n'].sum()))})")  # fmt: skip
    if not parts:
        return ""
    return (f"We also hold {fmt.join(parts)}; dollar and yuan prices are separate series, never converted into each "
            "other.")  # fmt: skip


def baseline_period(start: str, end: str) -> Period:
    """The pre-controls baseline over the report's own window (the baseline_start/_end parameters)."""
    return replace(BASELINE, start=start, end=end)
