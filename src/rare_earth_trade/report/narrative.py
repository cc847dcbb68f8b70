"""Sentences generated from the numbers. Nothing here states a figure that was not computed.

Each function takes a ReportContext and returns plain text (no markup): `present` escapes it.
Where evidence is thin (derived values, few baseline months, contested parameters) the sentence
says so.
"""

from __future__ import annotations

from ..analysis import sectors
from ..ledger.vocab import partner_name
from . import fmt


def _derived_note(ctx, periods: list[str]) -> str:
    derived = [p for p in periods if ctx.world_status.get(p) == "derived"]
    if not derived:
        return ""
    return (f", {len(derived)} of them ({', '.join(fmt.month(p) for p in derived)}) derived from reported "
            "changes or totals, not reported directly")  # fmt: skip


def title(ctx) -> str:
    t, rec = ctx.trough, ctx.recovery
    if t is None or t.vs_baseline_pct is None:
        return f"China's rare-earth magnet exports as of {fmt.month(ctx.as_of)}"
    fall = (f"China's rare-earth magnet exports fell to {abs(t.vs_baseline_pct):.0f}% below their pre-controls "
            f"average in {fmt.month(t.period, long=True)}")  # fmt: skip
    if rec.get("recovered"):
        return f"{fall} and were back above it by {fmt.month(rec['recovered'], long=True)}"
    return f"{fall} and had not regained it by {fmt.month(ctx.as_of, long=True)}"


def as_of_line(ctx) -> str:
    p = ctx.params
    return (
        f"Data as of {fmt.month(ctx.as_of, long=True)} (China customs figures as reported). "
        f"Baseline: monthly average {fmt.month(p.baseline_start)} to {fmt.month(p.baseline_end)}. "
        f"Report date {p.report_date}."
    )


def collapse(ctx) -> str:
    t, b = ctx.trough, ctx.baseline
    if t is None or b.mean is None:
        return f"The data hold no world magnet exports between {fmt.month(ctx.controls_month)} and {fmt.month(ctx.as_of)}."
    parts = [
        f"After China's export controls of {fmt.month(ctx.controls_month, long=True)}, world exports of rare-earth magnets "
        f"fell to {fmt.tonnes(t.value)} in {fmt.month(t.period, long=True)}, {abs(t.vs_baseline_pct):.0f}% below the "
        f"pre-controls average of {fmt.tonnes(b.mean)} a month"
    ]
    if t.vs_last_year_pct is not None:
        parts.append(f" and {fmt.change_words(t.vs_last_year_pct)} than a year earlier")
    note = f". The average rests on {b.coverage} of its window{_derived_note(ctx, b.months_known)}."
    return "".join(parts) + note


def rebound(ctx) -> str:
    t = ctx.trough
    m = ctx.multiples
    if t is None or m.empty:
        return "No month-on-month rebound can be measured yet."
    after = m[m.period > t.period]
    world_next = after[after.partner == "WLD"].head(1)
    sentences = []
    if not world_next.empty:
        r = world_next.iloc[0]
        sentences.append(
            f"In {fmt.month(r.period, long=True)} world exports reached {fmt.tonnes(ctx.world[r.period])}, "
            f"{fmt.times(r.multiple)} the {fmt.month(t.period)} level."
        )
    dest = after[after.partner != "WLD"].sort_values("multiple", ascending=False).head(1)
    if not dest.empty:
        r = dest.iloc[0]
        before = ctx.destination(r.partner)
        prev = before.index[before.index.get_loc(r.period) - 1]
        sentences.append(
            f"The sharpest rebound among the focus destinations was {partner_name(r.partner, True)} in "
            f"{fmt.month(r.period, long=True)}: {fmt.tonnes(before[r.period])}, {fmt.times(r.multiple)} "
            f"the {fmt.tonnes(before[prev])} of {fmt.month(prev)}."
        )
    return " ".join(sentences) or "No rebound after the trough is in the data yet."


def recovery_sentence(ctx) -> str:
    rec, b = ctx.recovery, ctx.baseline
    if b.mean is None or rec.get("trough") is None:
        return "Recovery cannot be measured: no baseline or no months after the controls."
    latest = ctx.world.index[-1]
    index = ctx.world.iloc[-1] / b.mean * 100
    if rec["recovered"]:
        gaps = f" (months without data in between: {', '.join(fmt.month(p) for p in rec['unknown_months'])})" if rec["unknown_months"] else ""
        head = (f"Exports first returned to the pre-controls average in {fmt.month(rec['recovered'], long=True)}, "
                f"{rec['months']} months after the controls began{gaps}.")  # fmt: skip
    else:
        head = f"As of {fmt.month(ctx.as_of, long=True)} exports had not yet returned to the pre-controls average."
    return f"{head} In {fmt.month(latest, long=True)} they stood at {fmt.tonnes(ctx.world.iloc[-1])}, {index:.0f}% of that average."


def shortfall(ctx) -> str:
    f, y = ctx.shortfall_flat, ctx.shortfall_last_year
    if not f.months_counted:
        return "No shortfall can be computed: no months after the controls are in the data."
    span = f"{fmt.month(f.start)} to {fmt.month(f.end)}"
    text = (f"From {span}, China exported about {fmt.tonnes(f.tonnes)} fewer magnets than at the pre-controls "
            f"average")  # fmt: skip
    if y.months_counted:
        text += f" ({fmt.tonnes(y.tonnes)} fewer than in the same months a year earlier)"
    missing = f"; months without data are left out: {', '.join(fmt.month(p) for p in f.months_missing)}" if f.months_missing else ""
    return text + missing + "."


def ytd_pace(ctx) -> str:
    pace = ctx.ytd_pace
    if pace.empty:
        return "No year-to-date comparison is available."
    last = pace.iloc[-1]
    text = (f"By {fmt.month(last.period, long=True)}, exports for the year to date were "
            f"{fmt.change_words(last.ytd_yoy_pct, 1)} than a year earlier")  # fmt: skip
    mid = pace[pace.period == f"{ctx.controls_month[:4]}-06"]
    if not mid.empty and mid.iloc[0].period != last.period:
        text += f"; in {fmt.month(mid.iloc[0].period, long=True)} the gap had been {abs(mid.iloc[0].ytd_yoy_pct):.1f}%"
    return text + "."


def destinations(ctx) -> str:
    rows = [d for d in ctx.destination_recovery if d.latest_index is not None and len(d.baseline.months_known) >= 3]
    if not rows:
        return ("Destination figures are too sparse before the controls to measure recovery against a baseline "
                "for any focus destination.")  # fmt: skip
    parts = [f"{partner_name(d.partner)} {d.latest_index:.0f}% ({fmt.month(d.latest_period)})" for d in rows]
    thin = [partner_name(d.partner) for d in ctx.destination_recovery if len(d.baseline.months_known) < 3]
    text = f"Latest month against each destination's own pre-controls average: {'; '.join(parts)}."
    if thin:
        text += f" Too few pre-controls months to say for {', '.join(thin)}."
    return text


def sector_equivalents(ctx) -> str:
    eq = sectors.equivalents(ctx.shortfall_flat.tonnes, ctx.tables["sector_parameters"]) if ctx.shortfall_flat.months_counted else None
    if eq is None or eq.empty:
        return "The shortfall cannot be translated into sector terms with the parameters in the data."
    parts = []
    for r in eq.itertuples():
        caveat = " (a contested figure)" if r.contested else ""
        parts.append(f"{fmt.count(r.units_low)} to {fmt.count(r.units_high)} {r.per_plural}{caveat}")
    return (f"In sector terms, the {fmt.tonnes(ctx.shortfall_flat.tonnes)} shortfall is the magnet content of about "
            f"{'; or '.join(parts)}, had all of it gone to one use.")  # fmt: skip


def claims_summary(ctx) -> str:
    c = ctx.claims
    counts = c["verdict"].value_counts()
    parts = [f"{counts[v]} {v}" for v in ("supported", "approximately", "not supported", "outside our data") if v in counts]
    return f"Of the source article's {len(c)} quantitative claims checked: {', '.join(parts)}."


def scenario(ctx) -> str:
    s = ctx.scenario
    if s is None:
        return "No scenario can be computed without a baseline and an observed trough."
    return (f"If controls like those of April-May 2025 returned for {s.months} months, with exports "
            f"{abs(s.depth_pct):.0f}% below the baseline each month ({s.depth_source}), about "
            f"{fmt.tonnes(s.lost_t)} of magnets would not be exported.")  # fmt: skip


def key_findings(ctx) -> list[str]:
    return [collapse(ctx), rebound(ctx), recovery_sentence(ctx), shortfall(ctx), ytd_pace(ctx), claims_summary(ctx)]


# --- 01 raw export figures ----------------------------------------------------------------------
def ledger_title(ctx) -> str:
    led = ctx.data.ledger
    return (f"{len(led)} reported figures from {led['source_url'].nunique()} sources: what was published about "
            f"China's rare-earth exports to {fmt.month(ctx.as_of)}")  # fmt: skip


def ledger_summary(ctx) -> str:
    s = ctx.series
    rep, der = s[s.status == "reported"], s[s.status == "derived"]
    single = int((rep.n_sources == 1).sum())
    return (
        f"The ledger resolves to {len(rep)} reported figures and {len(der)} derived ones. {single} reported figures "
        f"rest on a single source; {int(rep.conflict.sum())} have sources that disagree beyond rounding."
    )


def coverage_start(ctx) -> str:
    return "2024-01" if ctx.as_of >= "2024-01" else ctx.data.status.period.min()


def resolution_rule() -> str:
    from ..series.resolve import RULE

    return RULE


def reconciliation_summary(ctx) -> str:
    r = ctx.data.reconciliation
    if r.empty:
        return "No reconciliation check is possible: no pair of reported figures connects."
    bad = r[~r.agrees]
    text = f"{len(r)} checks: {int(r.agrees.sum())} agree within rounding, {len(bad)} do not."
    if len(bad):
        worst = bad.reindex(bad.difference.abs().sort_values(ascending=False).index).iloc[0]
        text += (f" The largest gap: {worst.check}, {worst.series.replace('_', ' ')} {partner_name(worst.partner)} "
                 f"{fmt.month(worst.period)}: reported {worst.reported:,.1f} against {worst.implied:,.1f} implied.")  # fmt: skip
    return text


# --- 03 sector impact ---------------------------------------------------------------------------
def sector_title(ctx, equivalents) -> str:
    t = ctx.shortfall_flat
    if not t.months_counted or equivalents.empty:
        return f"Rare-earth magnets and the sectors that use them, as of {fmt.month(ctx.as_of)}"
    wind = equivalents[equivalents.sector == "Wind"]
    tail = ""
    if not wind.empty:
        w = wind.iloc[0]
        tail = f", enough for {fmt.count(w.units_low)} to {fmt.count(w.units_high)} MW of direct-drive wind turbines"
    return f"The controls held back about {fmt.tonnes(t.tonnes)} of magnets{tail}"


def defence(ctx) -> str:
    from ..analysis import sectors as sec

    d = sec.defence_evidence(ctx.tables["sector_parameters"])
    f35 = d[d.sector.str.contains("F-35")]
    if f35.empty:
        return "Our data hold no sourced figure for the rare-earth content of defence platforms."
    parts = [f"{r.low:g}{'' if r.low == r.high else f'-{r.high:g}'} {r.unit} ({r.basis}; {r.publisher}, {r.year})"
             for r in f35.itertuples()]  # fmt: skip
    return (f"For the F-35 alone, sources give {'; '.join(parts)}. Figures that differ this much are a dispute "
            f"about what is counted, so the report uses none of them to convert tonnes.")  # fmt: skip


def china_shares(ctx) -> str:
    t = ctx.tables["china_supply_shares"]
    cur = t[t.kind == "current"]
    parts = []
    for stage in ("mining", "refining", "magnet_manufacturing"):
        sel = cur[cur.stage == stage]
        if len(sel):
            parts.append(f"{stage.replace('_', ' ')} {sel.low.min():g}-{sel.high.max():g}% ({len(sel)} sources)")
    return ("China's share by stage, across the sources we hold: " + "; ".join(parts) +
            ". The share rises along the chain: the country mines most of the world's rare earths but refines and "
            "turns into magnets an even larger part.") if parts else "No supply-share figures are in the data."


def scenario_equivalents(ctx) -> str:
    from ..analysis import sectors as sec

    s = ctx.scenario
    eq = sec.equivalents(s.lost_t, ctx.tables["sector_parameters"])
    if eq.empty:
        return ""
    parts = [f"{fmt.count(r.units_low)} to {fmt.count(r.units_high)} {r.per_plural}" for r in eq.itertuples()]
    return f"{fmt.tonnes(s.lost_t)} is the magnet content of {'; or '.join(parts)}."


# --- brief --------------------------------------------------------------------------------------
def methods(ctx) -> str:
    from ..build.provenance import digest, input_hashes

    led = ctx.data.ledger
    hashes = input_hashes(ctx.data.data_dir)
    return (
        f"Figures are China customs data as reported in {led['source_url'].nunique()} press and official pages "
        f"({len(led)} observations; every figure carries its address, date and a quote in data/raw). Values are "
        f"resolved to one per month, destination and measure; derived values are labelled. The as-of month "
        f"truncates the data: nothing reported for a later month is used. Input files: {len(hashes)}, "
        f"fingerprint {digest(hashes)} (full hashes in manifest.json)."
    )


def sources_line(ctx) -> str:
    led = ctx.data.ledger
    counts = led.groupby("publisher")["source_url"].nunique().sort_values(ascending=False)
    wires = led[led.tier <= 2]
    top = ", ".join(f"{name} ({n})" for name, n in counts.head(5).items())
    return (
        f"{led['publisher'].nunique()} publishers; {wires['source_url'].nunique()} of the {led['source_url'].nunique()} "
        f"pages carry official or wire-agency figures (mostly Reuters reports of China customs data). Most pages: {top}. "
        "Every figure's address, date and quote are in the ledger; the Raw export figures report lists them."
    )
