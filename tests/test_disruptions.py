"""Disruption counts, per-sector summaries, timeline and sentence, on small frames."""

from __future__ import annotations

import pandas as pd

from rare_earth_trade.analysis import disruptions as D


def event(date, company, sector="automotive", kind="halt", evidence="first-hand", origin="Reuters",
          outlet="TimesLIVE", source_date="2025-06-05", line=2, what="something happened"):  # fmt: skip
    return {"date": date, "month": date[:7], "company": company, "sector": sector, "kind": kind, "evidence": evidence,
            "origin": origin, "outlet": outlet, "source_date": source_date, "source_url": f"https://example.org/{line}",
            "what": what, "line": line}  # fmt: skip


def sample() -> pd.DataFrame:
    return pd.DataFrame([
        event("2025-05", "Ford", origin="The New York Times", outlet="Ford Authority", source_date="2025-05", line=2),
        event("2025-05-26", "Suzuki", evidence="second-hand", line=3),
        event("2025-06-04", "CLEPA", kind="licence_refused", line=4),
        event("2025-05-01", "Honda", evidence="weak", line=5),
        event("2025-06-22", "ELCINA", sector="consumer_electronics", kind="warning", line=6),
        event("2025-06", "Foxconn", sector="consumer_electronics", kind="halt", evidence="second-hand",
              origin="Business Standard", outlet="Business Standard", source_date="2025-07-28", line=7),
        event("2025-07", "Foxconn", sector="consumer_electronics", kind="resumption", evidence="second-hand", line=8),
        event("2026-02", "Unnamed coating maker", sector="defence_aerospace", kind="halt", evidence="weak", line=9),
        event("2025-08-20", "Bajaj", kind="resumption", line=10),
    ])  # fmt: skip


def test_counts_keep_every_sector_and_kind_with_totals():
    c = D.counts(sample())
    assert list(c.index) == ["automotive", "consumer_electronics", "renewable_energy", "defence_aerospace",
                             "industrial_medical", "total"]  # fmt: skip
    assert c.loc["automotive", "halt"] == 3 and c.loc["automotive", "total"] == 5
    assert c.loc["renewable_energy", "total"] == 0
    assert c.loc["total", "total"] == 9
    e = D.counts(sample(), by="evidence")
    assert e.loc["defence_aerospace", "weak"] == 1 and e.loc["total", "first-hand"] == 4


def test_most_severe_prefers_severity_then_evidence_then_date_and_skips_weak():
    s = D.sector_summary(sample()).set_index("sector")
    auto = s.loc["automotive"]
    assert (auto.events, auto.weak, auto.first_date, auto.last_date) == (5, 1, "2025-05", "2025-08-20")
    # Ford (first-hand halt) beats Suzuki (second-hand halt) and Honda (weak halt, earlier day)
    assert auto.severe_company == "Ford" and auto.severe_kind == "halt"
    assert auto.severe_source == "The New York Times, May 2025 (read at Ford Authority)"
    ce = s.loc["consumer_electronics"]
    assert ce.severe_company == "Foxconn" and ce.severe_source == "Business Standard, 28 Jul 2025"
    assert (ce.n_halt, ce.n_warning, ce.n_resumption) == (1, 1, 1)


def test_weak_event_is_shown_when_nothing_else_exists_and_empty_sector_has_no_event():
    s = D.sector_summary(sample()).set_index("sector")
    assert s.loc["defence_aerospace", "severe_evidence"] == "weak"
    assert s.loc["renewable_energy", "events"] == 0 and pd.isna(s.loc["renewable_energy", "severe_kind"])


def test_severity_order():
    kinds = ["resumption", "warning", "licence_granted", "slowdown", "licence_refused", "halt"]
    frame = pd.DataFrame([event("2025-06-01", k, kind=k, line=i) for i, k in enumerate(kinds)])
    assert D.ranked(frame)["kind"].tolist()[:4] == ["halt", "licence_refused", "slowdown", "warning"]


def test_timeline_counts_by_month_sector_kind():
    t = D.timeline(sample())
    may = t[(t.month == "2025-05") & (t.sector == "automotive") & (t.kind == "halt")].iloc[0]
    assert (may.n, may.n_weak) == (3, 1)
    assert D.timeline(sample(), weak=False).n.sum() == 7


def test_events_table_formats_dates_and_sources():
    t = D.events_table(sample())
    assert t.loc[0, "date"] == "May 2025" and t.loc[0, "company"] == "Ford"
    assert "26 May 2025" in set(t.date)
    assert set(t.kind) >= {"halt", "licence refused or withheld"}


def test_sentence_names_the_earliest_firm_stoppages_from_the_data():
    text = D.disruption_sentence(sample())
    assert text.startswith("The stored press documents 7 first- or second-hand sector events from May 2025 to Aug 2025 "
                           "(automotive 4, consumer electronics 3; none for renewable energy, defence and aerospace or "
                           "industrial and medical), 3 of them production or supply halts; 2 more rest on weak reports.")  # fmt: skip
    assert text.endswith("The first documented stoppages: Ford (May 2025, reported by The New York Times) and Suzuki "
                         "(26 May 2025, reported by Reuters).")  # fmt: skip
    later = D.disruption_sentence(sample(), n_examples=3, start="2025-06")
    assert later.endswith("Documented stoppages: Foxconn (Jun 2025, reported by Business Standard).")


def test_sentence_with_only_weak_reports():
    only_weak = sample()[sample().evidence == "weak"]
    assert D.disruption_sentence(only_weak) == "We hold 2 weak reports of sector disruptions and no first- or second-hand one."


def test_shipped_ledger_names_ford_and_suzuki_in_may_2025():
    from rare_earth_trade.ledger.evidence import load_sector_disruptions

    text = D.disruption_sentence(load_sector_disruptions())
    assert "Ford Motor Co. (May 2025" in text and "Suzuki Motor (26 May 2025" in text
