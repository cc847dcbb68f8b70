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
        months = "" if d.months_known is None else f"{d.months_known} ({d.months_reported} reported)"
        out.append(
            {
                "destination": partner_name(d.partner),
                "months with data": months,
                "baseline months known": len(d.baseline.months_known),
                "pre-controls average, t": d.baseline.mean,
                "lowest month known after controls": low,
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
            "range, t": _ranges(rows),
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
            "range": _ranges(rows, digits=None),
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


def derived(rows: pd.DataFrame, ledger: pd.DataFrame | None = None) -> pd.DataFrame:
    """Derived figures (rows of the tidy series) with their range and the reported figures they come
    from; with the `ledger`, the sources of those figures, cited."""
    out = pd.DataFrame(
        {
            "destination": [partner_name(p) for p in rows.partner],
            "month": [fmt.month(p) for p in rows.period],
            "measure": rows.measure,
            "value": rows.value,
            "range": _ranges(rows),
            "derived from": rows.derived_from,
        }
    )
    if ledger is not None:
        cited = _citations_by_url(ledger)
        out["inputs' sources"] = ["; ".join(dict.fromkeys(cited.get(u, u) for u in str(urls).split())) for urls in rows.source_url]
    return out


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


def sources(ledger: pd.DataFrame, shown: int = 3) -> pd.DataFrame:
    """Who produced the figures (origins) by tier, with how many figures and pages each supplied and
    where they were read (the `shown` outlets with most pages, then a count of the rest)."""
    pages = ledger.groupby(["origin", "outlet"])["source_url"].nunique().rename("pages").reset_index()
    pages = pages.sort_values(["origin", "pages", "outlet"], ascending=[True, False, True])
    read_at = {}
    for origin, grp in pages.groupby("origin", sort=False):
        own = [o for o in grp.outlet if o == origin]
        others = [o for o in grp.outlet if o != origin]
        names = (["its own site"] if own else []) + others
        more = len(names) - shown
        read_at[origin] = ", ".join(names[:shown]) + (f" and {more} more" if more > 0 else "")
    g = ledger.groupby("origin").agg(
        figures=("value", "size"), pages=("source_url", "nunique"), tier=("tier", "min"), url=("source_url", "first")
    )
    g = g.reset_index().sort_values(["tier", "figures"], ascending=[True, False])
    return pd.DataFrame({"origin": g.origin, "tier": g.tier, "figures": g.figures, "pages": g.pages,
                         "read at": [read_at[o] for o in g.origin], "url": g.url})  # fmt: skip


# --- the ledger's own tables (ledger9): ranges, misattributions, reconciliation counts -----------
def _ranges(rows: pd.DataFrame, digits: int | None = 0) -> list[str]:
    """Each figure's range where it is wider than the rounding shown (tonnes to the tonne; with
    `digits` None, to the precision of the measure: % changes to 0.1), else empty."""
    if "value_low" not in rows.columns:
        return [""] * len(rows)
    out = []
    for measure, low, high in zip(rows.measure, rows.value_low, rows.value_high):
        d = digits if digits is not None else (1 if str(measure).endswith("pct") else 0)
        out.append(fmt.span(low, high, d) if fmt.wider_than_shown(low, high, d) else "")
    return out


def _citations_by_url(ledger: pd.DataFrame) -> dict[str, str]:
    """Each source page's citation ("Reuters, 20 Aug 2025 (read at Kitco)")."""
    from ..ledger.sources import cite_all

    pages = ledger.drop_duplicates("source_url")
    return dict(zip(pages.source_url, cite_all(pages.origin, pages.outlet, pages.source_date)))


def misattributions(frame: pd.DataFrame) -> pd.DataFrame:
    """Figures a page prints under the wrong series or measure (`Dataset.misattributions`): where
    they are in the ledger, what they were printed as, what they belong to, the value and the
    source, cited (its address in `url`)."""
    def figure(text: str) -> str:
        if not text:
            return "unclear (not used)"
        series, measure = text.split("/")
        return f"{series.replace('_', ' ')}, {MEASURE_WORDS.get(measure, measure)}"

    return pd.DataFrame(
        {
            "where": [f"{f.rsplit('/', 1)[-1]}:{n}" for f, n in zip(frame.file, frame.line)],
            "figure": [f"{partner_name(p)} {fmt.month(m)}" for p, m in zip(frame.partner, frame.period)],
            "value": [f"{v:,g}" + (" t" if u == "t" else ("%" if u == "%" else "")) for v, u in zip(frame.value, frame.unit)],
            "printed as": [figure(t) for t in frame.printed_as],
            "belongs to": [figure(t) for t in frame.belongs_to],
            "source": frame.source,
            "url": frame.source_url,
        }
    )


MEASURE_WORDS = {"tonnes": "tonnes", "mom_pct": "month-on-month %", "yoy_pct": "year-on-year %",
                 "ytd_tonnes": "year-to-date tonnes", "ytd_yoy_pct": "year-to-date %", "rank": "rank"}  # fmt: skip


def reconciliation_counts(checks: pd.DataFrame) -> pd.DataFrame:
    """Reconciliation checks counted by kind and series: how many, how many agree, how many not."""
    if checks.empty:
        return pd.DataFrame(columns=["check", "series", "checks", "agree", "disagree"])
    g = checks.groupby(["check", "series"], sort=True)["agrees"].agg(["size", "sum"]).reset_index()
    return pd.DataFrame({"check": g["check"], "series": g["series"].str.replace("_", " "), "checks": g["size"],
                         "agree": g["sum"].astype(int), "disagree": (g["size"] - g["sum"]).astype(int)})  # fmt: skip
