"""Sentences generated from the numbers. Nothing here states a figure that was not computed.

Each function takes metrics or frames (a `RecoveryMetrics`, the claims check, a ledger...) and
returns plain text, no markup: `display.md` escapes it. Where evidence is thin (derived values,
few baseline months, contested parameters) the sentence says so.
"""

from __future__ import annotations

import pandas as pd

from ..analysis.accounting import MIN_MONTHS
from ..analysis.metrics import RecoveryMetrics
from ..analysis.recovery import Shortfall, concentration
from ..analysis.sectors import Scenario
from ..ledger.parsing import month_add
from ..ledger.vocab import partner_name
from . import fmt

# A destination's average needs as many known months as its shortfall accounting (one threshold).
MIN_BASELINE_MONTHS = MIN_MONTHS


# --- recovery (02 and the brief) ----------------------------------------------------------------
def title(m: RecoveryMetrics) -> str:
    t, rec = m.trough, m.recovery
    if t is None or t.vs_baseline_pct is None:
        return f"China's rare-earth magnet exports as of {fmt.month(m.as_of)}"
    fall = (
        f"China's rare-earth magnet exports fell {abs(t.vs_baseline_pct):.0f}% below their pre-controls "
        f"average in {fmt.month(t.period, long=True)}"
    )
    if rec.get("recovered"):
        return f"{fall} and were back above it by {fmt.month(rec['recovered'], long=True)}"
    return f"{fall} and had not regained it by {fmt.month(m.as_of, long=True)}"


def as_of_line(params) -> str:
    """The parameters a reader needs: as-of month, baseline window, report date."""
    return (
        f"Data as of {fmt.month(params.as_of, long=True)} (China customs figures as reported). "
        f"Baseline: monthly average {fmt.month(params.baseline_start)} to {fmt.month(params.baseline_end)}. "
        f"Report date {params.report_date}."
    )


def collapse(m: RecoveryMetrics) -> str:
    t, b = m.trough, m.baseline
    if t is None or b.mean is None:
        return f"The data hold no world magnet exports between {fmt.month(m.controls_month)} and {fmt.month(m.as_of)}."
    text = (
        f"After China's export controls of {fmt.month(m.controls_month, long=True)}, world exports of rare-earth "
        f"magnets fell to {fmt.tonnes(t.value)} in {fmt.month(t.period, long=True)}, "
        f"{abs(t.vs_baseline_pct):.0f}%{fmt.magnitude_range(t.vs_baseline_range)} below the pre-controls average of "
        f"{fmt.tonnes(b.mean)} a month{_range_in_brackets(b.low, b.high)}"
    )
    if t.vs_last_year_pct is not None:
        word = "lower" if t.vs_last_year_pct < 0 else "higher"
        text += f" and {abs(t.vs_last_year_pct):.0f}%{fmt.magnitude_range(t.vs_last_year_range)} {word} than a year earlier"
    return text + f". {baseline_basis(m)}"


def rebound(m: RecoveryMetrics) -> str:
    t, mult = m.trough, m.multiples
    if t is None or mult.empty:
        return "No month-on-month rebound can be measured yet."
    after = mult[mult.period > t.period]
    world_next = after[after.partner == "WLD"].head(1)
    sentences = []
    if not world_next.empty:
        r = world_next.iloc[0]
        sentences.append(
            f"In {fmt.month(r.period, long=True)} world exports reached {fmt.tonnes(m.world[r.period])}, "
            f"{fmt.times(r.multiple)} the {fmt.month(t.period)} level."
        )
    dest = after[after.partner != "WLD"].sort_values("multiple", ascending=False).head(1)
    if not dest.empty:
        r = dest.iloc[0]
        levels = m.destinations[r.partner]
        prev = levels.index[levels.index.get_loc(r.period) - 1]
        sentences.append(
            f"The sharpest rebound among the focus destinations was {partner_name(r.partner, True)} in "
            f"{fmt.month(r.period, long=True)}: {fmt.tonnes(levels[r.period])}, {fmt.times(r.multiple)} "
            f"the {fmt.tonnes(levels[prev])} of {fmt.month(prev)}."
        )
    return " ".join(sentences) or "No rebound after the trough is in the data yet."


def recovery_sentence(m: RecoveryMetrics) -> str:
    rec, b = m.recovery, m.baseline
    if b.mean is None or rec.get("trough") is None:
        return "Recovery cannot be measured: no baseline or no months after the controls."
    latest = m.world.index[-1]
    index = m.world.iloc[-1] / b.mean * 100
    if rec["recovered"]:
        unknown = rec["unknown_months"]
        gaps = f" (months without data in between: {', '.join(fmt.month(p) for p in unknown)})" if unknown else ""
        head = (
            f"Exports first returned to the pre-controls average in {fmt.month(rec['recovered'], long=True)}, "
            f"{rec['months']} months after the controls began{gaps}."
        )
    else:
        head = f"As of {fmt.month(m.as_of, long=True)} exports had not yet returned to the pre-controls average."
    value = fmt.tonnes_with_range(m.world.iloc[-1], m.world_low.get(latest), m.world_high.get(latest))
    share = fmt.pct_with_range(index, latest_index_range(m))
    year_before = month_add(latest, -12)
    yoy = ""
    if year_before in m.world.index and m.world[year_before] > 0:  # the flat average ignores the season
        change = (m.world.iloc[-1] / m.world[year_before] - 1) * 100
        yoy = f" and {fmt.change_words(change, 1)} than in {fmt.month(year_before, long=True)}"
    return f"{head} In {fmt.month(latest, long=True)} they stood at {value}, {share} of that average{yoy}."


def shortfall(m: RecoveryMetrics) -> str:
    f, y = m.shortfall_flat, m.shortfall_last_year
    if not f.months_counted:
        return "No shortfall can be computed: no months after the controls are in the data."
    text = (
        f"From {fmt.month(f.start)} to {fmt.month(f.end)}, China exported about {fmt.tonnes(f.tonnes)}"
        f"{_range_in_brackets(f.tonnes_low, f.tonnes_high)} fewer magnets than at the pre-controls average"
    )
    if y.months_counted:
        text += f" ({fmt.tonnes(y.tonnes)} fewer than in the same months a year earlier)"
    if f.months_missing:
        text += f"; months without data are left out: {', '.join(fmt.month(p) for p in f.months_missing)}"
    return text + "."


def shortfall_method(m: RecoveryMetrics) -> str:
    return f"Method: {m.shortfall_flat.method}; and {m.shortfall_last_year.method}."


def ytd_pace(m: RecoveryMetrics) -> str:
    pace = m.ytd_pace
    if pace.empty:
        return "No year-to-date comparison is available."
    last = pace.iloc[-1]
    text = (
        f"By {fmt.month(last.period, long=True)}, exports for the year to date were "
        f"{fmt.change_words(last.ytd_yoy_pct, 1)} than a year earlier"
    )
    mid = pace[pace.period == f"{m.controls_month[:4]}-06"]
    if not mid.empty and mid.iloc[0].period != last.period:
        text += f"; in {fmt.month(mid.iloc[0].period, long=True)} they had been {fmt.change_words(mid.iloc[0].ytd_yoy_pct, 1)}"
    return text + "."


def destinations(m: RecoveryMetrics) -> str:
    known = [d for d in m.destination_recovery if len(d.baseline.months_known) >= MIN_BASELINE_MONTHS]
    rows = [d for d in known if d.latest_index is not None]
    if not rows:
        return (
            "Destination figures are too sparse before the controls to measure recovery against a baseline "
            "for any focus destination."
        )
    parts = []
    for d in rows:
        rng = d.latest_index_range
        shown = [fmt.span(rng[0], rng[1], 0, "%")] if rng and fmt.wider_than_shown(rng[0], rng[1], 0) else []
        detail = "; ".join([*shown, fmt.month(d.latest_period), f"average of {d.baseline.coverage}"])
        parts.append(f"{partner_name(d.partner)} {d.latest_index:.0f}% ({detail})")
    thin = [
        partner_name(d.partner) for d in m.destination_recovery if len(d.baseline.months_known) < MIN_BASELINE_MONTHS
    ]
    text = f"Latest month against each destination's own pre-controls average: {'; '.join(parts)}."
    if thin:
        text += f" Too few pre-controls months (fewer than {MIN_BASELINE_MONTHS}) to say for {', '.join(thin)}."
    return text


def shares(m: RecoveryMetrics) -> str:
    conc = concentration(m.shares)
    if conc.empty:
        return "No month has both destination and world figures, so shares cannot be computed."
    best = conc.sort_values(["destinations", "period"]).iloc[-1]
    top = m.shares[m.shares.period == best.period].sort_values("share_pct", ascending=False)
    lead = ", ".join(f"{partner_name(r.partner)} {r.share_pct:.0f}%" for r in top.head(3).itertuples())
    return (
        f"{fmt.month(best.period, long=True)} is the month with most destinations quantified "
        f"({int(best.destinations)}): together they took {best.known_share_pct:.0f}% of world exports ({lead}). "
        f"Their Herfindahl index is {best.hhi_lower_bound:,.0f}, a lower bound on concentration since the other "
        "destinations are not reported."
    )


def claims_summary(checked: pd.DataFrame) -> str:
    counts = checked["verdict"].value_counts()
    verdicts = ("supported", "approximately", "not supported", "outside our data")
    parts = [f"{counts[v]} {v}" for v in verdicts if v in counts]
    return f"We checked {fmt.n(len(checked), 'figure')} in the source article against our data: {', '.join(parts)}."


def key_findings(m: RecoveryMetrics, checked: pd.DataFrame) -> list[str]:
    return [collapse(m), rebound(m), recovery_sentence(m), shortfall(m), ytd_pace(m), claims_summary(checked)]


# --- 03 sector impact ---------------------------------------------------------------------------
def sector_equivalents(f: Shortfall, eq: pd.DataFrame) -> str:
    """`eq`: analysis.sectors.equivalents of the shortfall `f`."""
    if not f.months_counted or eq.empty:
        return "The shortfall cannot be translated into sector terms with the parameters in the data."
    parts = [
        f"{fmt.count(r.units_low)} to {fmt.count(r.units_high)} {r.per_plural}"
        + (" (a contested figure)" if r.contested else "")
        for r in eq.itertuples()
    ]
    return (
        f"In sector terms, the {fmt.tonnes(f.tonnes)} shortfall is the magnet content of about "
        f"{'; or '.join(parts)}, had all of it gone to one use."
    )


def sector_title(f: Shortfall, eq: pd.DataFrame, as_of: str) -> str:
    if not f.months_counted or eq.empty:
        return f"Rare-earth magnets and the sectors that use them, as of {fmt.month(as_of)}"
    wind = eq[eq.sector == "Wind"]
    tail = ""
    if not wind.empty:
        w = wind.iloc[0]
        tail = f", as much magnet as {fmt.count(w.units_low)} to {fmt.count(w.units_high)} MW of direct-drive wind turbines hold"
    return f"Magnet exports fell about {fmt.tonnes(f.tonnes)} short of the pre-controls average{tail}"


def defence(evidence: pd.DataFrame) -> str:
    """`evidence`: analysis.sectors.defence_evidence of the sector parameters."""
    f35 = evidence[evidence.sector.str.contains("F-35")]
    if f35.empty:
        return "Our data hold no sourced figure for the rare-earth content of defence platforms."
    parts = [
        f"{r.low:g}{'' if r.low == r.high else f'-{r.high:g}'} {r.unit} ({r.basis}; {r.origin}, {r.year})"
        for r in f35.itertuples()
    ]
    return (
        f"For the F-35 alone, sources give {'; '.join(parts)}. Figures that differ this much are a dispute "
        "about what is counted, so the report uses none of them to convert tonnes."
    )


def china_shares(shares_table: pd.DataFrame) -> str:
    cur = shares_table[shares_table.kind == "current"]
    parts = []
    for stage in ("mining", "refining", "magnet_manufacturing"):
        sel = cur[cur.stage == stage]
        if len(sel):
            parts.append(f"{stage.replace('_', ' ')} {sel.low.min():g}-{sel.high.max():g}% ({len(sel)} sources)")
    if not parts:
        return "No supply-share figures are in the data."
    return (
        "China's share by stage, across the sources we hold: " + "; ".join(parts) + ". The share rises along the "
        "chain: the country mines most of the world's rare earths but refines and turns into magnets an even "
        "larger part."
    )


def scenario(s: Scenario | None) -> str:
    if s is None:
        return "No scenario can be computed without a baseline and an observed trough."
    if s.depth_period:
        how = (f"as far below the pre-controls average as in the worst month observed "
               f"({fmt.month(s.depth_period, long=True)}, {abs(s.depth_pct):.0f}% below)")  # fmt: skip
        caveat = " Repeating the worst month makes this a severe case, not a replay of the 2025 episode."
    else:
        how = f"{abs(s.depth_pct):.0f}% below the pre-controls average (the scenario_depth_pct parameter)"
        caveat = ""
    return (f"If controls returned and exports fell {how} for {s.months} month{'s' if s.months != 1 else ''}, "
            f"about {fmt.tonnes(s.lost_t)} of magnets would not be exported.{caveat}")


def scenario_equivalents(s: Scenario, eq: pd.DataFrame) -> str:
    """`eq`: analysis.sectors.equivalents of the scenario's lost tonnes."""
    if eq.empty:
        return ""
    parts = [f"{fmt.count(r.units_low)} to {fmt.count(r.units_high)} {r.per_plural}" for r in eq.itertuples()]
    return f"{fmt.tonnes(s.lost_t)} is the magnet content of {'; or '.join(parts)}."


# --- 01 raw export figures ----------------------------------------------------------------------
def ledger_title(ledger: pd.DataFrame, as_of: str) -> str:
    return (
        f"{len(ledger):,} observations from {ledger['source_url'].nunique():,} sources: what was published about "
        f"China's rare-earth exports to {fmt.month(as_of)}"
    )


def ledger_summary(series: pd.DataFrame) -> str:
    rep, der = series[series.status == "reported"], series[series.status == "derived"]
    single = int((rep.n_sources == 1).sum())
    return (
        f"The ledger resolves to {len(rep)} reported figures and {len(der)} derived ones. {single} reported figures "
        f"rest on a single source; {int(rep.conflict.sum())} have sources that disagree beyond rounding."
    )


def resolution_rule() -> str:
    from ..series.resolve import RULE

    return RULE


def reconciliation_summary(checks: pd.DataFrame) -> str:
    if checks.empty:
        return "No reconciliation check is possible: no pair of reported figures connects."
    bad = checks[~checks.agrees]
    text = f"{len(checks)} checks: {int(checks.agrees.sum())} agree within rounding, {len(bad)} do not."
    if len(bad):
        worst = bad.reindex(bad.difference.abs().sort_values(ascending=False).index).iloc[0]
        text += (
            f" The largest gap: {worst.check}, {worst.series.replace('_', ' ')} {partner_name(worst.partner)} "
            f"{fmt.month(worst.period)}: reported {worst.reported:,.1f} against {worst.implied:,.1f} implied."
        )
    return text


# --- data and methods (the brief) ---------------------------------------------------------------
def methods(ledger: pd.DataFrame, hashes: dict[str, str]) -> str:
    """`hashes`: the input files' hashes (build.provenance.input_hashes)."""
    from ..build.provenance import digest

    return (
        f"Figures are China customs data as reported in {ledger['source_url'].nunique()} press and official pages "
        f"({len(ledger):,} observations; every figure carries its address, date and a quote in data/raw). Values are "
        "resolved to one per month, destination and measure; derived values are labelled. The as-of month "
        f"truncates the data: nothing reported for a later month is used. Input files: {len(hashes)}, "
        f"fingerprint {digest(hashes)} (full hashes in manifest.json)."
    )


def sources_line(ledger: pd.DataFrame) -> str:
    """Who produced the figures (origins, not the sites they were read at), and how many pages."""
    pages = ledger.groupby("origin")["source_url"].nunique().sort_values(ascending=False, kind="mergesort")
    outlets = ledger.groupby("origin")["outlet"].nunique()
    wires = ledger[ledger.tier <= 2]
    top = ", ".join(
        f"{name} ({n} page{'s' if n != 1 else ''}" + (f", read at {outlets[name]} outlets)" if outlets[name] > 1 else ")")
        for name, n in pages.head(5).items()
    )
    lead = wires.groupby("origin")["source_url"].nunique().sort_values(ascending=False, kind="mergesort")
    most = f" ({lead.index[0]}: {lead.iloc[0]} of them)" if len(lead) else ""
    return (
        f"Sources: {ledger['source_url'].nunique()} pages from {ledger['origin'].nunique()} origins, read at "
        f"{ledger['outlet'].nunique()} outlets; {wires['source_url'].nunique()} pages carry official or wire-agency "
        f"figures{most}. Most pages: {top}. Sources are cited as \"origin, date (read at outlet)\"; every "
        "figure's address, date and quote are in the ledger; the export figures report lists them and states "
        "the rule that picks one source per figure."
    )


# --- ranges and the baseline's basis (ledger9) ---------------------------------------------------
def _range_in_brackets(low: float | None, high: float | None) -> str:
    """' (4,951–5,061 t)' where a tonnage's range is wider than the tonne it is shown to."""
    return f" ({fmt.span(low, high, 0, ' t')})" if fmt.wider_than_shown(low, high) else ""


def latest_index_range(m: RecoveryMetrics) -> tuple[float, float] | None:
    """The range of the latest month as % of the pre-controls average: its own range against the
    average's (None without ranges)."""
    b = m.baseline
    if not b.mean or b.low is None or not len(m.world):
        return None
    latest = m.world.index[-1]
    low, high = m.world_low.get(latest), m.world_high.get(latest)
    if low is None or high is None or b.high <= 0:
        return None
    return low / b.high * 100, (high / b.low * 100 if b.low > 0 else float("inf"))


def baseline_basis(m: RecoveryMetrics) -> str:
    """How many of the baseline's months are reported and how many derived, and what that does to
    its range: 'The average rests on 12 of 12 months of its window: 6 reported, 6 (Apr 2024, ...)
    derived from reported changes or totals, not reported directly; its range is theirs.'"""
    b = m.baseline
    derived = [p for p in b.months_known if m.world_status.get(p) == "derived"]
    reported = len(b.months_known) - len(derived)
    head = f"The average rests on {b.coverage} of its window"
    if not derived:
        return f"{head}, all reported."
    text = (
        f"{head}: {reported} reported, {len(derived)} ({', '.join(fmt.month(p) for p in derived)}) derived from "
        "reported changes or totals, not reported directly"
    )
    if fmt.wider_than_shown(b.low, b.high):
        text += "; the range of the average is what their rounding allows"
    return text + "."


# --- the ledger's own report, 01 (ledger9): conflicts, misattributions, derived values -----------
def conflicts_summary(series: pd.DataFrame) -> str:
    """How many figures have sources that disagree beyond rounding."""
    c = series[series.conflict]
    if c.empty:
        return "No figure has sources that disagree beyond rounding."
    return (
        f"{len(c)} figure{'s have' if len(c) != 1 else ' has'} sources that disagree beyond rounding. Each is a real "
        "disagreement between pages reporting the same figure: figures printed under the wrong series or measure "
        "are misattributions (next section), not conflicts."
    )


def misattributions_summary(mis: pd.DataFrame) -> str:
    """`mis`: `Dataset.misattributions`."""
    if mis.empty:
        return "No page in the ledger prints a figure under the wrong series or measure."
    placed = int((mis.belongs_to != "").sum())
    unclear = len(mis) - placed
    text = (
        f"{len(mis)} figure{'s are' if len(mis) != 1 else ' is'} printed under the wrong series or measure; "
        f"{placed} count{'s' if placed == 1 else ''} as {'sources' if placed != 1 else 'a source'} of the figure they belong to"
    )
    if unclear:
        text += f", {unclear} belong{'s' if unclear == 1 else ''} to a figure we cannot identify and {'is' if unclear == 1 else 'are'} not used"
    return text + "."


def derived_summary(shown: pd.DataFrame, every: pd.DataFrame, first: str) -> str:
    """`shown`: the derived values the report lists; `every`: all derived values (the CSV)."""
    rest = len(every) - len(shown)
    text = f"{len(every)} values are derived. Listed here: the {len(shown)} magnet-export values from {fmt.month(first)}"
    if rest:
        text += f"; the other {rest} (other series and earlier months) are in the complete table (CSV)"
    return text + "."


# --- data and methods: ranges, conflicts, misattributions (ledger9) ------------------------------
def ranges_and_quality(m: RecoveryMetrics, series: pd.DataFrame, misattributed: pd.DataFrame) -> str:
    """What the ranges, conflicts and misattributions of the data are, in two sentences."""
    derived = series[series.status == "derived"]
    conflicts = int(series.conflict.sum())
    b = m.baseline
    text = (
        "Every figure carries a range: the rounding of the printed figures for reported values, carried through "
        f"every step for the {len(derived)} derived ones."
    )
    if b.mean:
        basis = baseline_basis(m).removeprefix("The average rests on ").rstrip(".")
        text += f" The pre-controls average, {fmt.tonnes(b.mean)} a month{_range_in_brackets(b.low, b.high)}, rests on {basis}."
    return text + (
        f" {conflicts} figure{'s have' if conflicts != 1 else ' has'} sources that disagree beyond rounding (both values "
        f"kept, the preferred source shown); {len(misattributed)} figure{'s' if len(misattributed) != 1 else ''} printed "
        "under the wrong series or measure are listed as misattributions and counted only where they belong."
    )
