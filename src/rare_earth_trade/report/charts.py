"""The report's charts: matplotlib figures in the house style, with their report options attached.

Each function takes the data it plots (metrics, series, frames) and returns a `Figure`, which a
notebook shows like any other (as the cell's last expression, or with `display`). The caption
states the period and unit; the alt text describes what the chart shows; the figure data is what
was plotted (`display.describe`). Figures are not registered with pyplot, so nothing else shows
or keeps them; policy events are marked on time-series charts; colours are colour-blind safe.
"""

from __future__ import annotations

import functools

import matplotlib.dates as mdates
import pandas as pd
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter

from ..analysis.metrics import RecoveryMetrics
from ..analysis.sectors import Scenario
from ..ledger.parsing import month_range
from ..ledger.vocab import partner_name
from ..series.coverage import MARKS, coverage_grid
from . import fmt
from .display import describe
from .theme import PALETTE, theme

CUSTOMS = "China customs (GACC) figures as reported by the press; see the ledger for each month's sources"
MARKED_EVENTS = ("control", "truce", "suspension")


def themed(chart):
    """Draw the chart in the house style, whatever the kernel's current style."""

    @functools.wraps(chart)
    def draw(*args, **kwargs):
        with theme():
            return chart(*args, **kwargs)

    return draw


def _dates(periods) -> pd.DatetimeIndex:
    return pd.to_datetime([f"{p}-15" for p in periods])


def _span(periods) -> str:
    periods = sorted(periods)
    return fmt.month_span(periods[0], periods[-1], long=False) if periods else ""


def _mark_events(ax, events: pd.DataFrame, start: str, end: str) -> pd.DataFrame:
    """Dotted vertical lines at policy events (first date of each), numbered at the top."""
    sel = events[events.category.isin(MARKED_EVENTS)].sort_values("date").drop_duplicates("event_id")
    sel = sel[(sel.date.str[:7] >= start) & (sel.date.str[:7] <= end)]
    # One mark a month keeps the chart readable; the events table lists them all.
    sel = sel[~sel.date.str[:7].duplicated()].reset_index(drop=True)
    for i, ev in sel.iterrows():
        x = pd.Timestamp(ev.date)
        ax.axvline(x, color="0.45", lw=0.8, ls=":", zorder=0)
        ax.annotate(
            str(i + 1),
            (x, 1.0),
            xycoords=("data", "axes fraction"),
            xytext=(0, 2),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=7,
            color="0.3",
        )
    return sel


def _events_note(sel: pd.DataFrame) -> str:
    if sel.empty:
        return ""
    return "Dotted lines: " + "; ".join(f"{i + 1} {ev.title} ({ev.date})" for i, ev in sel.iterrows()) + "."


def _month_axis(ax) -> None:
    ax.xaxis.set_major_locator(mdates.MonthLocator(bymonth=[1, 4, 7, 10]))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%b\n%Y"))
    ax.set_xlabel("")


def _with_gaps(s: pd.Series, end: str) -> pd.Series:
    """Every month from the first to `end`, NaN where unknown: lines break at missing months."""
    return s.reindex(month_range(s.index.min(), end)) if len(s) else s


@themed
def world_exports(m: RecoveryMetrics, events: pd.DataFrame, start: str = "2024-01") -> Figure:
    s = m.world[m.world.index >= start]
    status = m.world_status.reindex(s.index)
    fig = Figure()
    ax = fig.subplots()
    x = _dates(s.index)
    full = _with_gaps(s, m.as_of)
    ax.plot(_dates(full.index), full.values, color=PALETTE[0], lw=1.6, zorder=2)
    rep, der = status == "reported", status == "derived"
    ax.scatter(x[rep.values], s[rep].values, color=PALETTE[0], s=22, zorder=3, label="reported")
    ax.scatter(x[der.values], s[der].values, facecolor="white", edgecolor=PALETTE[0], s=22, zorder=3, label="derived")
    low, high = m.world_low.reindex(s.index), m.world_high.reindex(s.index)
    _range_bars(ax, x[der.values], s[der], low[der], high[der], PALETTE[0])
    if m.baseline.mean:
        # The average's range is far thinner than the line at this scale: the legend states it.
        ranged = fmt.wider_than_shown(m.baseline.low, m.baseline.high)
        label = "pre-controls average" + (f" ({fmt.span(m.baseline.low, m.baseline.high, 0, ' t')})" if ranged else "")
        ax.axhline(m.baseline.mean, color=PALETTE[1], lw=1, ls="--", label=label)
    sel = _mark_events(ax, events, s.index[0], s.index[-1])
    ax.set_ylabel("tonnes per month")
    ax.set_ylim(0, None)
    _month_axis(ax)
    ax.legend(loc="lower left", fontsize=8, frameon=True)
    t = m.trough
    latest = f"stood at {fmt.tonnes(s.iloc[-1])} in {fmt.month(s.index[-1])}."
    if t and m.baseline.mean:
        story = (
            f"Exports fell to a low of {fmt.tonnes(t.value)} in {fmt.month(t.period)}, against a pre-controls "
            f"average of {fmt.tonnes(m.baseline.mean)}, and {latest}"
        )
    else:
        story = f"Exports {latest}"
    alt = f"Line chart of China's monthly rare-earth magnet exports, {_span(s.index)}. {story}"
    note = (
        "Hollow points are derived from reported % changes or cumulative totals, not reported directly; their bars "
        "span the range the rounding of their inputs allows. Gaps are months for which we found no figure. "
        + _events_note(sel)
    )
    data = pd.DataFrame({"period": s.index, "tonnes": s.values.round(1), "status": status.values,
                         "low": low.values.round(1), "high": high.values.round(1)})  # fmt: skip
    return describe(
        fig,
        cap=f"China's rare-earth magnet exports, world, {_span(s.index)}",
        unit="tonnes per month",
        source=CUSTOMS,
        alt=alt,
        note=note,
        data=data,
    )


@themed
def destination_multiples(m: RecoveryMetrics, start: str = "2025-01") -> Figure:
    rows = [
        {"partner": partner_name(c), "period": p, "tonnes": round(float(v), 1), **_range_of(m, c, p)}
        for c, s in m.destinations.items()
        for p, v in s[s.index >= start].items()
    ]
    data = pd.DataFrame(rows, columns=["partner", "period", "tonnes", "status", "low", "high"])
    if data.empty:
        fig = Figure(figsize=(8, 1.5))
        ax = fig.subplots()
        ax.text(0.5, 0.5, "No destination figures in the data", ha="center", va="center")
        ax.axis("off")
        return describe(
            fig,
            cap="Magnet exports by destination",
            unit="tonnes per month",
            source=CUSTOMS,
            alt="No destination figures are in the data.",
            data=data,
        )
    order = sorted(data.partner.unique(), key=lambda p: -data[data.partner == p].tonnes.max())
    ncols = 3
    nrows = -(-len(order) // ncols)
    fig = Figure(figsize=(8, 1.9 * nrows + 0.3))
    axes = fig.subplots(nrows, ncols, sharex=True, squeeze=False)
    months = month_range(max(start, data.period.min()), m.as_of)
    counts = data.groupby("partner").agg(months=("period", "size"), reported=("status", lambda x: int((x == "reported").sum())))
    for ax, name in zip(axes.flat, order):
        d = data[data.partner == name].set_index("period")
        s = d.tonnes.reindex(months)
        ax.plot(_dates(months), s.values, color=PALETTE[0], lw=1.4, marker="o", ms=3)
        der = d[d.status == "derived"]
        if len(der):
            ax.scatter(_dates(der.index), der.tonnes, facecolor="white", edgecolor=PALETTE[0], s=12, zorder=3)
            _range_bars(ax, _dates(der.index), der.tonnes, der.low, der.high, PALETTE[0])
        n = int(counts.loc[name, "months"])
        ax.set_title(f"{name} ({n} month{'s' if n != 1 else ''})", fontsize=9)
        ax.set_ylim(0, None)
        ax.axvline(pd.Timestamp(f"{m.controls_month}-01"), color="0.45", lw=0.8, ls=":")
        _month_axis(ax)
        ax.xaxis.set_major_locator(mdates.MonthLocator(bymonth=[1, 7]))
        ax.tick_params(labelsize=7)
    for ax in list(axes.flat)[len(order) :]:
        ax.axis("off")
    for row in axes:
        row[0].set_ylabel("t")
    fig.tight_layout()
    peaks = "; ".join(f"{p} peak {fmt.tonnes(data[data.partner == p].tonnes.max())}" for p in order)
    months_note = "; ".join(
        f"{p} {int(counts.loc[p, 'months'])}"
        + (f" ({int(counts.loc[p, 'reported'])} reported)" if counts.loc[p, "reported"] < counts.loc[p, "months"] else "")
        for p in order
    )
    return describe(
        fig,
        cap=f"Magnet exports by destination, {_span(data.period)}",
        unit="tonnes per month (each panel has its own scale)",
        source=CUSTOMS,
        alt=f"Small multiples of monthly magnet exports to {len(order)} destinations, {_span(data.period)}: {peaks}.",
        note="Only months a source quantified (or that reported changes imply: hollow points, with their range) are "
        "shown, and lines break where a month is missing; destinations are reported far less often than the world "
        f"total. Months with a figure since {fmt.month(max(start, data.period.min()))}: {months_note}. "
        f"Dotted line: the controls of {fmt.month(m.controls_month)}.",
        data=data,
    )


@themed
def recovery_index(index: pd.Series, baseline) -> Figure:
    """`index`: each month as % of the pre-controls average (`baseline`, a recovery.Baseline)."""
    fig = Figure(figsize=(8, 3.4))
    ax = fig.subplots()
    ax.bar(_dates(index.index), index.values, width=20, color=[PALETTE[3] if v < 100 else PALETTE[2] for v in index])
    ranged = baseline.mean and fmt.wider_than_shown(baseline.low, baseline.high)
    if ranged:  # every month is measured against the average, so every bar carries its range
        _range_bars(ax, _dates(index.index), index, index * baseline.mean / baseline.high,
                    index * baseline.mean / baseline.low, "0.25")  # fmt: skip
    ax.axhline(100, color="0.2", lw=1)
    window = [p for p in index.index if baseline.start <= p <= baseline.end]
    if window:  # the months the average is taken over: their bars measure the season, not a recovery
        ax.axvspan(pd.Timestamp(f"{window[0]}-01"), pd.Timestamp(f"{window[-1]}-28"), color="0.92", zorder=0)
    handles = [Patch(color=PALETTE[3], label="below the average"), Patch(color=PALETTE[2], label="at or above it")]
    if window:
        handles.append(Patch(color="0.92", label="baseline months"))
    ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(0, 1.0), ncol=3, fontsize=8, frameon=False)
    ax.set_ylabel("% of pre-controls average")
    _month_axis(ax)
    below = [p for p, v in index.items() if v < 100]
    return describe(
        fig,
        cap=f"Recovery index, world magnet exports, {_span(index.index)}",
        unit=f"% of the {fmt.month_span(baseline.start, baseline.end, long=False)} monthly average",
        source=CUSTOMS,
        alt=f"Bar chart of monthly world magnet exports as a percentage of the pre-controls average, "
        f"{_span(index.index)}; months below 100: {', '.join(fmt.month(p) for p in below) or 'none'}.",
        note=f"The average rests on {baseline.coverage} of its window"
        + (f"; the error bars show what the average's own range ({fmt.span(baseline.low, baseline.high, 0, ' t')}) allows."
           if ranged else "."),
        data=pd.DataFrame({"period": index.index, "index": index.values.round(1)}),
    )


@themed
def ytd_pace(pace: pd.DataFrame) -> Figure:
    fig = Figure(figsize=(8, 3.4))
    ax = fig.subplots()
    for i, (year, grp) in enumerate(pace.groupby(pace.period.str[:4])):
        months = grp.period.str[5:7].astype(int)
        colour = PALETTE[i % len(PALETTE)]
        ax.plot(months, grp.ytd_yoy_pct, color=colour, label=year)
        rep = (grp.basis == "reported").to_numpy()
        ax.scatter(months[rep], grp.ytd_yoy_pct[rep], color=colour, s=22, zorder=3)
        ax.scatter(months[~rep], grp.ytd_yoy_pct[~rep], facecolor="white", edgecolor=colour, s=22, zorder=3)
        for mo, v in zip(months, grp.ytd_yoy_pct):
            ax.annotate(f"{v:+.1f}%", (mo, v), xytext=(0, 5), textcoords="offset points", ha="center", fontsize=7)
    ax.axhline(0, color="0.2", lw=1)
    ax.set_xticks(range(1, 13), fmt.MONTHS)
    ax.set_xlim(0.5, 12.5)
    ax.set_ylabel("% vs same period a year earlier")
    ax.legend(title="year", fontsize=8)
    last = pace.iloc[-1] if len(pace) else None
    latest = f"; latest {fmt.month(last.period)}: {last.ytd_yoy_pct:+.1f}%." if last is not None else "."
    return describe(
        fig,
        cap=f"Year-to-date magnet exports against the previous year, {_span(pace.period)}",
        unit="% change of the January-to-month total",
        source=CUSTOMS,
        alt="Line chart of the year-to-date change in China's magnet exports on the previous year, by month" + latest,
        note="Filled points are reported year-to-date % changes; hollow points are computed from "
        "year-to-date totals (some of them derived), where no % change was reported.",
        data=pace.round(2),
    )


@themed
def magnets_vs_group(m: RecoveryMetrics, events: pd.DataFrame, start: str = "2024-01") -> Figure:
    mag = m.world[m.world.index >= start]
    grp = m.rare_earth_group[m.rare_earth_group.index >= start]
    fig = Figure(figsize=(8, 3.6))
    ax = fig.subplots()
    ax.plot(_dates(mag.index), mag.values, marker="o", ms=3, color=PALETTE[0], label="rare-earth magnets (HS 8505.11)")
    ax.plot(_dates(grp.index), grp.values, marker="s", ms=3, color=PALETTE[2], label="rare earths, 17-element group")
    sel = _mark_events(ax, events, min(mag.index.min(), grp.index.min()), m.as_of)
    ax.set_ylabel("tonnes per month")
    ax.set_ylim(0, None)
    _month_axis(ax)
    ax.legend(fontsize=8, loc="lower left")
    data = pd.concat([mag.rename("magnets_t"), grp.rename("rare_earth_group_t")], axis=1)
    data = data.rename_axis("period").reset_index()
    group_latest = fmt.tonnes(grp.iloc[-1]) if len(grp) else "n/a"
    return describe(
        fig,
        cap=f"Magnets and the rare-earth group, China's exports, {_span(data.period)}",
        unit="tonnes per month",
        source=CUSTOMS,
        alt=f"Two lines, {_span(data.period)}: magnet exports and exports of the 17-element rare-earth group. "
        f"Latest magnets {fmt.tonnes(mag.iloc[-1])}, rare-earth group {group_latest}.",
        note="Two different customs series: finished magnets, and rare-earth compounds and metals. "
        + _events_note(sel),
        data=data.round(1),
    )


@themed
def coverage(status: pd.DataFrame, start: str, end: str, drop_empty: bool = False) -> Figure:
    """`drop_empty`: leave out series and destinations with no monthly tonnage in the window."""
    grid = coverage_grid(status, start, end, drop_empty=drop_empty)
    left_out = len(status[["series", "partner"]].drop_duplicates()) - len(grid)
    codes = {MARKS["reported"]: 3, MARKS["derived"]: 2, MARKS["cumulative"]: 1, MARKS["missing"]: 0}
    values = grid.replace(codes).astype(float)
    labels = [f"{s.replace('_', ' ')}: {partner_name(c)}" for s, c in grid.index]
    cmap = ListedColormap(["#f2f2f2", PALETTE[9], PALETTE[1], PALETTE[0]])
    fig = Figure(figsize=(8.5, 0.32 * len(labels) + 1.4))
    ax = fig.subplots()
    ax.imshow(values.values, aspect="auto", cmap=cmap, vmin=-0.5, vmax=3.5, interpolation="nearest")
    ax.set_yticks(range(len(labels)), labels, fontsize=7)
    cols = list(grid.columns)
    ticks = [i for i, p in enumerate(cols) if p.endswith(("-01", "-07"))]
    ax.set_xticks(ticks, [fmt.month(cols[i]) for i in ticks], fontsize=7)
    ax.grid(False)
    names = ["missing", "only in a cumulative total", "derived", "reported"]
    handles = [Patch(color=cmap(i), label=name) for i, name in enumerate(names)]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=4, fontsize=7, frameon=False)
    n_rep = int((grid == MARKS["reported"]).values.sum())
    n_der = int((grid == MARKS["derived"]).values.sum())
    return describe(
        fig,
        cap=f"Coverage of monthly tonnages by series and destination, {fmt.month(start)}-{fmt.month(end)}",
        unit="status of each month's tonnage",
        source="the project's ledger of press reports of China customs data",
        alt=f"Grid of {len(labels)} series by {len(cols)} months, {fmt.month(start)}-{fmt.month(end)}: "
        f"{n_rep} month-cells reported, {n_der} derived, the rest only cumulative or missing.",
        note="Derived months are computed from reported % changes or cumulative totals."
        + (f" {left_out} series/destination pairs with no monthly tonnage in the window are not shown." if left_out else ""),
        data=grid.reset_index(),
    )


@themed
def china_shares(shares: pd.DataFrame) -> Figure:
    cur = shares[shares.kind == "current"].copy()
    order = ["mining", "refining", "magnet_manufacturing"]
    cur["mid"] = (cur.low + cur.high) / 2
    fig = Figure(figsize=(8, 3.2))
    ax = fig.subplots()
    for i, stage in enumerate(order):
        sel = cur[cur.stage == stage].reset_index(drop=True)
        for j, r in sel.iterrows():
            y = i + (j - (len(sel) - 1) / 2) * 0.07
            ax.plot([r.low, r.high], [y, y], color=PALETTE[i], lw=3, solid_capstyle="round")
            ax.plot(r.mid, y, "o", color=PALETTE[i], ms=4)
            if isinstance(r.year, str) and r.year:
                ax.annotate(r.year, (r.high, y), xytext=(4, 0), textcoords="offset points", va="center", fontsize=6)
    ax.set_yticks(range(len(order)), [o.replace("_", " ") for o in order])
    ax.set_xlim(50, 100)
    ax.set_xlabel("China's share, %")
    data = cur[["stage", "low", "high", "unit", "year", "edition", "publisher", "source_url"]]
    ranges = "; ".join(
        f"{s.replace('_', ' ')} {cur[cur.stage == s].low.min():.0f}-{cur[cur.stage == s].high.max():.0f}%"
        for s in order
    )
    return describe(
        fig,
        cap="China's share of the rare-earth supply chain by stage, sources published 2022-2026",
        unit="% of world output or capacity",
        source="as listed in the figure data (IEA, USGS, AlixPartners, Reuters and others)",
        alt=f"Dot-and-range chart of China's share of each supply-chain stage, one mark per source: {ranges}.",
        note="Each mark is one source, labelled with its data year where the source states one; the figure data "
        "name each source's report and edition. "
        "Projections, historical estimates and different measures are left out.",
        data=data,
    )


@themed
def sector_ranges(eq: pd.DataFrame, tonnes: float) -> Figure:
    """One row per use, each on its own linear scale from zero: units of different kinds (motors,
    megawatts, robots) share no axis."""
    rows = eq.reset_index(drop=True)
    fig = Figure(figsize=(8, 0.85 * max(len(rows), 1) + 0.5))
    axes = fig.subplots(max(len(rows), 1), 1, squeeze=False)[:, 0]
    for i, (ax, r) in enumerate(zip(axes, rows.itertuples())):
        ax.barh(0, r.units_high - r.units_low, left=r.units_low, height=0.6, color=PALETTE[i % 10])
        ax.annotate(f"{fmt.count(r.units_low)} to {fmt.count(r.units_high)}", (r.units_high, 0), xytext=(6, 0),
                    textcoords="offset points", va="center", fontsize=8)  # fmt: skip
        ax.set_xlim(0, r.units_high * 1.45)
        ax.set_ylim(-0.6, 0.6)
        ax.set_yticks([])
        ax.set_title(r.per_plural + (" (contested figure)" if r.contested else ""), fontsize=8.5, loc="left")
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: fmt.count(v) if v else "0"))
        ax.tick_params(labelsize=7.5)
    fig.tight_layout()
    ranges = "; ".join(f"{fmt.count(r.units_low)} to {fmt.count(r.units_high)} {r.per_plural}" for r in rows.itertuples())
    return describe(
        fig,
        cap=f"The shortfall of {fmt.tonnes(tonnes)} in sector terms",
        unit="number of units; each row on its own scale from zero",
        source="sector parameters in data/raw/sector_parameters*.csv",
        alt=f"Range chart, one row per use: {fmt.tonnes(tonnes)} of magnets in sector terms. {ranges}",
        note="Each bar spans the low and high magnet content per unit found in sources; "
        "a tonne can only be used once, so the bars are alternatives, not a sum.",
        data=eq.round(3),
    )


@themed
def scenario_bars(s: Scenario, max_months: int = 6) -> Figure:
    months = list(range(1, max(max_months, s.months) + 1))
    lost = [n * s.baseline_t * (-s.depth_pct) / 100 for n in months]
    fig = Figure(figsize=(8, 3.2))
    ax = fig.subplots()
    ax.bar(months, lost, color=[PALETTE[3] if n == s.months else PALETTE[7] for n in months])
    ax.set_xticks(months)
    ax.set_xlabel("months of reimposed controls")
    ax.set_ylabel("tonnes not exported")
    return describe(
        fig,
        cap=f"Scenario: controls reimposed for 1-{months[-1]} months",
        unit="tonnes of magnets",
        source="computed from the baseline and the observed trough",
        alt=f"Bar chart of tonnes of magnets not exported if controls returned for 1 to {months[-1]} months at "
        f"{abs(s.depth_pct):.0f}% below baseline; {s.months} months (highlighted) is {fmt.tonnes(s.lost_t)}.",
        note=f"Each month {abs(s.depth_pct):.0f}% below the pre-controls average of {fmt.tonnes(s.baseline_t)} "
        f"({s.depth_source}).",
        data=pd.DataFrame({"months": months, "tonnes_not_exported": [round(v, 1) for v in lost]}),
    )


# --- recovery accounting (issue 12): how much of the lost supply came back ----------------------
GAP_COLOURS = {"flat": PALETTE[1], "last_year": PALETTE[2], "trend": PALETTE[4]}


@themed
def cumulative_gap(results: dict, events: pd.DataFrame) -> Figure:
    """The cumulative gap since the controls (counterfactual minus actual, summed month by month)
    against each counterfactual of `results` (accounting.recovery_accounts): one line each, with the
    band the figures' ranges allow, and policy events marked. Above zero, exports since the controls
    are still short of the counterfactual in total; a falling line means months above it."""
    from ..analysis.accounting import cumulative_gaps_wide, month_name  # here: keeps this topic's lines together

    data = cumulative_gaps_wide(results)
    shown = {name: r for name, r in results.items() if r.available}
    fig = Figure(figsize=(8, 2.6))
    ax = fig.subplots()
    x = _dates(data.period)
    for i, (name, r) in enumerate(shown.items()):
        colour = GAP_COLOURS.get(name, PALETTE[(i + 5) % len(PALETTE)])
        ax.fill_between(x, data[f"{name}_low"], data[f"{name}_high"], color=colour, alpha=0.2, lw=0)
        label = r.counterfactual.label
        ax.plot(x, data[name], color=colour, lw=1.6, marker="o", ms=3, label=label[:1].upper() + label[1:])
    ax.axhline(0, color="0.2", lw=1)
    sel = _mark_events(ax, events, data.period.iloc[0], data.period.iloc[-1])
    ax.set_ylabel("tonnes short")
    _month_axis(ax)
    if len(data) <= 8:  # a few months: every month gets a tick
        ax.xaxis.set_major_locator(mdates.MonthLocator())
    if shown:
        ax.legend(fontsize=8, loc="best", frameon=True)
    span = _span(data.period)
    labels = [r.counterfactual.label for r in shown.values()]
    ends = []
    for r in shown.values():
        cum = r.account.frame["cum_gap"].dropna()
        state = f"closed in {month_name(r.closed)}" if r.closed else "not closed"
        ends.append(f"against {r.counterfactual.label} {fmt.tonnes(cum.iloc[-1])} ({state})")
    missing = sorted({p for r in results.values() for p in r.months_missing})
    not_shown = [r.counterfactual.label for r in results.values() if not r.available]
    note = (
        "Above zero, exports since the controls are still short of the counterfactual in total. "
        "Bands: what the figures' ranges allow. "
        + (f"Months without a figure to compare, left out of the running total: {fmt.month_list(missing)}. "
           if missing else "")
        + (f"Not computed: {fmt.join(not_shown)}. " if not_shown else "")
        + _events_note(sel)
    )  # fmt: skip
    return describe(
        fig,
        cap=f"Cumulative shortfall against {fmt.join(labels) or 'no counterfactual'}, {span}",
        unit=f"tonnes: counterfactual minus actual exports, summed from {fmt.month(data.period.iloc[0])}",
        source=CUSTOMS,
        alt=f"Line chart with bands of the cumulative shortfall of China's magnet exports since the controls, "
        f"{span}, against {len(shown)} counterfactuals. At {fmt.month(data.period.iloc[-1])}: {'; '.join(ends)}.",
        note=note.strip(),
        data=data.round(1),
    )


# --- ranges (ledger9): derived values drawn with the range their inputs allow -------------------
def _range_bars(ax, x, values, low, high, colour) -> None:
    """Vertical bars from `low` to `high` at `x` (an unbounded top, a change that can reach -100%,
    is left undrawn above the point)."""
    values, low, high = (pd.Series(v).astype(float).to_numpy() for v in (values, low, high))
    if not len(values):
        return
    top = high.copy()
    top[~pd.notna(top) | (top == float("inf"))] = values[~pd.notna(top) | (top == float("inf"))]
    bottom = pd.Series(low).fillna(pd.Series(values)).to_numpy()
    ax.errorbar(x, values, yerr=[values - bottom, top - values], fmt="none", ecolor=colour, elinewidth=0.9,
                capsize=2, zorder=2.5)  # fmt: skip


def _range_of(m: RecoveryMetrics, partner: str, period: str) -> dict:
    """A destination month's status and range from the metrics (empty when unknown)."""
    r = m.ranges.get(partner)
    if r is None or period not in r.index:
        return {"status": "reported", "low": None, "high": None}
    row = r.loc[period]
    return {"status": row["status"], "low": round(float(row["low"]), 1), "high": round(float(row["high"]), 1)}
