"""From the ledger (many observations per figure) to one value per (series, period, partner, measure).

The rule is written once, in RULE, and printed in the report's methods section.

Each figure also gets an interval, `value_low` to `value_high` (INTERVAL_RULE): what its sources
say, allowing for rounding. It is the hull of every source's printed figure give or take half its
last printed digit, agreeing and conflicting sources alike, so it always holds the preferred value
and, where sources disagree, spans the disagreement.

Conflict details cite each disagreeing source ("Bloomberg, 18 Sep 2025 (read at Business Standard)
gives 7,338"), saying what a re-keyed misattributed figure was printed as; `publisher` cites the
preferred source the same way ("Reuters, 20 Aug 2025 (read at Kitco)").

Resolution is vectorised: one stable sort of the whole ledger by the figure key and the
resolution keys puts every figure's preferred source first; the winner is the group's first row,
and agreement with it is computed for all rows at once. The cost grows with the number of rows,
not with a Python call per figure.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..ledger import vocab
from ..ledger.attribution import resolution_rows
from ..ledger.observations import KEY
from ..ledger.sources import UNRATED_STANDING, cite_all

RULE = (
    "When several sources report the same figure, the preferred source wins: first by the tier of "
    "the origin that produced the figure (1 China customs or UN Comtrade, 2 wire agencies reading "
    "the release (Reuters, Bloomberg), 3 established outlets, 4 others), then by precision (more "
    "decimals), then by the standing of the outlet where it was read (among copies of one story, "
    "the most established outlet: 1 the origin's own site or a major outlet, 2 an established "
    "regional or trade outlet, 3 an aggregator, blog or mirror), then the earliest publication (a page "
    "dated only to the month after the pages dated within it), "
    "then the address (so the choice never depends on file order). Sources agree when they differ "
    "by no more than the rounding of the less precise value plus 0.5% of the value (tonnes) or 0.1 "
    "percentage points (% changes and ranks). Disagreement beyond that is flagged as a conflict; "
    "both values stay in the ledger. A figure a page prints under the wrong series or measure is "
    "marked misattributed: it never takes part in the figure it was printed as, and counts as a "
    "source of the figure it belongs to where that is clear."
)

INTERVAL_RULE = (
    "Each reported figure carries a range: from the lowest to the highest value its sources allow, "
    "each printed figure being read as give or take half its last printed digit (3,188 t means "
    "3,187.5-3,188.5 t; -93% means -93.5% to -92.5%). Where sources disagree, the range spans them. "
    "A derived figure's range follows from the ranges of its inputs (interval arithmetic through "
    "every step of a chain)."
)

LEVEL_REL_TOL = 0.005
PCT_ABS_TOL = 0.1

# The resolution keys, best first (ascending): origin tier, more decimals, outlet standing,
# earliest publication, URL. A page dated only to the month ("2026-01") cannot be shown to be
# earlier than a page of a day of that month, so it sorts after them ("2026-01-~").
RANK_KEYS = ["tier", "_neg_dec", "standing", "_date", "source_url"]

RESOLVED_COLUMNS = [
    *KEY, "value", "value_low", "value_high", "unit", "decimals", "status", "source_url", "publisher", "origin", "outlet",
    "source_date", "quote",
    "tier", "n_sources", "corroborating", "conflict", "conflict_detail", "derived_from", "printed_as",
]  # fmt: skip


def half_unit(decimals):
    """Half of the last printed digit: the rounding a printed value can hide (scalar or array)."""
    if np.ndim(decimals):
        return 0.5 * np.power(10.0, -np.asarray(decimals, dtype=float))
    return 0.5 * 10 ** (-int(decimals))


def value_interval(value, decimals, measure) -> tuple[np.ndarray, np.ndarray]:
    """What a printed figure can stand for: the value give or take half its last printed digit
    ("3,188" -> 3187.5 to 3188.5, "-93%" -> -93.5 to -92.5; "46,000 kg" -> 45.9995 to 46.0005 t).
    A tonnage never below zero, a % change never below -100; a rank is exact."""
    value = np.asarray(value, dtype=float)
    half = np.where(np.isin(np.asarray(measure), list(vocab.RANK_MEASURES)), 0.0, half_unit(np.asarray(decimals)))
    floor = np.where(np.isin(np.asarray(measure), list(vocab.PCT_MEASURES)), -100.0, 0.0)
    return np.maximum(value - half, floor), value + half


def agree(a: float, dec_a: int, b: float, dec_b: int, measure: str) -> bool:
    """Whether two reports of one figure agree, allowing for rounding (see RULE)."""
    slack = half_unit(min(dec_a, dec_b))
    slack += LEVEL_REL_TOL * max(abs(a), abs(b)) if measure in vocab.LEVEL_MEASURES else PCT_ABS_TOL
    return abs(a - b) <= slack + 1e-9


def agree_many(a, dec_a, b, dec_b, is_level) -> np.ndarray:
    """`agree` for arrays of pairs (same formula, element-wise)."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    slack = half_unit(np.minimum(np.asarray(dec_a), np.asarray(dec_b)))
    slack = slack + np.where(is_level, LEVEL_REL_TOL * np.maximum(np.abs(a), np.abs(b)), PCT_ABS_TOL)
    return np.abs(a - b) <= slack + 1e-9


def _with_source_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """Frames built by hand may lack origin, outlet or standing: the publisher is its own origin."""
    fill = {}
    if "origin" not in frame.columns:
        fill["origin"] = frame["publisher"]
    if "outlet" not in frame.columns:
        fill["outlet"] = frame["origin"] if "origin" in frame.columns else frame["publisher"]
    if "standing" not in frame.columns:
        fill["standing"] = UNRATED_STANDING
    return frame.assign(**fill) if fill else frame


def rank(frame: pd.DataFrame, by: list[str] | None = None) -> pd.DataFrame:
    """Rows best first by the rule; with `by`, within each group of `by` (one stable sort)."""
    frame = _with_source_columns(frame)
    dates = frame["source_date"].astype(str)
    order = frame.assign(_neg_dec=-frame["decimals"], _date=dates.where(dates.str.len() != 7, dates + "-~"))
    order = order.sort_values([*(by or []), *RANK_KEYS], kind="mergesort")
    return order.drop(columns=["_neg_dec", "_date"])


def resolve(ledger: pd.DataFrame) -> pd.DataFrame:
    """One row per figure with the winning value, its corroboration and any conflict."""
    ledger = resolution_rows(ledger)
    if ledger.empty:
        return pd.DataFrame(columns=RESOLVED_COLUMNS)
    ranked = rank(ledger, KEY).reset_index(drop=True)
    first = ~ranked.duplicated(KEY, keep="first").to_numpy()
    group = np.cumsum(first) - 1  # 0-based figure number of each row
    win_at = np.flatnonzero(first)[group]  # row of each row's winner
    value = ranked["value"].to_numpy(dtype=float)
    decimals = ranked["decimals"].to_numpy()
    same = agree_many(value[win_at], decimals[win_at], value, decimals,
                      ranked["measure"].isin(vocab.LEVEL_MEASURES).to_numpy())  # fmt: skip
    conflicting = ~same & ~first
    n_groups = int(first.sum())
    agreeing = np.bincount(group, weights=(same & ~first), minlength=n_groups).astype(int)
    n_sources = ranked.assign(_g=group).groupby("_g")["source_url"].nunique().to_numpy()
    low, high = value_interval(value, decimals, ranked["measure"].to_numpy())
    starts = np.flatnonzero(first)

    detail = np.full(n_groups, "", dtype=object)
    if conflicting.any():
        c = ranked[conflicting]
        printed = c["printed_as"] if "printed_as" in c.columns else pd.Series("", index=c.index)
        texts = [
            f"{who} gives {v:,.{int(d)}f}" + (f" (printed as {p})" if p else "")
            for who, v, d, p in zip(cite_all(c["origin"], c["outlet"], c["source_date"]), c["value"], c["decimals"], printed)
        ]
        joined = pd.Series(texts, index=group[conflicting]).groupby(level=0, sort=False).agg("; ".join)
        detail[joined.index.to_numpy()] = joined.to_numpy()

    win = ranked[first].reset_index(drop=True)
    out = win[[*KEY, "value", "unit", "source_url", "publisher", "origin", "outlet", "source_date", "quote"]].copy()
    out["publisher"] = cite_all(win["origin"], win["outlet"], win["source_date"])  # the preferred source, cited
    out["value_low"] = np.minimum.reduceat(low, starts)
    out["value_high"] = np.maximum.reduceat(high, starts)
    out["decimals"] = win["decimals"].astype(int)
    out["status"] = "reported"
    out["tier"] = win["tier"].astype(int)
    out["n_sources"] = n_sources.astype(int)
    out["corroborating"] = agreeing
    out["conflict"] = np.bincount(group, weights=conflicting, minlength=n_groups) > 0
    out["conflict_detail"] = detail
    out["derived_from"] = ""
    out["printed_as"] = win["printed_as"].to_numpy() if "printed_as" in win.columns else ""
    return out[RESOLVED_COLUMNS]
