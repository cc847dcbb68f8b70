"""The tables the notebooks show, as DataFrames with reader-facing column names.

Values stay data; `present.Page.table` escapes and formats them.
"""

from __future__ import annotations

import pandas as pd

from ..analysis import sectors
from ..ledger.vocab import partner_name
from . import fmt


def multiples_table(ctx, top: int = 8) -> pd.DataFrame:
    m = ctx.multiples
    m = m[m.period >= ctx.controls_month].sort_values("multiple", ascending=False).head(top)
    return pd.DataFrame({
        "destination": [partner_name(c) for c in m.partner],
        "month": [fmt.month(p) for p in m.period],
        "times previous month": [f"{x:.2f}" for x in m.multiple],
    })  # fmt: skip


def destination_table(ctx) -> pd.DataFrame:
    rows = []
    for d in ctx.destination_recovery:
        rows.append({
            "destination": partner_name(d.partner),
            "baseline months known": len(d.baseline.months_known),
            "pre-controls average, t": d.baseline.mean,
            "lowest after controls": f"{fmt.tonnes(d.low_value)} ({fmt.month(d.low_period)})" if d.low_period else "",
            "latest": f"{fmt.tonnes(d.latest_value)} ({fmt.month(d.latest_period)})" if d.latest_period else "",
            "latest, % of average": d.latest_index if len(d.baseline.months_known) >= 3 else None,
        })  # fmt: skip
    return pd.DataFrame(rows)


def shares_sentence(ctx) -> str:
    from ..analysis.recovery import concentration

    conc = concentration(ctx.shares)
    if conc.empty:
        return "No month has both destination and world figures, so shares cannot be computed."
    best = conc.sort_values(["destinations", "period"]).iloc[-1]
    top = ctx.shares[ctx.shares.period == best.period].sort_values("share_pct", ascending=False)
    lead = ", ".join(f"{partner_name(r.partner)} {r.share_pct:.0f}%" for r in top.head(3).itertuples())
    return (
        f"{fmt.month(best.period, long=True)} is the month with most destinations quantified ({int(best.destinations)}): "
        f"together they took {best.known_share_pct:.0f}% of world exports ({lead}). Their Herfindahl index is "
        f"{best.hhi_lower_bound:,.0f}, a lower bound on concentration since the other destinations are not reported."
    )


def claims_table(ctx) -> pd.DataFrame:
    c = ctx.claims
    return pd.DataFrame({
        "claim": c.claim, "article": c.claimed, "our data": c.ours, "verdict": c.verdict,
        "evidence": c.evidence.where(c.evidence != "", "none"), "url": c.url,
        "how": c.detail,
    })  # fmt: skip


def world_figures_table(ctx) -> pd.DataFrame:
    s = ctx.series
    w = s[(s.series == "magnet_exports") & (s.partner == "WLD") & (s.measure == "tonnes")].sort_values("period")
    return pd.DataFrame({
        "month": [fmt.month(p) for p in w.period], "tonnes": w.value, "status": w.status,
        "sources": w.n_sources, "preferred source": w.publisher.where(w.status == "reported", "derived"),
        "url": w.source_url.str.split().str[0], "conflict": w.conflict,
    })  # fmt: skip


def conflicts_table(ctx) -> pd.DataFrame:
    s = ctx.series
    c = s[s.conflict]
    return pd.DataFrame({
        "series": c.series, "destination": [partner_name(p) for p in c.partner], "month": [fmt.month(p) for p in c.period],
        "measure": c.measure, "preferred value": c.value, "preferred source": c.publisher, "url": c.source_url,
        "disagreeing sources": c.conflict_detail,
    })  # fmt: skip


def reconciliation_table(ctx) -> pd.DataFrame:
    r = ctx.data.reconciliation
    r = r.sort_values(["agrees", "series", "period"])
    return pd.DataFrame({
        "check": r.check, "series": r.series, "destination": [partner_name(p) for p in r.partner],
        "month": [fmt.month(p) for p in r.period], "reported": r.reported, "implied": r.implied,
        "agrees": r.agrees, "from": r.inputs,
    })  # fmt: skip


def derived_table(ctx) -> pd.DataFrame:
    s = ctx.series
    d = s[(s.status == "derived") & (s.series == "magnet_exports")].sort_values(["partner", "period"])
    return pd.DataFrame({
        "destination": [partner_name(p) for p in d.partner], "month": [fmt.month(p) for p in d.period],
        "measure": d.measure, "value": d.value, "derived from": d.derived_from,
    })  # fmt: skip


def sector_table(ctx) -> pd.DataFrame:
    art = ctx.tables["article_sectors"]
    params = ctx.tables["sector_parameters"]
    rows = []
    for r in art.itertuples():
        ev = sectors.evidence_for_article_sector(r.sector, params)
        rows.append({"sector": r.sector, "reliance (article)": r.reliance, "risks (article)": r.risks, "evidence we have": ev})
    return pd.DataFrame(rows)


def equivalents_table(eq: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "use": eq.per, "magnet per unit, kg": [f"{a:g}-{b:g}" for a, b in zip(eq.kg_per_unit_low, eq.kg_per_unit_high)],
        "units, low": [fmt.count(v) for v in eq.units_low], "units, high": [fmt.count(v) for v in eq.units_high],
        "contested": eq.contested, "sources": eq.sources,
    })  # fmt: skip


def parameters_table(frame: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "sector": frame.sector, "basis": frame.basis,
        "range": [f"{a:g}" if a == b else f"{a:g}-{b:g}" for a, b in zip(frame.low, frame.high)],
        "unit": frame.unit, "year": frame.year, "source": frame.publisher, "url": frame.source_url,
        "note": frame.note,
    })  # fmt: skip


def sources_table(ctx) -> pd.DataFrame:
    led = ctx.data.ledger
    g = led.groupby("publisher").agg(figures=("value", "size"), pages=("source_url", "nunique"), tier=("tier", "min"),
                                     url=("source_url", "first")).reset_index()  # fmt: skip
    g = g.sort_values(["tier", "figures"], ascending=[True, False])
    return pd.DataFrame({"publisher": g.publisher, "tier": g.tier, "figures": g.figures, "pages": g.pages, "url": g.url})
