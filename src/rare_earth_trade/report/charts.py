"""Every chart of the report: one seaborn theme, a colour-blind-safe palette, policy events marked.

Each function returns a `present.Chart` whose title carries the period and unit, whose alt text
describes what the chart shows (generated from the data), and whose data is what was plotted.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")  # static images only; also keeps kernels from needing a display

import matplotlib.dates as mdates  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import seaborn as sns  # noqa: E402

from ..ledger.parsing import month_range  # noqa: E402
from ..ledger.vocab import partner_name  # noqa: E402
from ..series.coverage import MARKS  # noqa: E402
from . import fmt  # noqa: E402
from .present import Chart  # noqa: E402

PALETTE = sns.color_palette("colorblind")
CUSTOMS = "China customs (GACC) figures as reported by the press; see the ledger for each month's sources"
MARKED_EVENTS = ("control", "truce", "suspension")


def setup() -> None:
    """The one theme, and the settings that make SVG output byte-identical run to run."""
    sns.set_theme(style="whitegrid", palette=PALETTE, context="notebook", font_scale=0.9)
    matplotlib.rcParams.update({
        "svg.hashsalt": "rare-earth-trade",  # fixed ids inside the SVG
        "svg.fonttype": "path",
        "figure.dpi": 100,
        "figure.figsize": (8.0, 4.2),
        "axes.titlesize": 11,
        "axes.titleweight": "bold",
        "font.family": "DejaVu Sans",
    })  # fmt: skip


setup()


def _dates(periods) -> pd.DatetimeIndex:
    return pd.to_datetime([f"{p}-15" for p in periods])


def _span(periods) -> str:
    periods = sorted(periods)
    return f"{fmt.month(periods[0])}-{fmt.month(periods[-1])}" if periods else ""


def _mark_events(ax, events: pd.DataFrame, start: str, end: str) -> pd.DataFrame:
    """Dotted vertical lines at policy events (first date of each), numbered at the top."""
    sel = events[events.category.isin(MARKED_EVENTS)].sort_values("date").drop_duplicates("event_id")
    sel = sel[(sel.date.str[:7] >= start) & (sel.date.str[:7] <= end)]
    # One mark a month keeps the chart readable; the events table lists them all.
    sel = sel[~sel.date.str[:7].duplicated()].reset_index(drop=True)
    for i, ev in sel.iterrows():
        x = pd.Timestamp(ev.date)
        ax.axvline(x, color="0.45", lw=0.8, ls=":", zorder=0)
        ax.annotate(str(i + 1), (x, 1.0), xycoords=("data", "axes fraction"), xytext=(0, 2),
                    textcoords="offset points", ha="center", va="bottom", fontsize=7, color="0.3")  # fmt: skip
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


def world_exports(ctx, start: str = "2024-01") -> Chart:
    s = ctx.world[ctx.world.index >= start]
    status = ctx.world_status.reindex(s.index)
    fig, ax = plt.subplots()
    x = _dates(s.index)
    full = _with_gaps(s, ctx.as_of)
    ax.plot(_dates(full.index), full.values, color=PALETTE[0], lw=1.6, zorder=2)
    rep, der = status == "reported", status == "derived"
    ax.scatter(x[rep.values], s[rep].values, color=PALETTE[0], s=22, zorder=3, label="reported")
    ax.scatter(x[der.values], s[der].values, facecolor="white", edgecolor=PALETTE[0], s=22, zorder=3, label="derived")
    if ctx.baseline.mean:
        ax.axhline(ctx.baseline.mean, color=PALETTE[1], lw=1, ls="--", label="pre-controls average")
    sel = _mark_events(ax, ctx.events, s.index[0], s.index[-1])
    ax.set_ylabel("tonnes per month")
    ax.set_ylim(0, None)
    _month_axis(ax)
    ax.legend(loc="lower left", fontsize=8, frameon=True)
    t = ctx.trough
    alt = (f"Line chart of China's monthly rare-earth magnet exports, {_span(s.index)}. "
           + (f"Exports fell to a low of {fmt.tonnes(t.value)} in {fmt.month(t.period)}, against a pre-controls "
              f"average of {fmt.tonnes(ctx.baseline.mean)}, " if t else "")
           + f"and stood at {fmt.tonnes(s.iloc[-1])} in {fmt.month(s.index[-1])}.")  # fmt: skip
    data = pd.DataFrame({"period": s.index, "tonnes": s.values.round(1), "status": status.values})
    note = ("Hollow points are derived from reported % changes or cumulative totals, not reported directly; "
            "gaps are months no source we found reported. ") + _events_note(sel)  # fmt: skip
    return Chart(fig, "world-exports", f"China's rare-earth magnet exports, world, {_span(s.index)}",
                 "tonnes per month", CUSTOMS, alt, data, note)  # fmt: skip


def destination_multiples(ctx, start: str = "2025-01") -> Chart:
    rows = []
    for c in ctx.destinations_with_data:
        s = ctx.destination(c)
        for p, v in s[s.index >= start].items():
            rows.append({"partner": partner_name(c), "period": p, "tonnes": round(float(v), 1)})
    data = pd.DataFrame(rows, columns=["partner", "period", "tonnes"])
    if data.empty:
        fig, ax = plt.subplots(figsize=(8, 1.5))
        ax.text(0.5, 0.5, "No destination figures in the data", ha="center", va="center")
        ax.axis("off")
        return Chart(fig, "destinations", "Magnet exports by destination", "tonnes per month", CUSTOMS,
                     "No destination figures are in the data.", data)  # fmt: skip
    order = sorted(data.partner.unique(), key=lambda p: -data[data.partner == p].tonnes.max())
    ncols = 3
    nrows = -(-len(order) // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(8, 1.9 * nrows + 0.3), sharex=True, squeeze=False)
    months = month_range(max(start, data.period.min()), ctx.as_of)
    for ax, name in zip(axes.flat, order):
        s = data[data.partner == name].set_index("period").tonnes.reindex(months)
        ax.plot(_dates(months), s.values, color=PALETTE[0], lw=1.4, marker="o", ms=3)
        ax.set_title(name, fontsize=9)
        ax.set_ylim(0, None)
        ax.axvline(pd.Timestamp(f"{ctx.controls_month}-01"), color="0.45", lw=0.8, ls=":")
        _month_axis(ax)
        ax.xaxis.set_major_locator(mdates.MonthLocator(bymonth=[1, 7]))
        ax.tick_params(labelsize=7)
    for ax in list(axes.flat)[len(order):]:
        ax.axis("off")
    for row in axes:
        row[0].set_ylabel("t")
    fig.tight_layout()
    peaks = "; ".join(f"{p} peak {fmt.tonnes(data[data.partner == p].tonnes.max())}" for p in order)
    alt = f"Small multiples of monthly magnet exports to {len(order)} destinations, {_span(data.period)}: {peaks}."
    return Chart(fig, "destinations", f"Magnet exports by destination, {_span(data.period)}",
                 "tonnes per month (each panel has its own scale)", CUSTOMS, alt, data,
                 "Only months a source quantified are shown, and lines break where a month is missing; "
                 "destinations are reported far less often than the world total. "
                 f"Dotted line: the controls of {fmt.month(ctx.controls_month)}.")  # fmt: skip


def recovery_index(ctx, start: str = "2025-01") -> Chart:
    b = ctx.baseline.mean
    s = ctx.world[ctx.world.index >= start] / b * 100
    fig, ax = plt.subplots(figsize=(8, 3.4))
    ax.bar(_dates(s.index), s.values, width=20, color=[PALETTE[3] if v < 100 else PALETTE[2] for v in s.values])
    ax.axhline(100, color="0.2", lw=1)
    ax.set_ylabel("% of pre-controls average")
    _month_axis(ax)
    data = pd.DataFrame({"period": s.index, "index": s.values.round(1)})
    below = [p for p, v in s.items() if v < 100]
    alt = (f"Bar chart of monthly world magnet exports as a percentage of the pre-controls average, {_span(s.index)}; "
           f"months below 100: {', '.join(fmt.month(p) for p in below) or 'none'}.")  # fmt: skip
    return Chart(fig, "recovery-index", f"Recovery index, world magnet exports, {_span(s.index)}",
                 f"% of the {fmt.month(ctx.params.baseline_start)}-{fmt.month(ctx.params.baseline_end)} monthly average",
                 CUSTOMS, alt, data, f"The average rests on {ctx.baseline.coverage} of its window.")  # fmt: skip


def ytd_pace(ctx) -> Chart:
    pace = ctx.ytd_pace
    fig, ax = plt.subplots(figsize=(8, 3.4))
    for i, (year, grp) in enumerate(pace.groupby(pace.period.str[:4])):
        months = grp.period.str[5:7].astype(int)
        colour = PALETTE[i % len(PALETTE)]
        ax.plot(months, grp.ytd_yoy_pct, color=colour, label=year)
        rep = (grp.basis == "reported").to_numpy()
        ax.scatter(months[rep], grp.ytd_yoy_pct[rep], color=colour, s=22, zorder=3)
        ax.scatter(months[~rep], grp.ytd_yoy_pct[~rep], facecolor="white", edgecolor=colour, s=22, zorder=3)
        for m, v in zip(months, grp.ytd_yoy_pct):
            ax.annotate(f"{v:+.1f}%", (m, v), xytext=(0, 5), textcoords="offset points", ha="center", fontsize=7)
    ax.axhline(0, color="0.2", lw=1)
    ax.set_xticks(range(1, 13), fmt.MONTHS)
    ax.set_xlim(0.5, 12.5)
    ax.set_ylabel("% vs same period a year earlier")
    ax.legend(title="year", fontsize=8)
    last = pace.iloc[-1] if len(pace) else None
    alt = ("Line chart of the year-to-date change in China's magnet exports on the previous year, by month"
           + (f"; latest {fmt.month(last.period)}: {last.ytd_yoy_pct:+.1f}%." if last is not None else "."))  # fmt: skip
    return Chart(fig, "ytd-pace", f"Year-to-date magnet exports against the previous year, {_span(pace.period)}",
                 "% change of the January-to-month total", CUSTOMS, alt, pace.round(2),
                 "Filled points are reported year-to-date % changes; hollow points are computed from "
                 "year-to-date totals (some of them derived), where no % change was reported.")  # fmt: skip


def magnets_vs_group(ctx, start: str = "2024-01") -> Chart:
    m = ctx.world[ctx.world.index >= start]
    g = ctx.rare_earth_group[ctx.rare_earth_group.index >= start]
    fig, ax = plt.subplots(figsize=(8, 3.6))
    ax.plot(_dates(m.index), m.values, marker="o", ms=3, color=PALETTE[0], label="rare-earth magnets (HS 8505.11)")
    ax.plot(_dates(g.index), g.values, marker="s", ms=3, color=PALETTE[2], label="rare earths, 17-element group")
    sel = _mark_events(ax, ctx.events, min(m.index.min(), g.index.min()), ctx.as_of)
    ax.set_ylabel("tonnes per month")
    ax.set_ylim(0, None)
    _month_axis(ax)
    ax.legend(fontsize=8, loc="lower left")
    data = pd.concat([m.rename("magnets_t"), g.rename("rare_earth_group_t")], axis=1).rename_axis("period").reset_index()
    alt = (f"Two lines, {_span(data.period)}: magnet exports and exports of the 17-element rare-earth group. "
           f"Latest magnets {fmt.tonnes(m.iloc[-1])}, rare-earth group {fmt.tonnes(g.iloc[-1]) if len(g) else 'n/a'}.")  # fmt: skip
    return Chart(fig, "magnets-vs-group", f"Magnets and the rare-earth group, China's exports, {_span(data.period)}",
                 "tonnes per month", CUSTOMS, alt, data.round(1),
                 "Two different customs series: finished magnets, and rare-earth compounds and metals. " + _events_note(sel))  # fmt: skip


def coverage(status: pd.DataFrame, start: str, end: str) -> Chart:
    from ..series.coverage import coverage_grid

    grid = coverage_grid(status, start, end)
    codes = {MARKS["reported"]: 3, MARKS["derived"]: 2, MARKS["cumulative"]: 1, MARKS["missing"]: 0}
    values = grid.replace(codes).astype(float)
    labels = [f"{s.replace('_', ' ')}: {partner_name(c)}" for s, c in grid.index]
    cmap = matplotlib.colors.ListedColormap(["#f2f2f2", PALETTE[9], PALETTE[1], PALETTE[0]])
    fig, ax = plt.subplots(figsize=(8.5, 0.32 * len(labels) + 1.4))
    ax.imshow(values.values, aspect="auto", cmap=cmap, vmin=-0.5, vmax=3.5, interpolation="nearest")
    ax.set_yticks(range(len(labels)), labels, fontsize=7)
    cols = list(grid.columns)
    ticks = [i for i, p in enumerate(cols) if p.endswith(("-01", "-07"))]
    ax.set_xticks(ticks, [fmt.month(cols[i]) for i in ticks], fontsize=7)
    ax.grid(False)
    handles = [matplotlib.patches.Patch(color=cmap(i), label=lab) for i, lab in
               enumerate(["missing", "only in a cumulative total", "derived", "reported"])]  # fmt: skip
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=4, fontsize=7, frameon=False)
    data = grid.reset_index()
    n_rep = int((grid == MARKS["reported"]).values.sum())
    n_der = int((grid == MARKS["derived"]).values.sum())
    alt = (f"Grid of {len(labels)} series by {len(cols)} months, {fmt.month(start)}-{fmt.month(end)}: "
           f"{n_rep} month-cells reported, {n_der} derived, the rest only cumulative or missing.")  # fmt: skip
    return Chart(fig, "coverage", f"Coverage of monthly tonnages by series and destination, {fmt.month(start)}-{fmt.month(end)}",
                 "status of each month's tonnage", "the project's ledger of press reports of China customs data", alt, data,
                 "Derived months are computed from reported % changes or cumulative totals.")  # fmt: skip


def china_shares(shares: pd.DataFrame) -> Chart:
    cur = shares[shares.kind == "current"].copy()
    order = ["mining", "refining", "magnet_manufacturing"]
    cur["stage_label"] = cur.stage.map(lambda s: s.replace("_", " "))
    cur["mid"] = (cur.low + cur.high) / 2
    fig, ax = plt.subplots(figsize=(8, 3.2))
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
    ranges = "; ".join(f"{s.replace('_', ' ')} {cur[cur.stage == s].low.min():.0f}-{cur[cur.stage == s].high.max():.0f}%" for s in order)
    alt = f"Dot-and-range chart of China's share of each supply-chain stage, one mark per source: {ranges}."
    return Chart(fig, "china-shares", "China's share of the rare-earth supply chain by stage, sources published 2022-2026",
                 "% of world output or capacity", "as listed in the figure data (IEA, USGS, AlixPartners, Reuters and others)", alt, data,
                 "Each mark is one source, labelled with its data year where the source states one; the figure data "
                 "name each source's report and edition. "
                 "Projections, historical estimates and different measures are left out.")  # fmt: skip


def sector_ranges(eq: pd.DataFrame, tonnes: float) -> Chart:
    fig, ax = plt.subplots(figsize=(8, 0.7 * max(len(eq), 1) + 1.2))
    for i, r in eq.reset_index(drop=True).iterrows():
        ax.plot([r.units_low, r.units_high], [i, i], color=PALETTE[i % 10], lw=6, solid_capstyle="butt")
        ax.annotate(f"{fmt.count(r.units_low)}-{fmt.count(r.units_high)}", (r.units_high, i), xytext=(6, 0),
                    textcoords="offset points", va="center", fontsize=8)  # fmt: skip
    ax.set_xscale("log")
    ax.set_yticks(range(len(eq)), [r.per_plural + (" (contested)" if r.contested else "") for r in eq.itertuples()])
    ax.set_xlabel("units whose magnets the tonnage equals (log scale)")
    ax.margins(x=0.25)
    alt = f"Range chart: {fmt.tonnes(tonnes)} of magnets in sector terms. " + "; ".join(
        f"{fmt.count(r.units_low)} to {fmt.count(r.units_high)} {r.per_plural}" for r in eq.itertuples())
    return Chart(fig, "sector-equivalents", f"The shortfall of {fmt.tonnes(tonnes)} in sector terms",
                 "number of units (log scale)", "sector parameters in data/raw/sector_parameters*.csv", alt,
                 eq.round(3), "Each bar spans the low and high magnet content per unit found in sources; "
                 "a tonne can only be used once, so the bars are alternatives, not a sum.")  # fmt: skip


def scenario_bars(ctx, max_months: int = 6) -> Chart:
    s = ctx.scenario
    months = list(range(1, max(max_months, s.months) + 1))
    lost = [m * s.baseline_t * (-s.depth_pct) / 100 for m in months]
    fig, ax = plt.subplots(figsize=(8, 3.2))
    ax.bar(months, lost, color=[PALETTE[3] if m == s.months else PALETTE[7] for m in months])
    ax.set_xticks(months)
    ax.set_xlabel("months of reimposed controls")
    ax.set_ylabel("tonnes not exported")
    data = pd.DataFrame({"months": months, "tonnes_not_exported": [round(v, 1) for v in lost]})
    alt = (f"Bar chart of tonnes of magnets not exported if controls returned for 1 to {months[-1]} months at "
           f"{abs(s.depth_pct):.0f}% below baseline; {s.months} months (highlighted) is {fmt.tonnes(s.lost_t)}.")  # fmt: skip
    return Chart(fig, "scenario", f"Scenario: controls reimposed for 1-{months[-1]} months",
                 "tonnes of magnets", "computed from the baseline and the observed trough", alt, data,
                 f"Each month {abs(s.depth_pct):.0f}% below the pre-controls average of {fmt.tonnes(s.baseline_t)} ({s.depth_source}).")  # fmt: skip
