"""One destination's brief: its series, coverage, recovery, share and rank, events and gaps, on hand-made frames."""

from __future__ import annotations

import pandas as pd
import pytest

from rare_earth_trade.analysis import destination as dest
from rare_earth_trade.errors import DataError, ParameterError
from rare_earth_trade.ledger.tables import load_table
from rare_earth_trade.report import destination as brief


def fig(period, value, partner="USA", measure="tonnes", status="reported", low=None, high=None, series="magnet_exports"):
    return {"series": series, "partner": partner, "period": period, "measure": measure, "value": value,
            "value_low": value if low is None else low, "value_high": value if high is None else high,
            "status": status, "publisher": "derived" if status == "derived" else "Reuters",
            "source_url": "" if status == "derived" else f"https://example.org/{partner}/{period}",
            "derived_from": "2025-05 level and 2025-06 mom_pct" if status == "derived" else ""}  # fmt: skip


SERIES = pd.DataFrame([
    fig("2024-04", 100.0), fig("2024-05", 120.0), fig("2024-06", 110.0, status="derived", low=105.0, high=115.0),
    fig("2025-04", 20.0), fig("2025-05", 10.0), fig("2025-07", 130.0),
    fig("2025-05", 1000.0, "WLD"), fig("2025-07", 5200.0, "WLD"), fig("2025-06", 3000.0, "WLD"),
    fig("2025-07", 2.0, measure="rank"), fig("2025-07", 45.0, "DEU"),
    fig("2025-07", 999.0, "JPN", series="rare_earth_exports"),
])  # fmt: skip


def test_destinations_with_data_are_those_with_a_magnet_figure():
    assert dest.with_data(SERIES) == ["DEU", "USA"]  # JPN has only another series; WLD is the world


def test_monthly_figures_and_coverage_say_reported_derived_and_missing():
    figures = dest.monthly_figures(SERIES, "USA")
    assert list(figures.period) == ["2024-04", "2024-05", "2024-06", "2025-04", "2025-05", "2025-07"]
    derived = figures[figures.status == "derived"].iloc[0]
    assert derived.source.startswith("derived: ") and derived.url == "" and (derived.value_low, derived.value_high) == (105, 115)
    cov = dest.coverage(figures, "2024-04", "2025-08")
    assert (cov.months, len(cov.reported), cov.derived, cov.known) == (17, 5, ["2024-06"], 6)
    assert cov.missing[:2] == ["2024-07", "2024-08"] and cov.missing[-2:] == ["2025-06", "2025-08"]
    text = brief.coverage_sentence("USA", cov)
    assert text.startswith("From Apr 2024 to Aug 2025, a monthly tonnage for the United States is known for 6 of 17 months: "
                           "5 reported, 1 derived, 11 missing.")  # fmt: skip
    assert "Missing: July 2024–March 2025, June 2025 and August 2025." in text


def test_share_of_the_world_total_only_where_both_are_known_and_the_reported_rank():
    share = dest.shares(SERIES, "USA")
    assert list(share.period) == ["2025-05", "2025-07"]
    assert share.share_pct.round(1).tolist() == [1.0, 2.5]
    rank = dest.ranks(SERIES, "USA")
    assert rank.to_dict("records") == [{"period": "2025-07", "rank": 2, "source": "Reuters", "url": "https://example.org/USA/2025-07"}]
    assert brief.share_sentence("USA", share, rank) == (
        "The United States took 2.5% of China's magnet exports in July 2025 (2 month(s) with both figures; lowest 1.0% in "
        "May 2025, highest 2.5% in Jul 2025); reported top-destination lists place it 2nd in Jul 2025."
    )
    assert brief.share_sentence("DEU", dest.shares(SERIES, "DEU").iloc[:0], dest.ranks(SERIES, "DEU")).startswith(
        "No month has both a figure for Germany and a world total"
    )


def test_recovery_against_its_own_average_or_too_few_months_said_plainly():
    rec, account = dest.recovery(SERIES, "USA", "2025-07", "2025-04", "2024-04", "2025-03")
    assert rec.baseline.mean == pytest.approx(110.0) and (rec.low_period, rec.latest_period) == ("2025-05", "2025-07")
    text = brief.recovery_sentence("USA", rec, account)
    assert text.startswith("Exports to the United States averaged 110 t a month before the controls (3 of 12 months known); "
                           "after them they fell as low as 10 t in May 2025 (9% of that average), and stood at 130 t in July 2025 (118%).")  # fmt: skip
    assert "The shortfall accounting is not computed: too few months" in text  # 3 baseline months < 6
    assert brief.title("USA", rec, "2025-07") == (
        "China's rare-earth magnet exports to the United States stood at 118% of their pre-controls average in July 2025"
    )
    thin, thin_account = dest.recovery(SERIES, "DEU", "2025-07", "2025-04", "2024-04", "2025-03")
    assert brief.recovery_sentence("DEU", thin, thin_account).startswith(
        "Too few pre-controls months are known for Germany to measure its recovery: 0 of 12 months"
    )
    assert brief.title("DEU", thin, "2025-07") == (
        "China's rare-earth magnet exports to Germany were 45 t in July 2025, the latest month known"
    )


EVENTS = pd.DataFrame([
    {"date": "2025-04-04", "event_id": "controls", "title": "China controls 7 rare earths", "category": "control", "partners": ""},
    {"date": "2025-05-12", "event_id": "truce", "title": "Geneva truce", "category": "truce", "partners": "USA"},
    {"date": "2025-06-07", "event_id": "green", "title": "Green channel", "category": "easing", "partners": "EU"},
    {"date": "2025-06-10", "event_id": "talks", "title": "Talks", "category": "other", "partners": ""},
    {"date": "2026-01-06", "event_id": "japan", "title": "Dual-use ban", "category": "control", "partners": "JPN"},
    {"date": "2026-02-01", "event_id": "all", "title": "Everyone", "category": "easing", "partners": "WLD"},
]).assign(publisher="Reuters", source_url="https://example.org/e")  # fmt: skip


def test_events_naming_the_destination_and_those_concerning_every_destination():
    jpn = dest.events_concerning(EVENTS, "JPN")
    assert list(zip(jpn.event_id, jpn.concerns)) == [
        ("controls", "every destination"), ("japan", "Japan"), ("all", "every destination")
    ]  # the truce names the US, the green channel the EU, the talks nobody (and are no control)
    assert brief.events_sentence("JPN", jpn) == (
        "1 policy event names Japan, the latest Dual-use ban (2026-01-06); "
        "2 China-wide control or suspension events concern every destination."
    )
    assert dest.partner_codes("USA JPN") == dest.partner_codes("usa;jpn") == ["USA", "JPN"]
    assert dest.partner_codes(float("nan")) == []


def test_gaps_are_stated_plainly():
    figures = dest.monthly_figures(SERIES, "DEU")
    cov = dest.coverage(figures, "2025-05", "2025-07")
    rec, _ = dest.recovery(SERIES, "DEU", "2025-07", "2025-04", "2024-04", "2025-03")
    gaps = brief.gaps("DEU", cov, dest.shares(SERIES, "DEU"), dest.ranks(SERIES, "DEU"), rec)
    assert gaps == [
        "No figure for Germany in 2 of 3 months (May–June 2025).",
        "Only 0 of 12 months of the pre-controls baseline are known: no recovery index.",
        "No rank: no reported top-destination list names it.",
    ]


def test_the_brief_refuses_an_unset_unknown_or_empty_destination_naming_those_with_data():
    assert brief.destination_code("usa", SERIES, "2025-07") == "USA"
    with pytest.raises(ParameterError, match=r"^parameter destination is not set; destinations with data as of 2025-07: DEU, USA$"):
        brief.destination_code(None, SERIES, "2025-07")
    with pytest.raises(ParameterError, match="parameter destination: no magnet-export figures for THA; destinations with"):
        brief.destination_code("THA", SERIES, "2025-07")
    with pytest.raises(ParameterError, match="parameter destination has unknown destination code"):
        brief.destination_code("XXX", SERIES, "2025-07")


# --- the partners column of policy_events.csv ---------------------------------------------------
def test_the_partners_column_is_optional_and_checked_against_the_partner_codes(data_copy):
    raw = data_copy / "raw"
    events = load_table("policy_events", raw)
    japan = events[events.event_id == "japan_dualuse_2026_01"]
    assert japan.partners.tolist() == ["JPN"] and "Japan" in japan.quote.iloc[0]  # sourced by its own row
    assert set(events.partners) >= {"", "USA", "EU", "JPN"}
    # A file beside it may leave the column out.
    lines = (raw / "policy_events.csv").read_text(encoding="utf-8").splitlines()
    header = lines[0].removesuffix(",partners")
    (raw / "policy_events_extra.csv").write_text(header + "\n" + lines[1].rsplit(",", 1)[0] + "\n", encoding="utf-8")
    assert len(load_table("policy_events", raw)) == len(events) + 1
    # An unknown code is refused with its file, line and column.
    (raw / "policy_events_extra.csv").write_text(lines[0] + "\n" + lines[1].rsplit(",", 1)[0] + ",USA ATL\n", encoding="utf-8")
    with pytest.raises(DataError) as err:
        load_table("policy_events", raw)
    assert "policy_events_extra.csv:2" in str(err.value) and "partners" in str(err.value) and "unknown partner code" in str(err.value)
