"""From the ledger (many observations per figure) to one value per (series, period, partner, measure).

The rule is written once, in RULE, and printed in the report's methods section.
"""

from __future__ import annotations

import pandas as pd

from ..ledger import vocab
from ..ledger.observations import KEY

RULE = (
    "When several sources report the same figure, the preferred source wins: first by source tier "
    "(1 China customs or UN Comtrade, 2 wire agencies reading the release (Reuters, Bloomberg), "
    "3 established outlets, 4 others), then by precision (more decimals), then the earliest "
    "publication, then the address (so the choice never depends on file order). Sources agree when "
    "they differ by no more than the rounding of the less precise value plus 0.5% of the value "
    "(tonnes) or 0.1 percentage points (% changes). Disagreement beyond that is flagged as a "
    "conflict; both values stay in the ledger."
)

LEVEL_REL_TOL = 0.005
PCT_ABS_TOL = 0.1


def half_unit(decimals: int) -> float:
    """Half of the last printed digit: the rounding a printed value can hide."""
    return 0.5 * 10 ** (-int(decimals))


def agree(a: float, dec_a: int, b: float, dec_b: int, measure: str) -> bool:
    """Whether two reports of one figure agree, allowing for rounding (see RULE)."""
    slack = half_unit(min(dec_a, dec_b))
    slack += LEVEL_REL_TOL * max(abs(a), abs(b)) if measure in vocab.LEVEL_MEASURES else PCT_ABS_TOL
    return abs(a - b) <= slack + 1e-9


def rank(group: pd.DataFrame) -> pd.DataFrame:
    """Sources of one figure, best first, by the rule."""
    order = group.assign(_neg_dec=-group["decimals"])
    order = order.sort_values(["tier", "_neg_dec", "source_date", "source_url"], kind="mergesort")
    return order.drop(columns="_neg_dec")


def resolve(ledger: pd.DataFrame) -> pd.DataFrame:
    """One row per figure with the winning value, its corroboration and any conflict."""
    out = []
    for key, group in ledger.groupby(KEY, sort=True):
        ranked = rank(group)
        win = ranked.iloc[0]
        agreeing, conflicting = [], []
        for _, other in ranked.iloc[1:].iterrows():
            same = agree(win.value, win.decimals, other.value, other.decimals, win.measure)
            (agreeing if same else conflicting).append(other)
        detail = "; ".join(
            f"{o.publisher} gives {o.value:,.{int(o.decimals)}f} ({o.source_date})" for o in conflicting
        )
        out.append(
            dict(
                zip(KEY, key),
                value=win.value,
                unit=win.unit,
                decimals=int(win.decimals),
                status="reported",
                source_url=win.source_url,
                publisher=win.publisher,
                source_date=win.source_date,
                quote=win.quote,
                tier=int(win.tier),
                n_sources=int(ranked["source_url"].nunique()),
                corroborating=len(agreeing),
                conflict=bool(conflicting),
                conflict_detail=detail,
                derived_from="",
            )
        )
    return pd.DataFrame(out, columns=RESOLVED_COLUMNS)


RESOLVED_COLUMNS = [
    *KEY, "value", "unit", "decimals", "status", "source_url", "publisher", "source_date", "quote",
    "tier", "n_sources", "corroborating", "conflict", "conflict_detail", "derived_from",
]  # fmt: skip
