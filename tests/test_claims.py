"""Claim verdicts: the rule on known inputs, and the article's claims on the shipped data."""

from __future__ import annotations

import pytest

from rare_earth_trade.analysis.claims import Evidence, check_claims, verdict
from rare_earth_trade.build.params import Parameters
from rare_earth_trade.report.asof import load_as_of


def point(v):
    return Evidence(v, v, "s", "https://example.org")


@pytest.mark.parametrize(
    ("claimed", "comparison", "evidence", "expected"),
    [
        (-38, "about", point(-38.1), "supported"),  # the claim is a rounding of our value
        (660, "about", point(660.0), "supported"),
        (-19, "about", point(-18.9), "supported"),
        (157.5, "about", point(158.4), "approximately"),  # within 5%
        (353, "about", point(420.0), "not supported"),
        (7, "over", point(7.7), "supported"),
        (8, "over", point(7.7), "not supported"),
        (90, "over", Evidence(85, 94, "s", "u"), "approximately"),  # sources span the claim
        (90, "over", Evidence(91, 94, "s", "u"), "supported"),
        (70, "about", Evidence(60, 70, "s", "u"), "supported"),
        (70, "about", None, "outside our data"),
    ],
)
def test_verdict_rule(claimed, comparison, evidence, expected):
    assert verdict(claimed, comparison, evidence) == expected


def checked_as_of(as_of: str, report_date: str):
    data = load_as_of(Parameters(as_of=as_of, report_date=report_date))
    return check_claims(data.tables["article_claims"], data.series, data.tables)


def test_the_article_figures_are_reproduced_as_of_june_2025():
    c = checked_as_of("2025-06", "2025-07-21").set_index("claim_id")
    assert c.loc["world_june_tonnes", ["ours", "verdict"]].tolist() == ["3,188 t", "supported"]
    assert c.loc["world_june_mom", ["ours", "verdict"]].tolist() == ["+157.5%", "supported"]
    assert c.loc["world_june_yoy", ["ours", "verdict"]].tolist() == ["-38.1%", "supported"]
    assert c.loc["us_june_tonnes", ["ours", "verdict"]].tolist() == ["353 t", "supported"]
    assert c.loc["us_june_mom", ["ours", "verdict"]].tolist() == ["+660.0%", "supported"]
    assert c.loc["us_june_multiple", ["ours", "verdict"]].tolist() == ["7.7x", "supported"]
    assert c.loc["ytd_pace", ["ours", "verdict"]].tolist() == ["-18.9%", "supported"]


def test_claims_about_later_months_are_outside_the_data_before_them():
    c = checked_as_of("2025-05", "2025-06-30").set_index("claim_id")
    assert c.loc["world_june_tonnes", "verdict"] == "outside our data"
    assert c.loc["us_june_multiple", "verdict"] == "outside our data"
    assert c.loc["china_ev_share", "verdict"] == "supported"  # not tied to a month
