"""The source article's qualitative sector claims checked against the evidence we hold.

The article's sector table (data/raw/article_sectors.csv) lists risks per sector: "production
halts, cost increases", "project delays, higher rollout costs", "supply chain delays"... Each risk
phrase is mapped (RISK_EVIDENCE, below) to the evidence that would support it:

- reported events of given kinds in that sector (data/raw/sector_disruptions.csv);
- or a rise in the price of Pr-Nd oxide, the main input of NdFeB magnets (data/raw/prices.csv):
  this is the magnets' input cost, not the sector's own costs or prices, so it supports a cost
  claim only in part;
- or nothing we hold ("innovation slowdowns", "strategic vulnerability").

Verdicts, in the vocabulary of the numeric claims check where it applies:

- `supported`: at least one first- or second-hand event of a supporting kind;
- `partly supported`: only weak reports of a supporting kind, or first- or second-hand events of a
  kind that supports the claim in part (a slowdown for "production halts", a warning for
  "delays"), or an input-price rise for a cost claim;
- `no evidence in our data`: we hold the kind of evidence that would support it, and none does;
- `outside our data`: nothing we hold can test the claim.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..ledger.evidence import KIND_LABELS, MARKET_LABELS, PRODUCT_LABELS, SECTOR_LABELS, citation, format_date
from ..report import fmt
from . import disruptions as D
from .sectors import equivalents

SECTOR_VERDICTS = ("supported", "partly supported", "no evidence in our data", "outside our data")

# The article's sector names -> our sector codes.
ARTICLE_SECTORS = {
    "Automotive (EVs)": "automotive",
    "Consumer Electronics": "consumer_electronics",
    "Renewable Energy": "renewable_energy",
    "Defense/Aerospace": "defence_aerospace",
    "Industrial/Medical": "industrial_medical",
}
# Our sectors -> the sectors.TRANSLATIONS entry that turns magnet tonnes into its units.
SECTOR_TRANSLATION = {"automotive": "EVs", "renewable_energy": "Wind", "industrial_medical": "Robotics"}


@dataclass(frozen=True)
class RiskEvidence:
    looks_for: str  # what would support the claim, in words
    kinds: tuple[str, ...] = ()  # event kinds that support it (first- or second-hand: supported)
    partial_kinds: tuple[str, ...] = ()  # event kinds that support it in part
    prices: bool = False  # an input-price rise supports it in part
    outside: bool = False  # nothing we hold can test it


_DELAYS = RiskEvidence("halts, slowdowns or refused licences (warnings in part)", ("halt", "slowdown", "licence_refused"), ("warning",))  # fmt: skip
_COSTS = RiskEvidence("a rise of the Pr-Nd oxide price (the magnets' main input) after the controls", prices=True)

RISK_EVIDENCE = {
    "production halts": RiskEvidence("reported production halts (slowdowns in part)", ("halt",), ("slowdown",)),
    "cost increases": _COSTS,
    "higher prices": _COSTS,
    "higher costs": _COSTS,
    "higher rollout costs": _COSTS,
    "delays": _DELAYS,
    "supply chain delays": _DELAYS,
    "project delays": RiskEvidence("delayed or halted projects or output in the sector (warnings in part)",
                                   ("halt", "slowdown"), ("warning",)),  # fmt: skip
    "supply insecurity": RiskEvidence("refused or withheld licences and supply halts (slowdowns and warnings in part)",
                                      ("licence_refused", "halt"), ("slowdown", "warning")),  # fmt: skip
    "innovation slowdowns": RiskEvidence("research and product plans: not in our data", outside=True),
    "strategic vulnerability": RiskEvidence("a judgment on dependence, not an event or a price", outside=True),
}
RISE_THRESHOLD_PCT = 10.0  # a period average this far above the baseline counts as a rise


def risk_phrases(risks: str) -> list[str]:
    """'Production halts, cost increases' -> ['Production halts', 'cost increases']."""
    return [p.strip() for p in risks.split(",") if p.strip()]


def check_sector_claims(article_sectors: pd.DataFrame, disruptions: pd.DataFrame, moves: pd.DataFrame,
                        market: str = "china_domestic", product: str = "prnd_oxide",
                        threshold_pct: float = RISE_THRESHOLD_PCT) -> pd.DataFrame:
    """One row per article sector and risk phrase: verdict, what was looked for, the evidence.

    `moves` is `prices.price_moves(...)`; the price series used is (`market`, `product`).
    """  # fmt: skip
    rows = []
    for art in article_sectors.itertuples():
        sector = ARTICLE_SECTORS.get(art.sector)
        events = disruptions[disruptions["sector"] == sector] if sector else disruptions.iloc[0:0]
        for phrase in risk_phrases(art.risks):
            rule = RISK_EVIDENCE.get(phrase.casefold())
            base = {"article_sector": art.sector, "sector": sector, "reliance": art.reliance, "risk": phrase}
            if rule is None or sector is None:
                rows.append({**base, "verdict": "outside our data", "looks_for": "no mapping for this phrase",
                             "n_events": 0, "example": "", "example_url": "", "detail": ""})  # fmt: skip
                continue
            rows.append({**base, "looks_for": rule.looks_for, **_judge(rule, events, moves, market, product, threshold_pct)})
    cols = ["article_sector", "sector", "reliance", "risk", "verdict", "looks_for", "n_events", "example",
            "example_url", "detail"]  # fmt: skip
    return pd.DataFrame(rows, columns=cols)


def _judge(rule: RiskEvidence, events: pd.DataFrame, moves: pd.DataFrame, market: str, product: str,
           threshold_pct: float) -> dict:  # fmt: skip
    if rule.outside:
        return {"verdict": "outside our data", "n_events": 0, "example": "", "example_url": "", "detail": ""}
    if rule.prices:
        return _judge_prices(moves, market, product, threshold_pct)
    firm = events[events["evidence"] != "weak"]
    full = firm[firm["kind"].isin(rule.kinds)]
    partial = pd.concat([events[(events["evidence"] == "weak") & events["kind"].isin(rule.kinds)],
                         firm[firm["kind"].isin(rule.partial_kinds)]])  # fmt: skip
    if not full.empty:
        verdict, used = "supported", full
    elif not partial.empty:
        verdict, used = "partly supported", partial
    else:
        return {"verdict": "no evidence in our data", "n_events": 0, "example": "", "example_url": "",
                "detail": f"{fmt.n(len(events), 'event')} in this sector, none of the kinds looked for"}  # fmt: skip
    top = D.ranked(used).iloc[0]
    return {"verdict": verdict, "n_events": len(used), "example": example_text(top), "example_url": top["source_url"],
            "detail": _kind_detail(events, (*rule.kinds, *rule.partial_kinds))}  # fmt: skip


def example_text(r) -> str:
    """'Suzuki Motor, 26 May 2025: Suzuki halted Swift production ... (Reuters, 5 Jun 2025 (read at TimesLIVE))'."""
    weak = " [weak report]" if r["evidence"] == "weak" else ""
    return f"{r['company']}, {format_date(r['date'])}: {r['what']}{weak} ({citation(r)})"


def _kind_detail(events: pd.DataFrame, kinds: tuple[str, ...]) -> str:
    parts = []
    for k in kinds:
        sel = events[events["kind"] == k]
        if sel.empty:
            continue
        weak = int(sel["evidence"].eq("weak").sum())
        parts.append(f"{KIND_LABELS[k]}: {len(sel) - weak}" + (f" (+{weak} weak)" if weak else ""))
    return "; ".join(parts)


def _judge_prices(moves: pd.DataFrame, market: str, product: str, threshold_pct: float) -> dict:
    sel = moves[(moves["market"] == market) & (moves["product"] == product) & (moves["period"] != "baseline")]
    sel = sel[sel["change_pct"].notna()]
    name = f"{MARKET_LABELS.get(market, market)} {PRODUCT_LABELS.get(product, product)}"
    if sel.empty:
        return {"verdict": "no evidence in our data", "n_events": 0, "example": "", "example_url": "",
                "detail": f"no {name} price to compare with the pre-controls baseline"}  # fmt: skip
    rises = sel[sel["change_pct"] >= threshold_pct]
    moves_text = "; ".join(f"{r.name}: {r.change_pct:+.0f}% ({r.n_obs} obs.)" for r in sel.itertuples())
    if rises.empty:
        return {"verdict": "no evidence in our data", "n_events": 0, "example": "", "example_url": "",
                "detail": f"{name} vs the pre-controls baseline: {moves_text}"}  # fmt: skip
    top = rises.loc[rises["change_pct"].idxmax()]
    example = (f"{name} averaged {top.change_pct:.0f}% above the pre-controls baseline {top.label}; "
               "the sector's own costs and prices are not in our data")  # fmt: skip
    return {"verdict": "partly supported", "n_events": 0, "example": example, "example_url": "",
            "detail": f"{name} vs the pre-controls baseline: {moves_text}"}  # fmt: skip


def verdict_counts(checked: pd.DataFrame) -> pd.Series:
    """How many risk phrases got each verdict, in the vocabulary's order."""
    return checked["verdict"].value_counts().reindex(list(SECTOR_VERDICTS), fill_value=0)


def sector_table(article_sectors: pd.DataFrame, disruptions: pd.DataFrame, moves: pd.DataFrame,
                 params: pd.DataFrame | None = None, shortfall_t: float | None = None,
                 market: str = "china_domestic", product: str = "prnd_oxide") -> pd.DataFrame:
    """Per article sector: its reliance and risks, the events we hold (count, first and last date,
    the most severe with its source), the input-price move (as text, and as `input_price_change_pct`
    over `input_price_period`), and the shortfall's unit equivalent where the sector has a
    magnet-mass-per-unit parameter."""  # fmt: skip
    summary = D.sector_summary(disruptions).set_index("sector")
    price = latest_move_text(moves, market, product)
    latest = latest_move(moves, market, product)
    eq = equivalents(shortfall_t, params).set_index("sector") if params is not None and shortfall_t else None
    rows = []
    for art in article_sectors.itertuples():
        sector = ARTICLE_SECTORS.get(art.sector)
        s = summary.loc[sector] if sector in summary.index else None
        row = {"article_sector": art.sector, "sector": sector, "reliance": art.reliance, "risks": art.risks,
               "events": int(s.events) if s is not None else 0, "weak": int(s.weak) if s is not None else 0}  # fmt: skip
        if s is not None and s.events:
            row.update(first=format_date(s.first_date), last=format_date(s.last_date),
                       most_severe=f"{KIND_LABELS[s.severe_kind]}: {s.severe_company}, {format_date(s.severe_date)}"
                       + (" [weak report]" if s.severe_evidence == "weak" else ""),
                       most_severe_source=s.severe_source, most_severe_url=s.severe_url)  # fmt: skip
        row["input_price_move"] = price
        if latest is not None:
            row["input_price_change_pct"], row["input_price_period"] = float(latest.change_pct), latest.label
        t = SECTOR_TRANSLATION.get(sector or "")
        if eq is not None and t in eq.index:
            e = eq.loc[t]
            row["unit_equivalent"] = f"{_sig(e.units_low)}-{_sig(e.units_high)} {e.per_plural}"
        rows.append(row)
    cols = ["article_sector", "sector", "reliance", "risks", "events", "weak", "first", "last", "most_severe",
            "most_severe_source", "most_severe_url", "input_price_move", "input_price_change_pct", "input_price_period",
            "unit_equivalent"]  # fmt: skip
    return pd.DataFrame(rows).reindex(columns=cols)


def _sig(x: float) -> str:
    """Two significant figures: 666,667 -> '670,000'; 2,353 -> '2,400'."""
    return f"{float(f'{x:.2g}'):,.0f}" if x >= 100 else f"{x:,.0f}"


def latest_move(moves: pd.DataFrame, market: str = "china_domestic", product: str = "prnd_oxide"):
    """The row of `moves` for the latest later period with a change against the baseline, or None."""
    sel = moves[(moves["market"] == market) & (moves["product"] == product) & (moves["period"] != "baseline")]
    sel = sel[sel["change_pct"].notna()]
    return None if sel.empty else sel.iloc[-1]


def latest_move_text(moves: pd.DataFrame, market: str = "china_domestic", product: str = "prnd_oxide") -> str:
    """'Pr-Nd oxide (China domestic): +82% in 2026 to date vs the pre-controls baseline' (latest period held)."""
    r = latest_move(moves, market, product)
    if r is None:
        return ""
    return (f"{PRODUCT_LABELS.get(product, product)} ({MARKET_LABELS.get(market, market)}): {r.change_pct:+.0f}% "
            f"{r.label} vs the pre-controls baseline")  # fmt: skip


def claims_sentence(checked: pd.DataFrame) -> str:
    """'Of the article's 11 sector risks, 4 are supported by reported events, ...' from the checked frame."""
    if checked.empty:
        return "We hold no sector claims to check."
    c = verdict_counts(checked)
    parts = [f"{c[v]} {v}" for v in SECTOR_VERDICTS if c[v]]
    sup = checked[checked["verdict"] == "supported"]
    text = f"Of the article's {len(checked)} sector risks, " + ", ".join(parts) + "."
    if not sup.empty:
        named = [f"{r.risk.lower()} ({SECTOR_LABELS.get(r.sector, r.sector)})" for r in sup.itertuples()]
        text += " Supported by first- or second-hand reports: " + ", ".join(named) + "."
    return text


def brief_sentences(moves: pd.DataFrame, disruptions: pd.DataFrame, checked: pd.DataFrame | None = None,
                    market: str = "china_domestic", product: str = "prnd_oxide") -> list[str]:
    """The two or three sentences the brief carries: prices, disruptions by sector with named
    stoppages, and (given the checked claims) how the article's sector risks fare."""  # fmt: skip
    from .prices import price_brief_sentence

    out = [price_brief_sentence(moves, market, product), D.disruption_brief_sentence(disruptions)]
    if checked is not None:
        out.append(claims_sentence(checked))
    return out
