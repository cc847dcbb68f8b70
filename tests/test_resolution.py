"""The resolution rule, derivations and reconciliation, on small known ledgers."""

from __future__ import annotations

import pandas as pd
from conftest import row, write_csv

from rare_earth_trade.ledger.observations import load_ledger
from rare_earth_trade.series.derive import derive
from rare_earth_trade.series.reconcile import reconcile
from rare_earth_trade.series.resolve import agree, resolve


def resolved_from(tmp_path, rows) -> pd.DataFrame:
    write_csv(tmp_path / "obs" / "f.csv", rows)
    return resolve(load_ledger(tmp_path / "obs"))


def one(frame, **key):
    sel = frame
    for k, v in key.items():
        sel = sel[sel[k] == v]
    assert len(sel) == 1, sel
    return sel.iloc[0]


def test_rounded_reports_of_one_figure_agree():
    assert agree(1238.0, 0, 1238.47, 2, "tonnes")
    assert agree(157.5, 1, 158.0, 0, "mom_pct")
    assert agree(-38.1, 1, -38.0, 0, "yoy_pct")
    assert not agree(5792.0, 0, 7338.0, 0, "tonnes")
    assert not agree(660.0, 0, 667.0, 0, "mom_pct")


def test_wire_agency_beats_an_outlet_and_agreement_is_counted(tmp_path):
    r = resolved_from(tmp_path, [
        row(origin="Some Blog", outlet="Some Blog", source_url="https://blog.example/x", value="3188"),
        row(origin="Reuters", outlet="The Economic Times", source_url="https://et.example/y", value="3188"),
        row(origin="Trading Economics", outlet="Trading Economics", source_url="https://te.example/z", value="3,188"),
    ])  # fmt: skip
    w = one(r, measure="tonnes")
    assert (w.origin, w.outlet, w.n_sources, w.corroborating, w.conflict) == ("Reuters", "The Economic Times", 3, 2, False)
    assert w.publisher == "Reuters, 20 Jul 2025 (read at The Economic Times)"  # cited: origin, date, outlet


def test_among_copies_of_one_story_the_most_established_outlet_wins(tmp_path):
    rows = [
        row(origin="Reuters", outlet="unnamed mirror", source_url="http://mirror.example/a", source_date="2025-07-19"),
        row(origin="Reuters", outlet="Kitco", source_url="https://kitco.example/a", source_date="2025-07-21"),
        row(origin="Reuters", outlet="Daily Mail", source_url="https://dailymail.example/a", source_date="2025-07-22"),
    ]
    w = one(resolved_from(tmp_path, rows), measure="tonnes")
    assert (w.outlet, w.corroborating) == ("Daily Mail", 2)  # standing 1 beats 2 and 3, though published later


def test_more_precise_source_wins_within_a_tier(tmp_path):
    r = resolved_from(tmp_path, [
        row(origin="Reuters", source_url="https://a.example", value="1238", period="2025-05"),
        row(origin="Bloomberg", outlet="Bloomberg", source_url="https://b.example", value="1238.47", period="2025-05"),
    ])  # fmt: skip
    assert one(r, measure="tonnes").value == 1238.47


def test_earliest_publication_breaks_a_tie_and_file_order_does_not_matter(tmp_path):
    rows = [
        row(source_url="https://late.example", source_date="2025-08-01"),
        row(source_url="https://early.example", source_date="2025-07-20"),
    ]
    a = one(resolved_from(tmp_path / "a", rows), measure="tonnes")
    b = one(resolved_from(tmp_path / "b", rows[::-1]), measure="tonnes")
    assert a.source_url == b.source_url == "https://early.example"


def test_disagreement_beyond_rounding_is_flagged_and_both_kept(tmp_path):
    write_csv(tmp_path / "obs" / "f.csv", [
        row(outlet="Kitco", source_url="https://r.example", value="5792", period="2025-08", series="rare_earth_exports"),
        row(origin="Bloomberg", outlet="News.Az", source_url="https://bs.example", value="7400", period="2025-08",
            series="rare_earth_exports", source_date="2025-09-18"),
    ])  # fmt: skip
    ledger = load_ledger(tmp_path / "obs")
    w = one(resolve(ledger), measure="tonnes")
    assert (w.value, w.conflict) == (5792.0, True)
    assert w.conflict_detail == "Bloomberg, 18 Sep 2025 (read at News.Az) gives 7,400"
    assert (round(w.value_low, 1), round(w.value_high, 1)) == (5791.5, 7400.5)  # the range spans the disagreement
    assert len(ledger) == 2


def test_month_is_derived_from_cumulative_totals_and_labelled(tmp_path):
    r = derive(resolved_from(tmp_path, [
        row(period="2025-06", measure="ytd_tonnes", value="22319"),
        row(period="2025-05", measure="ytd_tonnes", value="19131", source_url="https://example.org/b"),
    ]))  # fmt: skip
    june = one(r, measure="tonnes", period="2025-06")
    assert (june.value, june.status) == (3188.0, "derived")
    assert june.derived_from == (
        "difference of cumulative totals: ytd_tonnes 2025-06 = 22,319.0 t minus ytd_tonnes 2025-05 = 19,131.0 t"
    )
    assert set(june.source_url.split()) == {"https://example.org/a", "https://example.org/b"}


def test_level_is_implied_by_a_reported_change_in_both_directions(tmp_path):
    r = derive(resolved_from(tmp_path, [
        row(period="2025-06", value="3188"),
        row(period="2025-06", measure="mom_pct", value="157.5", unit="%"),
        row(period="2025-06", measure="yoy_pct", value="-38.1", unit="%"),
    ]))  # fmt: skip
    assert round(one(r, measure="tonnes", period="2025-05").value, 1) == 1238.1
    assert round(one(r, measure="tonnes", period="2024-06").value, 1) == 5150.2


def test_a_reported_value_is_never_replaced_by_a_derived_one(tmp_path):
    r = derive(resolved_from(tmp_path, [
        row(period="2025-06", value="3188"),
        row(period="2025-05", value="1238"),
        row(period="2025-06", measure="mom_pct", value="160", unit="%"),
    ]))  # fmt: skip
    may = one(r, measure="tonnes", period="2025-05")
    assert (may.value, may.status) == (1238.0, "reported")


def test_chained_derivations_say_how_many_steps(tmp_path):
    r = derive(resolved_from(tmp_path, [
        row(period="2025-06", measure="ytd_tonnes", value="22319"),
        row(period="2025-06", value="3188"),
        row(period="2025-05", value="1238", source_url="https://example.org/may"),
    ]))  # fmt: skip
    apr_ytd = one(r, measure="ytd_tonnes", period="2025-04")
    assert apr_ytd.value == 17893.0
    assert apr_ytd.derived_from.endswith("[2 steps from reported figures]")


def test_reconciliation_accepts_rounded_levels_and_flags_a_real_gap(tmp_path):
    rec = reconcile(resolved_from(tmp_path, [
        row(period="2025-05", value="46", partner="USA"),
        row(period="2025-06", value="353", partner="USA"),
        row(period="2025-06", measure="mom_pct", value="660", unit="%", partner="USA"),
        row(period="2025-06", measure="yoy_pct", value="-10", unit="%", partner="USA"),
        row(period="2024-06", value="800", partner="USA"),
    ]))  # fmt: skip
    mom = one(rec, check="month-on-month % vs levels")
    yoy = one(rec, check="year-on-year % vs levels")
    assert bool(mom.agrees) is True  # 353/46 is 667%, but 352.5/46.5 gives 658%: 660 fits
    assert bool(yoy.agrees) is False and round(yoy.implied, 1) == -55.9


def test_reconciliation_sums_months_against_a_cumulative_total(tmp_path):
    rec = reconcile(resolved_from(tmp_path, [
        row(period="2025-05", measure="ytd_tonnes", value="19131"),
        row(period="2025-06", value="3188", source_url="https://example.org/b"),
        row(period="2025-06", measure="ytd_tonnes", value="22400", source_url="https://example.org/b"),
    ]))  # fmt: skip
    check = one(rec, check="monthly sum vs year-to-date total")
    assert (check.implied, check.difference, bool(check.agrees)) == (22319.0, 81.0, True)
    assert check.inputs == "total to 2025-05 + 2025-06"


def test_a_rank_is_resolved_like_any_figure_but_never_derived_from_or_into(tmp_path):
    rows = [
        row(period="2025-10", partner="DEU", value="1118"),
        row(period="2025-10", partner="DEU", measure="rank", value="1", unit="rank"),
        row(period="2025-10", partner="DEU", measure="rank", value="1", unit="rank", source_url="https://example.org/b"),
        row(period="2025-10", partner="DEU", measure="yoy_pct", value="55.9", unit="%", source_url="https://example.org/b"),
    ]
    r = derive(resolved_from(tmp_path, rows))
    rank = one(r, measure="rank")
    assert (rank.value, rank.value_low, rank.value_high, rank.n_sources, bool(rank.conflict)) == (1.0, 1.0, 1.0, 2, False)
    assert set(r[r.status == "derived"].measure) == {"tonnes"}  # only the year-earlier level, from the change
    assert not any("rank" in d for d in r.derived_from)
