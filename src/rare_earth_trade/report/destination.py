"""What the destination brief shows (notebooks/destination/destination_brief.py): the code check,
sentences, the monthly chart and the tables, from `analysis.destination`'s results.

Sentences are plain text (the notebook's `display.md` escapes them); where the data are thin they
say so. The chart is a matplotlib Figure with its report options attached, as in `report.charts`.
"""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure

from ..analysis import accounting
from ..analysis.destination import Coverage, with_data
from ..analysis.recovery import DestinationRecovery
from ..build.params import check_destinations
from ..ledger import vocab
from ..ledger.vocab import partner_name
from . import fmt
from .charts import CUSTOMS, _dates, _events_note, _mark_events, _month_axis, _span, _with_gaps, themed
from .display import describe
from .theme import PALETTE


def destination_code(value: object, series: pd.DataFrame, as_of: str) -> str:
    """The brief's `destination` parameter, checked like the build's `destinations`: a known code
    with data as of the month; otherwise a ParameterError naming the destinations available."""
    code = str(value or "").strip().upper()
    available = with_data(series)
    if not code:
        from ..errors import ParameterError

        raise ParameterError(f"parameter destination is not set; destinations with data as of {as_of}: {', '.join(available)}")
    check_destinations([code], available, set(vocab.partners()), as_of, name="destination")
    return code


def _months(periods: list[str]) -> str:
    return accounting.months_text(periods) if periods else "none"


def title(code: str, rec: DestinationRecovery, as_of: str, min_months: int = 3) -> str:
    """The brief's title: where the destination stood against its own pre-controls average, or,
    with too few pre-controls months known, its latest month."""
    name = partner_name(code, in_sentence=True)
    head = f"China's rare-earth magnet exports to {name}"
    if rec.latest_period is None:
        return f"{head}: no monthly tonnage known as of {fmt.month(as_of, long=True)}"
    if rec.latest_index is None or len(rec.baseline.months_known) < min_months:
        return f"{head} were {fmt.tonnes(rec.latest_value)} in {fmt.month(rec.latest_period, long=True)}, the latest month known"
    return (f"{head} stood at {rec.latest_index:.0f}% of their pre-controls average "
            f"in {fmt.month(rec.latest_period, long=True)}")  # fmt: skip


def coverage_sentence(code: str, cov: Coverage) -> str:
    name = partner_name(code, in_sentence=True)
    head = (f"From {fmt.month(cov.start)} to {fmt.month(cov.end)}, a monthly tonnage for {name} is known for "
            f"{cov.known} of {cov.months} months: {len(cov.reported)} reported, {len(cov.derived)} derived, "
            f"{len(cov.missing)} missing")  # fmt: skip
    if cov.derived:
        head += f". Derived: {_months(cov.derived)} (implied by other reported figures, not reported directly)"
    if cov.missing:
        head += f". Missing: {_months(cov.missing)}"
    return head + "."


def recovery_sentence(code: str, rec: DestinationRecovery, account: accounting.DestinationAccount,
                      min_months: int = 3) -> str:
    """Against its own pre-controls average; says plainly when too few months are known."""
    name = partner_name(code, in_sentence=True)
    b = rec.baseline
    if len(b.months_known) < min_months or b.mean is None:
        return (f"Too few pre-controls months are known for {name} to measure its recovery: {b.coverage} of the "
                f"{fmt.month(b.start)} to {fmt.month(b.end)} window ({min_months} needed).")  # fmt: skip
    text = f"Exports to {name} averaged {fmt.tonnes(b.mean)} a month before the controls ({b.coverage} known)"
    if rec.low_period:
        text += (f"; after them they fell as low as {fmt.tonnes(rec.low_value)} in {fmt.month(rec.low_period, long=True)} "
                 f"({rec.low_value / b.mean * 100:.0f}% of that average)")  # fmt: skip
    if rec.latest_period and rec.latest_index is not None:
        text += f", and stood at {fmt.tonnes(rec.latest_value)} in {fmt.month(rec.latest_period, long=True)} ({rec.latest_index:.0f}%)"
    text += "."
    if account.computed:
        text += " " + accounting.recovery_sentence(account.results)
    else:
        text += f" The shortfall accounting is not computed: {account.note.split(': ', 1)[1]}."
    return text


def share_sentence(code: str, share: pd.DataFrame, rank: pd.DataFrame) -> str:
    name = partner_name(code, in_sentence=True)
    parts = []
    if share.empty:
        parts.append(f"No month has both a figure for {name} and a world total, so its share of China's exports is unknown")
    else:
        last = share.iloc[-1]
        lo, hi = share.loc[share.share_pct.idxmin()], share.loc[share.share_pct.idxmax()]
        parts.append(f"{name[0].upper() + name[1:]} took {last.share_pct:.1f}% of China's magnet exports in "
                     f"{fmt.month(last.period, long=True)} ({len(share)} month(s) with both figures; "
                     f"lowest {lo.share_pct:.1f}% in {fmt.month(lo.period)}, highest {hi.share_pct:.1f}% in {fmt.month(hi.period)})")  # fmt: skip
    if rank.empty:
        parts.append("no reported top-destination list places it")
    else:
        places = ", ".join(f"{_ordinal(int(r.rank))} in {fmt.month(r.period)}" for r in rank.itertuples())
        parts.append(f"reported top-destination lists place it {places}")
    return "; ".join(parts) + "."


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def events_sentence(code: str, events: pd.DataFrame) -> str:
    name = partner_name(code, in_sentence=True)
    own = events[events["concerns"] != "every destination"].drop_duplicates("event_id")
    wide = events[events["concerns"] == "every destination"].drop_duplicates("event_id")
    if own.empty:
        head = f"No policy event in the data names {name}"
    else:
        head = f"{fmt.n(len(own), 'policy event')} name{'s' if len(own) == 1 else ''} {name}, the latest {own.iloc[-1].title} ({own.iloc[-1].date})"
    return f"{head}; {fmt.n(len(wide), 'China-wide control or suspension event')} concern{'s' if len(wide) == 1 else ''} every destination."


def gaps(code: str, cov: Coverage, share: pd.DataFrame, rank: pd.DataFrame, rec: DestinationRecovery,
         min_months: int = 3) -> list[str]:
    """What the data cannot say about the destination, one plain sentence each."""
    name = partner_name(code, in_sentence=True)
    out = []
    if cov.missing:
        out.append(f"No figure for {name} in {len(cov.missing)} of {cov.months} months ({_months(cov.missing)}).")
    if cov.derived:
        out.append(f"{len(cov.derived)} month(s) are derived, not reported: {_months(cov.derived)}.")
    if len(rec.baseline.months_known) < min_months:
        out.append(f"Only {rec.baseline.coverage} of the pre-controls baseline are known: no recovery index.")
    if share.empty:
        out.append("No share of China's total: no month with both its figure and the world total.")
    if rank.empty:
        out.append("No rank: no reported top-destination list names it.")
    return out or [f"None in the window: every month from {fmt.month(cov.start)} to {fmt.month(cov.end)} is known."]


# --- chart and tables ---------------------------------------------------------------------------
@themed
def monthly_chart(code: str, figures: pd.DataFrame, baseline: float | None, events: pd.DataFrame, start: str,
                  end: str) -> Figure:
    """Monthly tonnes to the destination: reported points filled, derived hollow, ranges as bars,
    its own pre-controls average dashed, the events that concern it marked."""
    name = partner_name(code)
    f = figures[(figures.period >= start) & (figures.period <= end)]
    fig = Figure(figsize=(8.0, 3.6))
    ax = fig.subplots()
    s = pd.Series(f.value.to_numpy(), index=f.period.to_numpy())
    full = _with_gaps(s, end)
    ax.plot(_dates(full.index), full.values, color=PALETTE[0], lw=1.4, zorder=2)
    x = _dates(f.period)
    rep, der = (f.status == "reported").to_numpy(), (f.status == "derived").to_numpy()
    ax.vlines(x, f.value_low, f.value_high, color=PALETTE[0], lw=2.5, alpha=0.35, zorder=1)
    ax.scatter(x[rep], f.value[rep], color=PALETTE[0], s=24, zorder=3, label="reported")
    ax.scatter(x[der], f.value[der], facecolor="white", edgecolor=PALETTE[0], s=24, zorder=3, label="derived")
    if baseline:
        ax.axhline(baseline, color=PALETTE[1], lw=1, ls="--", label="its pre-controls average")
    sel = _mark_events(ax, events, start, end) if len(f) else events.iloc[:0]
    ax.set_ylabel("tonnes per month")
    ax.set_ylim(0, None)
    ax.set_xlim(pd.Timestamp(f"{start}-01"), pd.Timestamp(f"{end}-28"))  # the whole window: gaps show
    _month_axis(ax)
    if len(f):
        ax.legend(loc="upper left", fontsize=8, frameon=True)
    span = _span(f.period) if len(f) else fmt.month_span(start, end, long=False)
    latest = f"latest {fmt.tonnes(f.value.iloc[-1])} in {fmt.month(f.period.iloc[-1])}" if len(f) else "no months known"
    alt = f"Line chart of China's monthly rare-earth magnet exports to {name}, {span}: {len(f)} months known, {latest}."
    note = ("Hollow points are derived from other reported figures; bars show each value's range; lines break at "
            "months no source reported. " + _events_note(sel))  # fmt: skip
    data = f[["period", "value", "value_low", "value_high", "status"]].round(1)
    return describe(fig, cap=f"China's rare-earth magnet exports to {name}, {span}", unit="tonnes per month",
                    source=CUSTOMS, alt=alt, note=note, data=data)  # fmt: skip


def months_table(figures: pd.DataFrame) -> pd.DataFrame:
    """One row per known month: tonnes, range, status, source (with its address in `url`)."""
    rng = [f"{lo:,.0f}–{hi:,.0f}" if abs(hi - lo) >= 0.5 else "" for lo, hi in zip(figures.value_low, figures.value_high)]
    return pd.DataFrame({
        "month": [fmt.month(p) for p in figures.period], "tonnes": [fmt.tonnes(v) for v in figures.value],
        "range": rng, "status": figures.status, "source": figures.source, "url": figures.url,
    })  # fmt: skip


def share_table(share: pd.DataFrame, rank: pd.DataFrame) -> pd.DataFrame:
    """Per month: its tonnes, China's total and its share where both are known; its reported rank."""
    merged = share.merge(rank, on="period", how="outer").sort_values("period")
    return pd.DataFrame({
        "month": [fmt.month(p) for p in merged.period],
        "tonnes": [fmt.tonnes(v) if pd.notna(v) else "" for v in merged.tonnes],
        "China's total": [fmt.tonnes(v) if pd.notna(v) else "" for v in merged.world],
        "share": [f"{v:.1f}%" if pd.notna(v) else "" for v in merged.share_pct],
        "rank": [str(int(v)) if pd.notna(v) else "" for v in merged["rank"]],
        "rank source": merged.source.fillna(""), "url": merged.url.fillna(""),
    })  # fmt: skip


def events_table(events: pd.DataFrame) -> pd.DataFrame:
    """One row per event (its first date): date, event, whom it concerns, source (address in `url`)."""
    first = events.drop_duplicates("event_id")
    return pd.DataFrame({
        "date": first.date, "event": first.title, "concerns": first.concerns, "source": first.publisher,
        "url": first.source_url,
    })  # fmt: skip
