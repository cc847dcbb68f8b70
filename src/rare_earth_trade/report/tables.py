"""The report's tables as DataFrames with reader-facing column names, from explicit inputs.

Values stay data; `display.table` escapes and formats them (and turns address columns into links).
"""

from __future__ import annotations

import pandas as pd

from ..analysis import sectors
from ..analysis.recovery import DestinationRecovery
from ..ledger.vocab import partner_name
from . import fmt


def multiples(frame: pd.DataFrame) -> pd.DataFrame:
    """Month-on-month multiples (partner, period, multiple) as the reader sees them."""
    return pd.DataFrame(
        {
            "destination": [partner_name(c) for c in frame.partner],
            "month": [fmt.month(p) for p in frame.period],
            "times previous month": [f"{x:.2f}" for x in frame.multiple],
        }
    )


def destinations(rows: list[DestinationRecovery], min_months: int = 3) -> pd.DataFrame:
    """Each destination against its own pre-controls average; the index needs `min_months` known months."""
    out = []
    for d in rows:
        low = f"{fmt.tonnes(d.low_value)} ({fmt.month(d.low_period)})" if d.low_period else ""
        latest = f"{fmt.tonnes(d.latest_value)} ({fmt.month(d.latest_period)})" if d.latest_period else ""
        out.append(
            {
                "destination": partner_name(d.partner),
                "baseline months known": len(d.baseline.months_known),
                "pre-controls average, t": d.baseline.mean,
                "lowest after controls": low,
                "latest": latest,
                "latest, % of average": d.latest_index if len(d.baseline.months_known) >= min_months else None,
            }
        )
    return pd.DataFrame(out)


def claims(checked: pd.DataFrame) -> pd.DataFrame:
    """The claims check (analysis.claims.check_claims) with the article's and our values side by side."""
    c = checked
    return pd.DataFrame(
        {
            "claim": c.claim,
            "article": c.claimed,
            "our data": c.ours,
            "verdict": c.verdict,
            "evidence": c.evidence.where(c.evidence != "", "none"),
            "url": c.url,
            "how": c.detail,
        }
    )


def world_figures(rows: pd.DataFrame) -> pd.DataFrame:
    """Resolved world figures (rows of the tidy series) with status, sources and conflicts."""
    return pd.DataFrame(
        {
            "month": [fmt.month(p) for p in rows.period],
            "tonnes": rows.value,
            "status": rows.status,
            "sources": rows.n_sources,
            "preferred source": rows.publisher.where(rows.status == "reported", "derived"),
            "url": rows.source_url.str.split().str[0],
            "conflict": rows.conflict,
        }
    )


def conflicts(rows: pd.DataFrame) -> pd.DataFrame:
    """Figures whose sources disagree (rows of the tidy series), with the preferred value and the others."""
    return pd.DataFrame(
        {
            "series": rows.series,
            "destination": [partner_name(p) for p in rows.partner],
            "month": [fmt.month(p) for p in rows.period],
            "measure": rows.measure,
            "preferred value": rows.value,
            "preferred source": rows.publisher,
            "url": rows.source_url,
            "disagreeing sources": rows.conflict_detail,
        }
    )


def reconciliation(checks: pd.DataFrame) -> pd.DataFrame:
    """Reconciliation checks (series.reconcile) as the reader sees them."""
    return pd.DataFrame(
        {
            "check": checks.check,
            "series": checks.series,
            "destination": [partner_name(p) for p in checks.partner],
            "month": [fmt.month(p) for p in checks.period],
            "reported": checks.reported,
            "implied": checks.implied,
            "agrees": checks.agrees,
            "from": checks.inputs,
        }
    )


def derived(rows: pd.DataFrame) -> pd.DataFrame:
    """Derived figures (rows of the tidy series) and the reported figures they come from."""
    return pd.DataFrame(
        {
            "destination": [partner_name(p) for p in rows.partner],
            "month": [fmt.month(p) for p in rows.period],
            "measure": rows.measure,
            "value": rows.value,
            "derived from": rows.derived_from,
        }
    )


def sectors_evidence(article_sectors: pd.DataFrame, params: pd.DataFrame) -> pd.DataFrame:
    """The source article's sector table beside the sourced parameters we hold for each sector."""
    rows = [
        {
            "sector": r.sector,
            "reliance (article)": r.reliance,
            "risks (article)": r.risks,
            "evidence we have": sectors.evidence_for_article_sector(r.sector, params),
        }
        for r in article_sectors.itertuples()
    ]
    return pd.DataFrame(rows)


def equivalents(eq: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "use": eq.per,
            "magnet per unit, kg": [f"{a:g}-{b:g}" for a, b in zip(eq.kg_per_unit_low, eq.kg_per_unit_high)],
            "units, low": [fmt.count(v) for v in eq.units_low],
            "units, high": [fmt.count(v) for v in eq.units_high],
            "contested": eq.contested,
            "sources": eq.sources,
        }
    )


def parameters(frame: pd.DataFrame) -> pd.DataFrame:
    """Sector parameters with their basis, range, unit and source."""
    return pd.DataFrame(
        {
            "sector": frame.sector,
            "basis": frame.basis,
            "range": [f"{a:g}" if a == b else f"{a:g}-{b:g}" for a, b in zip(frame.low, frame.high)],
            "unit": frame.unit,
            "year": frame.year,
            "source": frame.source,
            "url": frame.source_url,
            "note": frame.note,
        }
    )


def sources(ledger: pd.DataFrame) -> pd.DataFrame:
    g = ledger.groupby("publisher").agg(
        figures=("value", "size"), pages=("source_url", "nunique"), tier=("tier", "min"), url=("source_url", "first")
    )
    g = g.reset_index().sort_values(["tier", "figures"], ascending=[True, False])
    return pd.DataFrame(
        {"publisher": g.publisher, "tier": g.tier, "figures": g.figures, "pages": g.pages, "url": g.url}
    )
