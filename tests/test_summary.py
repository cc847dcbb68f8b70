"""The summary a report keeps and the brief's "What changed" section, computed from the data as of a month."""

from __future__ import annotations

import copy
import json

import pytest
from test_changes import OLD, later

from rare_earth_trade.build import changes
from rare_earth_trade.build.params import Parameters
from rare_earth_trade.paths import DATA_DIR
from rare_earth_trade.report import fmt
from rare_earth_trade.report.asof import load_as_of
from rare_earth_trade.report.summary import FIGURE_FIELDS, brief_lines, report_summary, what_changed
from rare_earth_trade.series.dataset import Dataset


@pytest.fixture(scope="module")
def article_summary() -> dict:
    return report_summary(load_as_of(Parameters(as_of="2025-06", report_date="2025-07-21")))


def test_the_summary_holds_every_figure_the_headline_the_claims_and_the_freshness(article_summary):
    s = article_summary
    data = load_as_of(Parameters(as_of="2025-06", report_date="2025-07-21"))
    assert (s["schema"], s["report_date"], s["as_of"]) == (changes.SCHEMA, "2025-07-21", "2025-06")
    assert len(s["figures"]) == len(data.series) and all(list(f) == FIGURE_FIELDS for f in s["figures"])
    june = next(f for f in s["figures"] if (f["partner"], f["period"], f["measure"]) == ("WLD", "2025-06", "tonnes"))
    assert june["value"] == 3188 and june["status"] == "reported" and "Reuters" in june["source"]
    derived = [f for f in s["figures"] if f["status"] == "derived"]
    assert derived and all(f["source"] == "derived" for f in derived)
    assert {"latest", "recovery_index", "shortfall", "ytd_pace", "trough"} <= set(s["headline"])
    assert s["headline"]["latest"] == {"label": "latest month", "text": "3,188 t (Jun 2025)", "short": "3,188 t"}
    assert s["headline"]["ytd_pace"]["text"] == "-18.9% (Jan–Jun 2025)"
    assert s["claims"]["us_june_tonnes"] == {"claim": "Exports to the U.S. hit 353 metric tons in June", "verdict": "supported"}
    last = fmt.month(Dataset.load(DATA_DIR).months()[-1], long=True)  # the ledger grows: read its end
    assert s["freshness"]["text"] == (
        f"Customs should have released June 2025; the ledger ends {last} (up to date); this report uses data to June 2025."
    )
    assert "data_dir" not in s["parameters"] and "reports_dir" not in s["parameters"]
    assert [c["figure"] for c in s["conflicts"]] == [changes.describe_key(f"{r.series}/{r.partner}/{r.period}/{r.measure}")
                                                     for r in data.series[data.series.conflict].itertuples()]  # fmt: skip
    assert json.loads(json.dumps(s)) == s  # plain JSON values


def test_the_brief_says_nothing_to_compare_with_then_what_changed_since_the_previous_report(tmp_path, article_summary):
    reports = tmp_path / "reports"
    first = what_changed(article_summary, reports)
    assert first.title == "What changed since the last report" and first.previous is None and first.lines == []
    assert first.lead == "This is the first published report: there is nothing to compare with."
    may = report_summary(load_as_of(Parameters(as_of="2025-05", report_date="2025-06-20")))
    (reports / "2025-06-20").mkdir(parents=True)
    changes.write(may, reports / "2025-06-20")
    second = what_changed(article_summary, reports)
    assert second.title == "What changed since 2025-06-20" and second.lead == ""
    assert "2025-06" in second.result.months_added  # (a month the June figures imply may be new too)
    assert second.lines[0].startswith("Against the report of 2025-06-20 (data as of May 2025): ")
    assert changes.month_span(second.result.months_added) + " " in second.lines[0]
    headline = next(x for x in second.lines if x.startswith("Headline numbers"))
    assert f"latest month {may['headline']['latest']['short']} → 3,188 t" in headline
    same = what_changed(may, reports)  # the same report again: compares with nothing earlier
    assert same.previous is None


def test_a_previous_summary_that_cannot_be_read_is_said_not_hidden(tmp_path, article_summary):
    reports = tmp_path / "reports"
    (reports / "2025-06-20").mkdir(parents=True)
    (reports / "2025-06-20" / "summary_2025-05.json").write_text(json.dumps({"schema": 99}), encoding="utf-8")
    result = what_changed(article_summary, reports)
    assert result.title == "What changed since 2025-06-20"
    assert result.lead.startswith("The report of 2025-06-20 (data as of May 2025) cannot be compared with:")
    assert "summary schema 99" in result.lead


def test_the_brief_condenses_the_comparison():
    new = later()
    new["headline"]["latest"]["short"] = "5,238 t"
    old = copy.deepcopy(OLD)
    old["headline"]["latest"]["short"] = "5,952 t"
    assert brief_lines(changes.compare(old, new)) == [
        "Against the report of 2026-01-25 (data as of Dec 2025): January–March 2026 are new (world magnet exports); "
        "1 other figure(s) are new; 1 earlier figure(s) revised (Nov 2025); "
        "conflict(s) no longer present: rare earth exports, WLD, Dec 2025, tonnes.",
        "Headline numbers (against the pre-controls average): Latest month 5,952 t → 5,238 t.",
        "Claims whose verdict changed: “China supplies over 90%” approximately → supported.",
        "Parameters that differ: scenario_months 3 → 6.",
    ]
