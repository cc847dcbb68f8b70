"""The article's sector claims checked against events and prices; the per-sector table; brief sentences."""

from __future__ import annotations

import pandas as pd

from rare_earth_trade.analysis import prices as P
from rare_earth_trade.analysis import sector_impact as S

ARTICLE = pd.DataFrame({
    "sector": ["Automotive (EVs)", "Renewable Energy", "Defense/Aerospace", "Industrial/Medical", "Space"],
    "reliance": ["Motors", "Wind turbines", "Guidance systems", "Robotics", "Satellites"],
    "risks": ["Production halts, cost increases", "Project delays, higher rollout costs",
              "Strategic vulnerability, supply insecurity", "Supply chain delays, higher costs", "Launch delays"],
})  # fmt: skip


def event(date, company, sector="automotive", kind="halt", evidence="first-hand", line=2):
    return {"date": date, "month": date[:7], "company": company, "sector": sector, "kind": kind, "evidence": evidence,
            "origin": "Reuters", "outlet": "TimesLIVE", "source_date": "2025-06-05", "what": f"{company} {kind}",
            "source_url": f"https://example.org/{line}", "line": line}  # fmt: skip


def events(*rows) -> pd.DataFrame:
    return pd.DataFrame(list(rows), columns=list(event("2025-01-01", "x")))


def moves(base=400_000, later=600_000):
    rows = [{"date": "2024-06-06", "month": "2024-06", "market": "china_domestic", "product": "prnd_oxide",
             "unit": "CNY/t", "low": base, "high": base, "mid": base},
            {"date": "2025-08-21", "month": "2025-08", "market": "china_domestic", "product": "prnd_oxide",
             "unit": "CNY/t", "low": later, "high": later, "mid": later}]  # fmt: skip
    return P.price_moves(pd.DataFrame(rows))


def verdicts(checked: pd.DataFrame) -> dict:
    return dict(zip(zip(checked.article_sector, checked.risk), checked.verdict))


def test_each_risk_phrase_gets_a_verdict_from_the_documented_mapping():
    d = events(
        event("2025-05-26", "Suzuki", evidence="second-hand"),
        event("2025-06", "Honda", sector="defence_aerospace", evidence="weak"),
        event("2025-08-21", "bayme vbm", sector="industrial_medical", kind="warning"),
    )
    v = verdicts(S.check_sector_claims(ARTICLE, d, moves()))
    assert v[("Automotive (EVs)", "Production halts")] == "supported"
    assert v[("Automotive (EVs)", "cost increases")] == "partly supported"  # input price +50%, sector costs unknown
    assert v[("Renewable Energy", "Project delays")] == "no evidence in our data"
    assert v[("Defense/Aerospace", "Strategic vulnerability")] == "outside our data"
    assert v[("Defense/Aerospace", "supply insecurity")] == "partly supported"  # only a weak halt
    assert v[("Industrial/Medical", "Supply chain delays")] == "partly supported"  # only a warning
    assert v[("Space", "Launch delays")] == "outside our data"  # not an article sector we map
    assert set(v.values()) <= set(S.SECTOR_VERDICTS)


def test_a_slowdown_supports_production_halts_only_in_part():
    d = events(event("2025-07", "Bajaj", kind="slowdown"))
    v = verdicts(S.check_sector_claims(ARTICLE.iloc[:1], d, moves()))
    assert v[("Automotive (EVs)", "Production halts")] == "partly supported"


def test_evidence_columns_carry_count_example_and_citation():
    d = events(event("2025-05-26", "Suzuki", evidence="second-hand", line=3), event("2025-05", "Ford", line=2),
               event("2025-07", "Bajaj", kind="slowdown", line=4))  # fmt: skip
    row = S.check_sector_claims(ARTICLE.iloc[:1], d, moves()).iloc[0]
    assert row.n_events == 2
    assert row.example == "Ford, May 2025: Ford halt (Reuters, 5 Jun 2025 (read at TimesLIVE))"
    assert row.example_url == "https://example.org/2"
    assert row.detail == "halt: 2; slowdown: 1"


def test_cost_claims_without_a_rise_or_without_prices():
    d = events()
    flat = verdicts(S.check_sector_claims(ARTICLE.iloc[:1], d, moves(400_000, 410_000)))
    assert flat[("Automotive (EVs)", "cost increases")] == "no evidence in our data"
    empty = P.price_moves(pd.DataFrame(columns=["date", "month", "market", "product", "unit", "low", "high", "mid"]))
    none = verdicts(S.check_sector_claims(ARTICLE.iloc[:1], d, empty))
    assert none[("Automotive (EVs)", "cost increases")] == "no evidence in our data"


def test_claims_sentence_counts_verdicts():
    d = events(event("2025-05-26", "Suzuki"))
    text = S.claims_sentence(S.check_sector_claims(ARTICLE.iloc[:2], d, moves()))
    assert text == ("Of the article's 4 sector risks, 1 supported, 2 partly supported, 1 no evidence in our data. "
                    "Supported by first- or second-hand reports: production halts (automotive).")  # fmt: skip


def params() -> pd.DataFrame:
    return pd.DataFrame([
        {"parameter": "ndfeb_per_ev_motor_kg", "sector": "EVs", "basis": "magnet mass", "low": 1.0, "high": 2.0,
         "unit": "kg NdFeB per EV motor", "year": "2024", "contested": "no", "note": "", "publisher": "IEA",
         "origin": "IEA", "outlet": "IEA", "source_url": "https://example.org/ev", "source_date": "2024-05-01",
         "file": "p.csv", "line": 2},
    ])  # fmt: skip


def test_sector_table_puts_events_prices_and_units_side_by_side():
    d = events(event("2025-05-26", "Suzuki", evidence="second-hand"), event("2025-05", "Ford"))
    t = S.sector_table(ARTICLE.iloc[:2], d, moves(), params(), shortfall_t=100).set_index("article_sector")
    auto = t.loc["Automotive (EVs)"]
    assert (auto.events, auto.first, auto.last) == (2, "May 2025", "26 May 2025")
    assert auto.most_severe == "halt: Ford, May 2025"
    assert auto.input_price_move == "Pr-Nd oxide (China domestic): +50% in the July-September 2025 rebound vs the pre-controls baseline"
    assert auto.unit_equivalent == "50,000-100,000 EV traction motors"
    assert t.loc["Renewable Energy", "events"] == 0 and pd.isna(t.loc["Renewable Energy", "unit_equivalent"])


def test_brief_sentences_come_from_the_frames():
    d = events(event("2025-05-26", "Suzuki", evidence="second-hand"))
    out = S.brief_sentences(moves(), d)
    assert len(out) == 2
    assert "Suzuki (26 May 2025, reported by Reuters)" in out[1]
    assert "400,000 CNY/t" in out[0]
    assert len(S.brief_sentences(moves(), d, S.check_sector_claims(ARTICLE, d, moves()))) == 3


def test_shipped_evidence_supports_automotive_halts_and_leaves_renewables_without_events():
    from rare_earth_trade.ledger.evidence import load_prices, load_sector_disruptions
    from rare_earth_trade.ledger.tables import load_table

    checked = S.check_sector_claims(load_table("article_sectors"), load_sector_disruptions(), P.price_moves(load_prices()))
    v = verdicts(checked)
    assert v[("Automotive (EVs)", "Production halts")] == "supported"
    assert v[("Renewable Energy", "Project delays")] == "no evidence in our data"
