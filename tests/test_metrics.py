"""Metrics and the sentences built on them, on a small hand-made series: no shipped data needed."""

from __future__ import annotations

import pandas as pd
import pytest

from rare_earth_trade.analysis import sectors
from rare_earth_trade.analysis.metrics import recovery_metrics
from rare_earth_trade.report import narrative

LAST_YEAR = {p: 5000 for p in ("2024-04", "2024-05", "2024-06", "2024-07", "2024-08")}
BASELINE = {"2025-01": 6000, "2025-02": 5000, "2025-03": 5500}  # the baseline window: mean 5,500 t
AFTER = {"2025-04": 2500, "2025-05": 1000, "2025-06": 3000, "2025-07": 5600, "2025-08": 6000}
WORLD = LAST_YEAR | BASELINE | AFTER
USA = {"2025-01": 300, "2025-02": 300, "2025-03": 300, "2025-05": 50, "2025-06": 400}
DEU = {"2025-05": 20, "2025-06": 40}


def tidy() -> pd.DataFrame:
    rows = [("WLD", p, "tonnes", v) for p, v in WORLD.items()]
    rows += [("USA", p, "tonnes", v) for p, v in USA.items()] + [("DEU", p, "tonnes", v) for p, v in DEU.items()]
    rows += [("WLD", "2025-06", "ytd_yoy_pct", -18.9)]
    frame = pd.DataFrame(rows, columns=["partner", "period", "measure", "value"]).assign(series="magnet_exports")
    frame["value"] = frame["value"].astype(float)
    frame["status"] = [
        "derived" if (r.partner, r.period) == ("WLD", "2025-02") else "reported" for r in frame.itertuples()
    ]
    return frame


def metrics(as_of: str, focus=("USA", "DEU", "JPN")):
    return recovery_metrics(
        tidy(),
        as_of=as_of,
        controls_month="2025-04",
        baseline_start="2025-01",
        baseline_end="2025-03",
        focus=list(focus),
    )


@pytest.fixture(scope="module")
def august():
    return metrics("2025-08")


def test_collapse_recovery_and_shortfall_metrics(august):
    m = august
    assert (m.baseline.mean, m.baseline.coverage) == (5500.0, "3 of 3 months")
    assert (m.trough.period, m.trough.value) == ("2025-05", 1000.0)
    assert m.trough.vs_baseline_pct == pytest.approx(-81.818, abs=1e-3)
    assert m.trough.vs_last_year_pct == pytest.approx(-80.0)
    assert (m.recovery["recovered"], m.recovery["months"]) == ("2025-07", 3)
    assert m.shortfall_end == "2025-06"
    assert m.shortfall_flat.tonnes == (5500 - 2500) + (5500 - 1000) + (5500 - 3000)
    assert m.shortfall_last_year.tonnes == (5000 - 2500) + (5000 - 1000) + (5000 - 3000)


def test_destinations_are_the_focus_ones_with_data(august):
    m = august
    assert list(m.destinations) == ["USA", "DEU"]  # JPN has no figures
    usa = m.multiples[(m.multiples.partner == "USA") & (m.multiples.period == "2025-06")]
    assert usa.multiple.tolist() == [8.0]
    by_partner = {d.partner: d for d in m.destination_recovery}
    assert by_partner["USA"].latest_index == pytest.approx(400 / 300 * 100)
    assert by_partner["DEU"].baseline.mean is None


def test_nothing_after_the_as_of_month_is_used():
    m = metrics("2025-06")
    assert m.world.index.max() == "2025-06"
    assert m.recovery["recovered"] is None and m.shortfall_end == "2025-06"


def test_sentences_state_the_metrics(august, monkeypatch):
    m = august
    assert narrative.title(m) == (
        "China's rare-earth magnet exports fell 82% below their pre-controls average in May 2025 "
        "and were back above it by July 2025"
    )
    assert narrative.collapse(m) == (
        "After China's export controls of April 2025, world exports of rare-earth magnets fell to 1,000 t in "
        "May 2025, 82% below the pre-controls average of 5,500 t a month and 80% lower than a year earlier. "
        "The average rests on 3 of 3 months of its window: 2 reported, 1 (Feb 2025) derived from reported "
        "changes or totals, not reported directly."
    )
    assert narrative.rebound(m) == (
        "In June 2025 world exports reached 3,000 t, 3.0 times the May 2025 level. The sharpest rebound among "
        "the focus destinations was the United States in June 2025: 400 t, 8.0 times the 50 t of May 2025."
    )
    assert narrative.recovery_sentence(m) == (
        "Exports first returned to the pre-controls average in July 2025, 3 months after the controls began. "
        "In August 2025 they stood at 6,000 t, 109% of that average and 20.0% higher than in August 2024."
    )
    assert narrative.shortfall(m) == (
        "From Apr 2025 to Jun 2025, China exported about 10,000 t fewer magnets than at the pre-controls "
        "average (8,500 t fewer than in the same months a year earlier)."
    )
    # The baseline window here is three months: fewer than the six the shortfall accounting needs too.
    assert narrative.destinations(m).startswith("Destination figures are too sparse before the controls")
    monkeypatch.setattr(narrative, "MIN_BASELINE_MONTHS", 3)
    assert narrative.destinations(m) == (
        "Latest month against each destination's own pre-controls average: United States 133% (Jun 2025; "
        "average of 3 of 3 months). Too few pre-controls months (fewer than 3) to say for Germany."
    )
    assert narrative.ytd_pace(m) == "By June 2025, exports for the year to date were 18.9% lower than a year earlier."
    assert narrative.shares(m).startswith(
        "June 2025 is the month with most destinations quantified (2): together they took 15% of world exports "
        "(United States 13%, Germany 1%). Their Herfindahl index is 180,"
    )


def test_sentences_before_recovery_and_without_data():
    m = metrics("2025-06")
    assert narrative.title(m).endswith("and had not regained it by June 2025")
    assert narrative.recovery_sentence(m).startswith("As of June 2025 exports had not yet returned")
    early = metrics("2025-03")
    assert narrative.title(early) == "China's rare-earth magnet exports as of Mar 2025"
    assert narrative.collapse(early) == "The data hold no world magnet exports between Apr 2025 and Mar 2025."
    assert narrative.rebound(early) == "No month-on-month rebound can be measured yet."


def test_scenario_takes_the_observed_trough_unless_a_depth_is_set(august):
    m = august
    s = sectors.scenario(3, m.baseline.mean, m.trough, None)
    assert s.lost_t == pytest.approx(3 * 5500 * 0.81818, rel=1e-4)
    assert s.depth_source == "the observed trough (2025-05)"
    assert sectors.scenario(3, m.baseline.mean, m.trough, -50.0).lost_t == 3 * 5500 * 0.5
    assert sectors.scenario(3, None, m.trough, None) is None
    assert narrative.scenario(None).startswith("No scenario can be computed")


def test_claims_summary_counts_each_verdict():
    checked = pd.DataFrame({"verdict": ["supported", "supported", "not supported", "outside our data"]})
    assert narrative.claims_summary(checked) == (
        "We checked 4 figures in the source article against our data: 2 supported, 1 not supported, 1 outside our data."
    )


def ranged() -> pd.DataFrame:
    """The same series with ranges: reported months give or take half a tonne, the derived
    February 2025 from 4,800 to 5,200 t, and May 2025 (the trough) from 980 to 1,020 t."""
    frame = tidy()
    frame["value_low"], frame["value_high"] = frame["value"] - 0.5, frame["value"] + 0.5
    feb = (frame.partner == "WLD") & (frame.period == "2025-02")
    may = (frame.partner == "WLD") & (frame.period == "2025-05") & (frame.measure == "tonnes")
    frame.loc[feb, ["value_low", "value_high"]] = [4800.0, 5200.0]
    frame.loc[may, ["value_low", "value_high"]] = [980.0, 1020.0]
    return frame


def test_sentences_state_ranges_where_they_matter():
    m = recovery_metrics(ranged(), as_of="2025-08", controls_month="2025-04", baseline_start="2025-01",
                         baseline_end="2025-03", focus=["USA"])  # fmt: skip
    # The average: (5999.5 + 4800 + 5499.5) / 3 .. (6000.5 + 5200 + 5500.5) / 3
    assert (round(m.baseline.low, 1), round(m.baseline.high, 1)) == (5433.0, 5567.0)
    # The trough, 980-1,020 t, against that: 980/5567 - 1 .. 1020/5433 - 1
    lo, hi = m.trough.vs_baseline_range
    assert (round(lo, 2), round(hi, 2)) == (-82.4, -81.23)
    text = narrative.collapse(m)
    assert "fell to 1,000 t in May 2025, 82% (81–82%) below the pre-controls average of 5,500 t a month (5,433–5,567 t)" in text
    assert "and 80% (80–80%) lower" not in text  # a range no wider than the rounding shown is not stated
    assert "2 reported, 1 (Feb 2025) derived" in text and "the range of the average is what their rounding allows" in text
    # Latest month, August 2025: 6,000 t (5,999.5-6,000.5) against 5,433-5,567 t: 108-110%.
    assert narrative.recovery_sentence(m).endswith("they stood at 6,000 t, 109% (108–110%) of that average and 20.0% higher than in August 2024.")
    # Shortfall: 3 x 5,433 - (2,500.5 + 1,020 + 3,000.5) .. 3 x 5,567 - (2,499.5 + 980 + 2,999.5)
    assert "about 10,000 t (9,778–10,222 t) fewer magnets" in narrative.shortfall(m)


def test_reported_figures_read_without_a_range():
    frame = ranged()
    frame.loc[frame.partner == "WLD", ["value_low", "value_high"]] = None
    frame["value_low"] = frame["value_low"].fillna(frame["value"] - 0.5)
    frame["value_high"] = frame["value_high"].fillna(frame["value"] + 0.5)
    m = recovery_metrics(frame, as_of="2025-08", controls_month="2025-04", baseline_start="2025-01",
                         baseline_end="2025-03", focus=["USA"])  # fmt: skip
    assert "82% below the pre-controls average of 5,500 t a month and 80% lower" in narrative.collapse(m)
    assert narrative.recovery_sentence(m).endswith("they stood at 6,000 t, 109% of that average and 20.0% higher than in August 2024.")
