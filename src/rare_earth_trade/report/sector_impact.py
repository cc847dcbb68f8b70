"""Sector impact: the charts and reader tables of the disruptions, the Pr-Nd prices, the article's
sector claims and the allocation scenario (issue 10).

Charts follow report/charts.py: each takes the frames it plots and returns a `Figure` with its
caption, unit, source, note, alt text and published data attached (`display.describe`); policy
events are marked and numbered as on the other time-series charts. Prices are drawn one panel per
currency unit (CNY per tonne, USD per kg): yuan and dollar prices are never converted into each
other. Tables return DataFrames with reader-facing column names; `display.table` escapes them.
"""

from __future__ import annotations

import matplotlib.dates as mdates
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter

from ..analysis import allocation as A
from ..analysis import disruptions as D
from ..analysis import prices as P
from ..analysis.metrics import RecoveryMetrics
from ..ledger.evidence import KIND_LABELS, KINDS, MARKET_LABELS, MARKETS, PRODUCTS, SECTOR_LABELS, SECTORS, format_date
from ..ledger.parsing import month_range
from . import fmt
from .charts import CUSTOMS, _dates, _events_note, _mark_events, _month_axis, themed
from .display import describe
from .theme import PALETTE

KIND_COLOURS = {
    "halt": PALETTE[3], "licence_refused": PALETTE[1], "slowdown": PALETTE[4], "warning": PALETTE[8],
    "licence_granted": PALETTE[2], "resumption": PALETTE[0],
}  # fmt: skip
SECTOR_COLOURS = dict(zip(SECTORS, [PALETTE[0], PALETTE[1], PALETTE[2], PALETTE[4], PALETTE[5]]))
PRODUCT_COLOURS = {"prnd_oxide": PALETTE[0], "prnd_metal": PALETTE[3], "nd_oxide": PALETTE[2]}
MARKET_STYLES = {"china_domestic": ("o", "-"), "fob_china": ("s", "--"), "europe": ("^", ":")}  # marker, line
UNIT_AXES = {"CNY/t": "CNY per tonne", "USD/kg": "USD per kg"}
DISRUPTIONS_SOURCE = "press reports in data/raw/sector_disruptions.csv (each event's source in the events table)"
DOT_AREA = 16  # points^2 per event in the timeline's dots


def _vlines(axes, sel: pd.DataFrame) -> None:
    """The policy events `_mark_events` numbered on the top panel, as dotted lines on the others."""
    for ax in axes:
        for d in sel.date:
            ax.axvline(pd.Timestamp(d), color="0.45", lw=0.8, ls=":", zorder=0)


def _short_events_note(sel: pd.DataFrame, dates: bool = True) -> str:
    """'Dotted lines: policy events (1 2025-04-04, 2 2025-05-12), as on the exports chart.' (without
    the dates: 'Dotted lines: the policy events numbered on the exports chart.')"""
    if sel.empty:
        return ""
    if not dates:
        return "Dotted lines: the policy events numbered on the exports chart."
    return "Dotted lines: policy events (" + ", ".join(f"{i + 1} {ev.date}" for i, ev in sel.iterrows()) + "), as on the exports chart."


def _thousands(ax) -> None:
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))


def _top_origins(frame: pd.DataFrame, n: int = 4) -> str:
    """'SMM, SunSirs (生意社), Reuters and 5 others' from a ledger frame's origins, most rows first."""
    counts = frame["origin"].value_counts()
    names = list(counts.index[:n])
    more = len(counts) - len(names)
    return ", ".join(names) + (f" and {more} other{'s' if more != 1 else ''}" if more > 0 else "")


def price_source(prices: pd.DataFrame) -> str:
    """The Source line of a price chart: who printed the prices, and where they are listed."""
    if prices.empty:
        return "data/raw/prices.csv"
    return f"price reports by {_top_origins(prices)}, each listed in data/raw/prices.csv"


# --- disruptions against exports ------------------------------------------------------------------
def timeline_frame(disruptions: pd.DataFrame, start: str, end: str) -> pd.DataFrame:
    """`disruptions.timeline` between two months, with the first- or second-hand count (`n_firm`)."""
    t = D.timeline(disruptions)
    t = t[(t["month"] >= start) & (t["month"] <= end)].reset_index(drop=True)
    t["n_firm"] = t["n"] - t["n_weak"]
    return t


@themed
def disruption_timeline(m: RecoveryMetrics, disruptions: pd.DataFrame, events: pd.DataFrame,
                        start: str = "2025-01") -> Figure:  # fmt: skip
    """Two panels on one time axis: world monthly magnet exports with the policy events marked; the
    reported events by sector (rows) and kind (colour), dot area the number of events, weak reports
    as rings."""
    end = m.as_of
    s = m.world[(m.world.index >= start) & (m.world.index <= end)]
    status = m.world_status.reindex(s.index)
    t = timeline_frame(disruptions, start, end)
    fig = Figure(figsize=(8, 5.6))
    top, bottom = fig.subplots(2, 1, sharex=True, gridspec_kw={"height_ratios": [1, 1.5]})

    full = s.reindex(month_range(start, end))
    top.plot(_dates(full.index), full.values, color=PALETTE[0], lw=1.6, zorder=2)
    rep, der = (status == "reported").values, (status == "derived").values
    x = _dates(s.index)
    top.scatter(x[rep], s[rep].values, color=PALETTE[0], s=18, zorder=3, label="reported")
    top.scatter(x[der], s[der].values, facecolor="white", edgecolor=PALETTE[0], s=18, zorder=3, label="derived")
    if m.baseline.mean:
        top.axhline(m.baseline.mean, color=PALETTE[1], lw=1, ls="--", label="pre-controls average")
    top.set_ylim(0, None)
    top.set_ylabel("exports, t/month")
    _thousands(top)
    top.legend(loc="lower left", fontsize=7, frameon=True)
    sel = _mark_events(top, events, start, end)
    _vlines([bottom], sel)

    rows = {sector: len(SECTORS) - 1 - i for i, sector in enumerate(SECTORS)}  # first sector on top
    for r in t.itertuples():
        offset = pd.Timedelta(days=4.5 * (KINDS.index(r.kind) - (len(KINDS) - 1) / 2))
        xr, y, colour = pd.Timestamp(r.timestamp) + offset, rows[r.sector], KIND_COLOURS[r.kind]
        if r.n_weak:
            bottom.scatter([xr], [y], s=DOT_AREA * r.n, facecolor="none", edgecolor=colour, lw=1.2, zorder=3)
        if r.n_firm:
            bottom.scatter([xr], [y], s=DOT_AREA * r.n_firm, color=colour, alpha=0.9, lw=0, zorder=4)
    bottom.set_yticks(list(rows.values()), [SECTOR_LABELS[k] for k in rows], fontsize=8)
    bottom.set_ylim(-0.7, len(SECTORS) - 0.3)
    bottom.set_xlim(pd.Timestamp(f"{start}-01"), pd.Timestamp(f"{end}-01") + pd.offsets.MonthEnd(1))
    bottom.grid(axis="y", visible=False)
    _month_axis(bottom)
    if len(month_range(start, end)) <= 12:
        bottom.xaxis.set_major_locator(mdates.MonthLocator())
        bottom.xaxis.set_major_formatter(mdates.DateFormatter("%b\n%Y"))
    handles = [Line2D([], [], ls="", marker="o", color=KIND_COLOURS[k], label=KIND_LABELS[k]) for k in KINDS]
    handles.append(Line2D([], [], ls="", marker="o", markerfacecolor="none", markeredgecolor="0.3", label="weak report (ring)"))
    bottom.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.22), ncol=4, fontsize=7, frameon=False)
    fig.tight_layout()

    span = fmt.month_span(start, end, long=False)
    n, weak = int(t["n"].sum()), int(t["n_weak"].sum())
    by_sector = t.groupby("sector")["n"].sum()
    sectors = "; ".join(f"{SECTOR_LABELS[k]} {int(by_sector[k])}" for k in SECTORS if k in by_sector.index)
    busiest = t.groupby("month")["n"].sum()
    peak = f" The most events were reported in {fmt.month(busiest.idxmax())} ({int(busiest.max())})." if n else ""
    low = f" Exports were lowest in {fmt.month(s.idxmin())} ({fmt.tonnes(s.min())})." if len(s) else ""
    bottom_text = (f"{n} reported sector events as dots by sector and kind ({sectors}), {weak} of them weak reports.{peak}"
                   if n else "no reported sector event.")  # fmt: skip
    alt = f"Two panels sharing a time axis, {span}. Top: China's monthly magnet exports to the world.{low} Bottom: {bottom_text}"
    note = ("Bottom panel: each dot is one sector, month and kind of event; its area is the number of events "
            f"({DOT_AREA} points² per event); rings count weak (unsourced or uncorroborated) reports as well, so a ring "
            "around a filled dot means part of that month's count rests on weak reports. Events known only to the month "
            "sit mid-month. Hollow export points are derived from reported changes or totals. " + _events_note(sel))  # fmt: skip
    exports = pd.DataFrame({"panel": "exports", "period": s.index, "tonnes": s.values.round(1), "status": status.values})
    counts = pd.DataFrame({"panel": "events", "period": t["month"], "sector": t["sector"], "kind": t["kind"],
                           "events": t["n"], "weak": t["n_weak"]})  # fmt: skip
    data = pd.concat([exports, counts], ignore_index=True)
    return describe(
        fig,
        cap=f"Reported disruptions by sector and kind against China's magnet exports, {span}",
        unit="tonnes per month (top); events per month (bottom, dot area)",
        source=f"{CUSTOMS} (top); {DISRUPTIONS_SOURCE} (bottom)",
        alt=alt,
        note=note,
        data=data,
    )


# --- prices ---------------------------------------------------------------------------------------
def price_frame(prices: pd.DataFrame) -> pd.DataFrame:
    """`prices.chart_frame` with who printed each month's prices (`sources`), in market and product order."""
    cf = P.chart_frame(prices)
    if cf.empty:
        return cf.assign(sources=pd.Series(dtype=str))
    who = prices.groupby([*P.SERIES_KEYS, "month"])["origin"].agg(lambda o: "; ".join(sorted(set(o)))).rename("sources")
    cf = cf.merge(who.reset_index(), on=[*P.SERIES_KEYS, "month"], how="left")
    order = {(mk, pr): i for i, (mk, pr) in enumerate((mk, pr) for mk in MARKETS for pr in PRODUCTS)}
    cf["_order"] = [order.get((r.market, r["product"]), len(order)) for _, r in cf.iterrows()]
    return cf.sort_values(["unit", "_order", "month"]).drop(columns="_order").reset_index(drop=True)


def _series_style(market: str, product: str) -> dict:
    """Colour by product, marker and line style by market: a product reads the same in both panels."""
    return {"colour": PRODUCT_COLOURS.get(product, PALETTE[7]), "marker": MARKET_STYLES.get(market, ("o", "-"))[0],
            "ls": MARKET_STYLES.get(market, ("o", "-"))[1]}  # fmt: skip


def _draw_series(ax, s: pd.DataFrame, start: str, end: str, colour, label: str, marker: str = "o", ls: str = "-") -> None:
    """One monthly price series: line through the monthly means (broken at months without a
    report), markers where there is one, and the band of the lowest low to the highest high."""
    full = s.set_index("month").reindex(month_range(max(start, s["month"].min()), end))
    x = _dates(full.index)
    ax.fill_between(x, full["low"].values, full["high"].values, color=colour, alpha=0.15, lw=0)
    ax.plot(x, full["mean"].values, color=colour, lw=1.4, ls=ls)
    ax.plot(_dates(s["month"]), s["mean"].values, ls="", marker=marker, ms=3.5, color=colour, label=label)


def _series_text(s: pd.DataFrame, unit: str) -> str:
    first, last = s.iloc[0], s.iloc[-1]
    if len(s) == 1:
        return f"{P.fmt_price(first['mean'], unit)} in {fmt.month(first['month'])}"
    return (f"{P.fmt_price(first['mean'], unit)} in {fmt.month(first['month'])} to {P.fmt_price(last['mean'], unit)} "
            f"in {fmt.month(last['month'])}")  # fmt: skip


def _empty(cap: str, text: str, source: str) -> Figure:
    fig = Figure(figsize=(8, 1.5))
    ax = fig.subplots()
    ax.text(0.5, 0.5, text, ha="center", va="center")
    ax.axis("off")
    return describe(fig, cap=cap, source=source, alt=text + ".", data=pd.DataFrame())


@themed
def price_chart(prices: pd.DataFrame, events: pd.DataFrame, end: str, start: str | None = None) -> Figure:
    """Monthly Pr-Nd (and neodymium) prices, one panel per currency unit, the controls marked.

    `prices` is the frame of `ledger.evidence.load_prices` (already cut at the as-of month); `end`
    is the as-of month; `start` defaults to the first month held."""
    cf = price_frame(prices)
    cf = cf[(cf["month"] <= end) & (cf["month"] >= (start or ""))]
    if cf.empty:
        return _empty("Pr-Nd prices", "No price observations in the data", price_source(prices))
    start = start or cf["month"].min()
    units = [u for u in UNIT_AXES if u in set(cf["unit"])] + sorted(set(cf["unit"]) - set(UNIT_AXES))
    fig = Figure(figsize=(8, 2.5 * len(units) + 0.7))
    axes = list(fig.subplots(len(units), 1, sharex=True, squeeze=False)[:, 0])
    texts = []
    for ax, unit in zip(axes, units):
        for label, s in cf[cf["unit"] == unit].groupby("series", sort=False):
            r = s.iloc[0]
            style = _series_style(r.market, r["product"])
            _draw_series(ax, s, start, end, style["colour"], label.rsplit(" (", 1)[0], style["marker"], style["ls"])
            texts.append(f"{label}: {_series_text(s, unit)}")
        ax.set_ylabel(UNIT_AXES.get(unit, unit))
        ax.set_ylim(0, None)
        _thousands(ax)
        ax.legend(loc="upper left", fontsize=7, frameon=True)
    sel = _mark_events(axes[0], events, start, end)
    _vlines(axes[1:], sel)
    axes[-1].set_xlim(pd.Timestamp(f"{start}-01"), pd.Timestamp(f"{end}-01") + pd.offsets.MonthEnd(1))
    _month_axis(axes[-1])
    fig.tight_layout()
    span = fmt.month_span(start, end, long=False)
    alt = (f"Line chart in {len(units)} panel{'s' if len(units) != 1 else ''} ({', '.join(UNIT_AXES.get(u, u) for u in units)}), "
           f"{span}, monthly mean prices: " + "; ".join(texts) + ".")  # fmt: skip
    note = ("Lines join the monthly means of the prices reported in the month (midpoints of low and high) and break at "
            "months without a report; shaded bands span the lowest low and the highest high printed. Yuan and dollar "
            "prices are drawn in separate panels and never converted into each other. " + _events_note(sel))  # fmt: skip
    data = cf[["series", "market", "product", "unit", "month", "mean", "low", "high", "n", "sources"]].round(2)
    return describe(
        fig,
        cap=f"Pr-Nd prices in China and outside it, {span}",
        unit=" and ".join(UNIT_AXES.get(u, u) for u in units) + ", monthly mean of reported prices",
        source=price_source(prices),
        alt=alt,
        note=note,
        data=data,
    )


# --- the brief's figure: one price series beside the events per month --------------------------------
@themed
def prices_and_disruptions(prices: pd.DataFrame, disruptions: pd.DataFrame, events: pd.DataFrame, end: str,
                           start: str = "2024-01", events_start: str = "2025-01", market: str = "china_domestic",
                           product: str = "prnd_oxide", unit: str = "CNY/t") -> Figure:  # fmt: skip
    """Compact, for the brief: one price series (China domestic Pr-Nd oxide in CNY per tonne by
    default) from `start`, beside the reported sector events per month from `events_start`, stacked
    by sector, weak reports apart; both to `end`, the policy events marked on both."""
    cf = price_frame(prices)
    cf = cf[(cf["market"] == market) & (cf["product"] == product) & (cf["unit"] == unit)]
    cf = cf[(cf["month"] >= start) & (cf["month"] <= end)]
    plotted = prices[(prices["market"] == market) & (prices["product"] == product) & (prices["unit"] == unit)
                     & (prices["month"] >= start) & (prices["month"] <= end)]  # fmt: skip
    events_start = min(max(start, events_start), end)
    t = timeline_frame(disruptions, events_start, end)
    if cf.empty and t.empty:
        return _empty("Prices and reported disruptions", "No price or disruption in the data",
                      f"{price_source(prices)}; {DISRUPTIONS_SOURCE}")  # fmt: skip
    fig = Figure(figsize=(8, 2.5))
    top, bottom = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.25, 1]})
    name = f"{MARKET_LABELS.get(market, market)} {P.PRODUCT_LABELS.get(product, product)}"
    if not cf.empty:
        style = _series_style(market, product)
        _draw_series(top, cf, start, end, style["colour"], name, style["marker"], style["ls"])
        top.set_ylim(0, cf["high"].max() * 1.1)
    top.set_ylabel(UNIT_AXES.get(unit, unit), fontsize=8)
    top.tick_params(labelsize=8)
    if not cf.empty:
        top.legend(loc="lower right", fontsize=7, frameon=True)
    _thousands(top)

    months = month_range(events_start, end)
    firm = t.pivot_table(index="month", columns="sector", values="n_firm", aggfunc="sum").reindex(index=months, columns=SECTORS).fillna(0)
    weak = t.groupby("month")["n_weak"].sum().reindex(months).fillna(0)
    x, base = _dates(months), pd.Series(0.0, index=months)
    for sector in SECTORS:
        if firm[sector].sum():
            bottom.bar(x, firm[sector].values, width=22, bottom=base.values, color=SECTOR_COLOURS[sector], label=SECTOR_LABELS[sector])
            base += firm[sector]
    if weak.sum():
        bottom.bar(x, weak.values, width=22, bottom=base.values, color="white", edgecolor="0.5", hatch="////", lw=0.5,
                   label="weak reports (any sector)")  # fmt: skip
    bottom.set_title("Reported sector events per month", fontsize=8.5, loc="left", fontweight="normal")
    bottom.tick_params(labelsize=8)
    if len(t):
        bottom.set_ylim(0, float((firm.sum(axis=1) + weak).max()) * 2.1)  # room for the legend above the bars
        bottom.legend(loc="upper left", fontsize=6.5, frameon=True, ncol=2)
    sel = _mark_events(top, events, start, end)
    _vlines([bottom], sel[sel.date.str[:7] >= events_start])
    for ax, first in ((top, start), (bottom, events_start)):
        ax.set_xlim(pd.Timestamp(f"{first}-01"), pd.Timestamp(f"{end}-01") + pd.offsets.MonthEnd(1))
        _month_axis(ax)
    if len(months) <= 12:
        bottom.xaxis.set_major_locator(mdates.MonthLocator(bymonth=range(1, 13, 2)))
    fig.tight_layout()

    span = fmt.month_span(start, end, long=False)
    price_text = f"{name} went from {_series_text(cf, unit)}" if not cf.empty else f"no {name} price held"
    total = firm.sum(axis=1) + weak
    events_text = (f"{int(total.sum())} reported sector events, most in {fmt.month(total.idxmax())} ({int(total.max())}), "
                   f"{int(weak.sum())} of them weak reports") if total.sum() else "no reported sector event"  # fmt: skip
    data = pd.concat([
        cf[["month", "mean", "low", "high", "n", "sources"]].rename(columns={"mean": "price_mean", "low": "price_low",
                                                                             "high": "price_high", "n": "price_reports"}),
        pd.DataFrame({"month": months, **{f"events_{k}": firm[k].astype(int).values for k in SECTORS},
                      "events_weak": weak.astype(int).values}),
    ]).groupby("month", sort=True).first().reset_index()  # fmt: skip
    return describe(
        fig,
        cap=f"{P.PRODUCT_LABELS.get(product, product)} price and sector disruptions, {span}",
        unit=f"{UNIT_AXES.get(unit, unit)}, monthly mean (left); events reported per month (right)",
        source=f"{_top_origins(plotted, 2) if len(plotted) else 'no price'} (prices), press reports (events): "
               "data/raw/prices.csv, sector_disruptions.csv",
        alt=f"Two panels side by side, {span}. Left: {price_text}. Right, from {fmt.month(events_start)}: "
            + (f"bars of {events_text}, stacked by sector." if total.sum() else f"{events_text}."),
        note="Band: the month's lowest to highest price. Hatched: weak reports. " + _short_events_note(sel, dates=False),
        data=data.round(2),
    )  # fmt: skip


# --- tables -------------------------------------------------------------------------------------
def sector_impact_table(table: pd.DataFrame) -> pd.DataFrame:
    """`analysis.sector_impact.sector_table` as the reader sees it, one row per article sector: its
    exposure and risks, the events we hold, the most severe with its source (linked by `url`), the
    Pr-Nd oxide price move in China, and the whole shortfall in the sector's units."""
    t = table
    events = []
    for e, w, a, b in zip(t["events"], t["weak"], t["first"], t["last"]):
        text = f"{e}" + (f" ({w} weak)" if w else "")
        if isinstance(a, str) and a:
            text += f", {a}" + (f" to {b}" if b != a else "")
        events.append(text)
    severe = [f"{m} ({s})" if isinstance(m, str) else "none in our data" for m, s in zip(t["most_severe"], t["most_severe_source"])]
    moves = [f"{c:+.0f}% {p}" if pd.notna(c) else "no price to compare" for c, p in zip(t["input_price_change_pct"], t["input_price_period"])]
    return pd.DataFrame({
        "sector": t["article_sector"], "exposure and risks (article)": [f"{r}. Risks: {k}" for r, k in zip(t["reliance"], t["risks"])],
        "events we hold": events, "most severe": severe, "url": t["most_severe_url"].fillna(""),
        "Pr-Nd oxide price in China vs the pre-controls baseline": moves,
        "if all of the shortfall went to this sector": t["unit_equivalent"].fillna(""),
    })  # fmt: skip


def sector_claims_table(checked: pd.DataFrame) -> pd.DataFrame:
    """`analysis.sector_impact.check_sector_claims` in the claims check's form: the article's claim,
    what would support it, what our data hold, the verdict and the evidence (linked by `url`)."""
    c = checked
    return pd.DataFrame({
        "sector": c["article_sector"], "claim (article)": c["risk"], "we looked for": c["looks_for"],
        "our data": c["detail"].where(c["detail"] != "", "nothing to test it"), "verdict": c["verdict"],
        "evidence": c["example"].where(c["example"] != "", "none"), "url": c["example_url"],
    })  # fmt: skip


def allocation_table(alloc: pd.DataFrame) -> pd.DataFrame:
    """`analysis.allocation.allocate` as the reader sees it: each end use's share, its tonnes in the
    scenario and their units, beside the units if all of the shortfall went to that one use."""
    a = alloc

    def units(lo, hi, per):
        return "" if pd.isna(lo) else f"{A._n(lo)}-{A._n(hi)} {per}"

    return pd.DataFrame({
        "end use": a["use"], "basis": a["basis"], "share of demand": [A._pct(lo, hi) for lo, hi in zip(a["share_low"], a["share_high"])],
        "source": [f"{s}, {y}" if s else "" for s, y in zip(a["source"], a["year"])], "url": a["source_url"],
        "scenario tonnes": [A._t(lo, hi) for lo, hi in zip(a["tonnes_low"], a["tonnes_high"])],
        "units in the scenario": [units(lo, hi, p) for lo, hi, p in zip(a["units_low"], a["units_high"], a["per_plural"])],
        "if all of it went to this use": [units(lo, hi, p) for lo, hi, p in zip(a["all_units_low"], a["all_units_high"], a["per_plural"])],
        "caveat": a["caveat"],
    })  # fmt: skip


def events_list(disruptions: pd.DataFrame) -> pd.DataFrame:
    """Every reported event, dated, with its source citation (linked by `url`)."""
    return D.events_table(disruptions)


def events_span(disruptions: pd.DataFrame) -> str:
    """'Apr 2025 to Jun 2025' (the months of the events held), or ''."""
    if disruptions.empty:
        return ""
    return f"{format_date(disruptions['month'].min())} to {format_date(disruptions['month'].max())}"


def events_caption(disruptions: pd.DataFrame) -> str:
    """'Reported sector events, Apr 2025 to Jun 2025' ('Reported sector events: none' without any)."""
    span = events_span(disruptions)
    return f"Reported sector events, {span}" if span else "Reported sector events: none"


def unused_shares_note(unused: pd.DataFrame) -> str:
    """The demand shares the scenario leaves out and why (`allocation.unused_shares`), as a table note."""
    if unused.empty:
        return ""
    items = [f"{r.sector} {A._pct(r.low, r.high)} ({r.year}): {r.why}" for r in unused.itertuples()]
    return "Shares left out: " + "; ".join(items) + "."
