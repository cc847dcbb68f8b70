"""What changed between two reports: computed from the summaries reports keep, never by rebuilding."""

from __future__ import annotations

import copy
import json
import subprocess
import sys

import pytest

from rare_earth_trade.build import changes


def fig(period, value, partner="WLD", measure="tonnes", status="reported", source="Reuters"):
    return {"series": "magnet_exports", "partner": partner, "period": period, "measure": measure, "value": value,
            "value_low": value, "value_high": value, "status": status, "source": source}


OLD = {
    "schema": 1, "report_date": "2026-01-25", "as_of": "2025-12",
    "parameters": {"as_of": "2025-12", "report_date": "2026-01-25", "focus": ["USA", "DEU"], "scenario_months": 3},
    "figures": [fig("2025-11", 5800.0), fig("2025-12", 5952.0), fig("2025-12", 564.0, "USA")],
    "conflicts": [{"figure": "rare earth exports, WLD, Dec 2025, tonnes"}],
    "headline": {"latest": {"label": "Latest month", "text": "5,952 t (December 2025)"},
                 "trough": {"label": "Trough", "text": "1,238 t (May 2025)"}},
    "claims": {"c1": {"claim": "China supplies over 90%", "verdict": "approximately"}},
}


def later():
    new = copy.deepcopy(OLD)
    new.update(report_date="2026-04-25", as_of="2026-03")
    new["parameters"].update(as_of="2026-03", report_date="2026-04-25", scenario_months=6)
    new["figures"] += [fig("2026-01", 4800.0, status="derived", source="derived"), fig("2026-02", 5000.0),
                       fig("2026-03", 5238.0), fig("2026-03", 406.0, "USA")]
    new["figures"][0] = fig("2025-11", 5810.0, source="Bloomberg")
    new["conflicts"] = []
    new["headline"]["latest"]["text"] = "5,238 t (March 2026)"
    new["claims"]["c1"]["verdict"] = "supported"
    return new


def test_months_added_revisions_conflicts_headlines_claims_and_parameters_are_named():
    ch = changes.compare(OLD, later())
    assert ch.months_added == ["2026-01", "2026-02", "2026-03"]
    assert ch.figures_added == 4
    assert [r["figure"] for r in ch.revised] == ["magnet exports, WLD, Nov 2025, tonnes"]
    assert ch.revised[0]["what"] == "value, source" and "5,800" in ch.revised[0]["old"] and "5,810" in ch.revised[0]["new"]
    assert ch.conflicts_resolved == ["rare earth exports, WLD, Dec 2025, tonnes"] and ch.conflicts_new == []
    assert ch.headline == [{"name": "Latest month", "old": "5,952 t (December 2025)", "new": "5,238 t (March 2026)",
                            "old_short": "5,952 t (December 2025)", "new_short": "5,238 t (March 2026)"}]
    assert ch.claims == [{"claim": "China supplies over 90%", "old": "approximately", "new": "supported"}]
    assert ch.parameters == [{"name": "as_of", "old": "2025-12", "new": "2026-03"},
                             {"name": "scenario_months", "old": "3", "new": "6"}]
    text = changes.lines(ch)
    assert text[0] == "January–March 2026 are new (world magnet exports)."
    assert "Latest month: 5,952 t (December 2025) → 5,238 t (March 2026)." in text
    assert changes.one_line(ch) == ("Since 2026-01-25 (data as of Dec 2025): January–March 2026 new; 1 figure(s) revised; "
                                    "1 conflict(s) resolved; 1 claim verdict(s) changed; parameters differ: scenario_months.")


def test_identical_reports_and_the_first_report_say_so():
    same = changes.compare(OLD, copy.deepcopy(OLD))
    assert same.empty and changes.lines(same)[0].startswith("Nothing changed since the report of 2026-01-25")
    assert changes.lines(None) == ["This is the first published report: there is nothing to compare with."]
    assert changes.one_line(None) == "First report: nothing to compare with."


def test_a_headline_differing_only_in_its_dash_is_not_a_change():
    old, new = copy.deepcopy(OLD), copy.deepcopy(OLD)
    old["headline"]["pace"] = {"label": "Year-to-date pace", "text": "-1.3% (Jan-Dec 2025)"}
    new["headline"]["pace"] = {"label": "Year-to-date pace", "text": "-1.3% (Jan\u2013Dec 2025)"}
    assert changes.compare(old, new).headline == []
    new["headline"]["pace"]["text"] = "-1.3% (Jan\u2013Nov 2025)"
    assert [h["name"] for h in changes.compare(old, new).headline] == ["Year-to-date pace"]


@pytest.mark.parametrize(("periods", "text"), [
    (["2026-03"], "March 2026"),
    (["2025-11", "2025-12", "2026-01"], "November 2025–January 2026"),
    (["2026-01", "2026-02", "2026-05"], "January–February 2026 and May 2026"),
])
def test_month_spans_read_as_ranges(periods, text):
    assert changes.month_span(periods) == text


def publish_summary(reports, summary):
    folder = reports / summary["report_date"]
    folder.mkdir(parents=True, exist_ok=True)
    return changes.write(summary, folder)


def test_the_previous_report_is_the_latest_earlier_date_or_an_earlier_as_of_on_the_same_date(tmp_path):
    reports = tmp_path / "reports"
    assert changes.previous(reports, "2026-04-25", "2026-03") is None
    publish_summary(reports, OLD)
    same_day = copy.deepcopy(OLD)
    same_day["as_of"] = "2025-06"
    publish_summary(reports, same_day)
    prev = changes.previous(reports, "2026-04-25", "2026-03")
    assert (prev.date, prev.as_of) == ("2026-01-25", "2025-12")
    prev = changes.previous(reports, "2026-01-25", "2025-12")
    assert (prev.date, prev.as_of) == ("2026-01-25", "2025-06")
    assert changes.since_previous(reports, later()).months_added == ["2026-01", "2026-02", "2026-03"]


def test_diff_command_prints_text_and_json(tmp_path):
    reports = tmp_path / "reports"
    publish_summary(reports, OLD)
    publish_summary(reports, later())
    run = [sys.executable, "-m", "rare_earth_trade", "diff", str(reports / "2026-01-25"), str(reports / "2026-04-25")]
    out = subprocess.run(run, capture_output=True, text=True, check=True).stdout
    assert out.startswith("What changed from 2026-01-25 (data as of Dec 2025) to 2026-04-25 (data as of Mar 2026):")
    assert "- January–March 2026 are new (world magnet exports)." in out
    data = json.loads(subprocess.run([*run, "--json"], capture_output=True, text=True, check=True).stdout)
    assert data["months_added"] == ["2026-01", "2026-02", "2026-03"]


def test_diff_command_refuses_a_folder_without_summary(tmp_path):
    (tmp_path / "old").mkdir()
    proc = subprocess.run([sys.executable, "-m", "rare_earth_trade", "diff", str(tmp_path / "old"), str(tmp_path)],
                          capture_output=True, text=True)
    assert proc.returncode == 2
    assert "holds no summary_<as-of>.json" in proc.stderr
