"""Check the source article's quantitative claims against our data and sources.

Each claim (data/raw/article_claims.csv) names its evidence:
  series:S/PARTNER/PERIOD/MEASURE      a resolved figure (reported or derived)
  ratio:S/PARTNER/PERIOD/PERIOD2        tonnes of PERIOD divided by tonnes of PERIOD2
  supply:STAGE                          China's share of a supply-chain stage (current sources)
  parameter:ID                          a sector parameter's low-high range
  tariff:ID / tariff_ratio:ID           a tariff's rate / its new rate over its old rate
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..report import fmt
from ..series.resolve import half_unit

VERDICTS = ("supported", "approximately", "not supported", "outside our data")
APPROX_REL = 0.05  # within 5% of our value counts as "approximately"


@dataclass(frozen=True)
class Evidence:
    low: float | None
    high: float | None
    source: str  # publisher(s) or "derived"
    url: str
    detail: str = ""

    @property
    def is_point(self) -> bool:
        return self.low == self.high


def printed_decimals(value: float) -> int:
    text = repr(float(value))
    return 0 if text.endswith(".0") else len(text.split(".")[1])


def verdict(claimed: float, comparison: str, ev: Evidence | None) -> str:
    """The rule, for a claim and the range [low, high] our evidence gives."""
    if ev is None or ev.low is None:
        return "outside our data"
    lo, hi = ev.low, ev.high
    if comparison == "over":
        return "supported" if lo > claimed else ("approximately" if hi >= claimed else "not supported")
    if comparison == "under":
        return "supported" if hi < claimed else ("approximately" if lo <= claimed else "not supported")
    slack = half_unit(printed_decimals(claimed)) + 1e-9
    if lo - slack <= claimed <= hi + slack:
        return "supported"
    nearest = lo if claimed < lo else hi
    return "approximately" if abs(claimed - nearest) <= APPROX_REL * abs(nearest) else "not supported"


def _series_evidence(series: pd.DataFrame, ref: str) -> Evidence | None:
    name, partner, period, measure = ref.split("/")
    sel = series[
        (series.series == name) & (series.partner == partner) & (series.period == period) & (series.measure == measure)
    ]
    if sel.empty:
        return None
    r = sel.iloc[0]
    detail = r.derived_from if r.status == "derived" else fmt.n(int(r.n_sources), "source")
    return Evidence(float(r.value), float(r.value), r.publisher, r.source_url.split()[0], detail)


def _ratio_evidence(series: pd.DataFrame, ref: str) -> Evidence | None:
    name, partner, p1, p2 = ref.split("/")
    lv = series[(series.series == name) & (series.partner == partner) & (series.measure == "tonnes")].set_index(
        "period"
    )
    if p1 not in lv.index or p2 not in lv.index or lv.loc[p2, "value"] <= 0:
        return None
    ratio = float(lv.loc[p1, "value"] / lv.loc[p2, "value"])
    a, b = lv.loc[p1], lv.loc[p2]
    return Evidence(
        ratio, ratio, f"{a.publisher}; {b.publisher}", a.source_url.split()[0], f"{a.value:,.0f} t / {b.value:,.0f} t"
    )


def _range_evidence(rows: pd.DataFrame, what: str) -> Evidence | None:
    if rows.empty:
        return None
    pubs = sorted(set(rows["publisher"]))
    return Evidence(
        float(rows["low"].min()),
        float(rows["high"].max()),
        "; ".join(pubs[:4]) + (" ..." if len(pubs) > 4 else ""),
        rows.iloc[0]["source_url"],
        fmt.n(len(rows), what),
    )


def evidence_for(ref: str, series: pd.DataFrame, tables: dict[str, pd.DataFrame]) -> Evidence | None:
    kind, _, rest = ref.partition(":")
    if kind == "series":
        return _series_evidence(series, rest)
    if kind == "ratio":
        return _ratio_evidence(series, rest)
    if kind == "supply":
        t = tables["china_supply_shares"]
        return _range_evidence(t[(t.stage == rest) & (t.kind == "current")], "current source")
    if kind == "parameter":
        t = tables["sector_parameters"]
        return _range_evidence(t[t.parameter == rest], "source")
    if kind in ("tariff", "tariff_ratio"):
        t = tables["tariff_rates"]
        rows = t[t.measure_id == rest]
        if rows.empty:
            return None
        r = rows.iloc[0]
        if kind == "tariff":
            return Evidence(float(r.to_pct), float(r.to_pct), r.publisher, r.source_url, f"{r.status} {r.date}")
        if pd.isna(r.from_pct) or r.from_pct == 0:
            return None
        ratio = float(r.to_pct / r.from_pct)
        return Evidence(ratio, ratio, r.publisher, r.source_url, f"{r.from_pct:g}% to {r.to_pct:g}%")
    raise ValueError(f"unknown evidence kind {kind!r} in {ref!r}")


def _show(value: float | None, unit: str, digits: int = 1) -> str:
    """A value for the claims table; `digits` after the point for % and x (a claim keeps its own)."""
    if value is None:
        return ""
    if unit == "x":
        return f"{value:.{digits}f}x"
    if unit == "%":
        return f"{value:+.{digits}f}%" if value < 0 or abs(value) >= 100 else f"{value:.{digits}f}%"
    return f"{value:,.0f} {unit}"


def check_claims(claims: pd.DataFrame, series: pd.DataFrame, tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per claim: what it says, what we have, the verdict and where our number comes from."""
    rows = []
    for c in claims.itertuples():
        ev = evidence_for(c.evidence, series, tables)
        ours = ""
        if ev is not None:
            ours = _show(ev.low, c.unit) if ev.is_point else f"{_show(ev.low, c.unit)} to {_show(ev.high, c.unit)}"
        prefix = {"over": "over ", "under": "under "}.get(c.comparison, "")
        rows.append(
            {
                "claim_id": c.claim_id,
                "claim": c.claim,
                "claimed": prefix + _show(c.value, c.unit, printed_decimals(c.value)),  # as the article printed it
                "ours": ours,
                "verdict": verdict(c.value, c.comparison, ev),
                "evidence": ev.source if ev else "",
                "detail": ev.detail if ev else "",
                "url": ev.url if ev else "",
            }
        )
    return pd.DataFrame(rows, columns=["claim_id", "claim", "claimed", "ours", "verdict", "evidence", "detail", "url"])
