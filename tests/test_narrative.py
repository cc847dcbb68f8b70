"""Sentences are functions of the metrics: on the shipped data they state the ledger's numbers, and
they change when the data change. (Sentences on small hand-made frames: test_metrics.py.)"""

from __future__ import annotations

import csv

import pytest

from rare_earth_trade.analysis import sectors
from rare_earth_trade.build.params import Parameters
from rare_earth_trade.report import narrative
from rare_earth_trade.report.asof import load_as_of
from rare_earth_trade.report.asof import metrics as recovery_metrics_of


def metrics(**params):
    data = load_as_of(Parameters(**params))
    return data, recovery_metrics_of(data)


@pytest.fixture(scope="module")
def june():
    return metrics(as_of="2025-06", report_date="2025-07-21")


def test_as_of_june_2025_the_brief_states_the_article_moment(june):
    _, m = june
    assert narrative.rebound(m).startswith(
        "In June 2025 world exports reached 3,188 t, 2.6 times the May 2025 level. The sharpest rebound among "
        "the focus destinations was the United States in June 2025: 353 t, 7.7 times the 46 t of May 2025."
    )
    assert "fell to 1,238 t in May 2025" in narrative.collapse(m)
    assert narrative.ytd_pace(m) == "By June 2025, exports for the year to date were 18.9% lower than a year earlier."


def test_as_of_june_2025_exports_have_not_yet_recovered(june):
    data, m = june
    assert narrative.title(m) == (
        "China's rare-earth magnet exports fell 75% below their pre-controls average in May 2025 "
        "and had not regained it by June 2025"
    )
    assert narrative.recovery_sentence(m).startswith("As of June 2025 exports had not yet returned")
    assert narrative.as_of_line(data.params).endswith("Report date 2025-07-21.")


def test_the_latest_brief_tells_the_recovery():
    _, m = metrics(report_date="2026-11-29")
    assert narrative.title(m).endswith("and were back above it by July 2025")
    assert narrative.recovery_sentence(m).startswith("Exports first returned to the pre-controls average in July 2025")


def test_changing_the_data_changes_the_text(data_copy):
    path = data_copy / "raw" / "observations" / "magnet_exports_world_2023_2025h1.csv"
    rows = list(csv.DictReader(open(path, encoding="utf-8")))
    for r in rows:
        if r["period"] == "2025-05" and r["measure"] == "tonnes":
            r["value"] = "1100" if "." not in r["value"] else "1100.00"
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    _, m = metrics(as_of="2025-06", report_date="2025-07-21", data_dir=str(data_copy))
    assert "fell to 1,100 t in May 2025" in narrative.collapse(m)


def test_thin_evidence_is_said(june):
    data, m = june
    assert "derived from reported changes or totals, not reported directly" in narrative.collapse(m)
    eq = sectors.equivalents(m.shortfall_flat.tonnes, data.tables["sector_parameters"])
    assert "(a contested figure)" in narrative.sector_equivalents(m.shortfall_flat, eq)


def test_loading_validates_without_changing_the_parameters_given():
    given = Parameters(report_date="2026-11-29")
    data = load_as_of(given)
    assert given.as_of is None and data.params.as_of == data.as_of
    assert data.series.period.max() <= data.as_of
    assert data.events.date.str[:7].max() <= data.as_of
