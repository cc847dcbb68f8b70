"""Recovery metrics on small known series."""

from __future__ import annotations

import pandas as pd
import pytest

from rare_earth_trade.analysis import recovery

S = pd.Series(
    {
        "2024-04": 5000.0,
        "2024-05": 5000.0,
        "2024-06": 5000.0,
        "2025-01": 6000.0,
        "2025-03": 5000.0,
        "2025-04": 2500.0,
        "2025-05": 1000.0,
        "2025-06": 3000.0,
        "2025-07": 5600.0,
        "2025-08": 6000.0,
    }
)


def test_baseline_averages_known_months_and_says_how_many():
    b = recovery.window_baseline(S, "2025-01", "2025-03")
    assert (b.mean, b.months_known, b.coverage) == (5500.0, ["2025-01", "2025-03"], "2 of 3 months")


def test_trough_depth_against_both_baselines():
    b = recovery.window_baseline(S, "2025-01", "2025-03")
    t = recovery.trough(S, "2025-04", "2025-08", b)
    assert (t.period, t.value) == ("2025-05", 1000.0)
    assert t.vs_baseline_pct == pytest.approx(-81.818, abs=1e-3)
    assert t.vs_last_year_pct == pytest.approx(-80.0)


def test_trough_is_none_without_months_after_the_controls():
    b = recovery.window_baseline(S, "2025-01", "2025-03")
    assert recovery.trough(S, "2026-01", "2026-03", b) is None


def test_month_on_month_multiples_only_where_both_months_are_known():
    m = recovery.month_on_month_multiples(S)
    assert m["2025-06"] == 3.0
    assert "2025-01" not in m.index  # December 2024 unknown
    assert "2025-03" not in m.index  # February unknown


def test_months_to_recover_counts_from_the_controls():
    r = recovery.months_to_recover(S, 5500.0, "2025-04", "2025-08")
    assert r == {"trough": "2025-05", "recovered": "2025-07", "months": 3, "unknown_months": []}


def test_not_yet_recovered_is_none():
    r = recovery.months_to_recover(S, 7000.0, "2025-04", "2025-08")
    assert (r["recovered"], r["months"]) == (None, None)


def test_shortfall_against_a_flat_baseline_sums_known_months_and_lists_missing():
    b = recovery.window_baseline(S, "2025-01", "2025-03")
    f = recovery.shortfall_vs_flat(S, b, "2025-04", "2025-06")
    assert f.tonnes == (5500 - 2500) + (5500 - 1000) + (5500 - 3000)
    assert f.months_missing == []
    g = recovery.shortfall_vs_flat(S.drop("2025-05"), b, "2025-04", "2025-06")
    assert g.months_missing == ["2025-05"]


def test_shortfall_against_last_year_uses_months_known_in_both_years():
    f = recovery.shortfall_vs_last_year(S, "2025-04", "2025-06")
    assert f.months_counted == ["2025-04", "2025-05", "2025-06"]
    assert f.tonnes == (5000 - 2500) + (5000 - 1000) + (5000 - 3000)


def _series(rows):
    return pd.DataFrame(
        [
            {"series": "magnet_exports", "partner": p, "period": per, "measure": m, "value": v, "status": "reported"}
            for p, per, m, v in rows
        ]
    )


def test_ytd_pace_prefers_the_reported_change_and_computes_the_rest():
    frame = _series(
        [
            ("WLD", "2025-06", "ytd_yoy_pct", -18.9),
            ("WLD", "2025-06", "ytd_tonnes", 22319.0),
            ("WLD", "2025-07", "ytd_tonnes", 27897.0),
            ("WLD", "2024-07", "ytd_tonnes", 32812.0),
        ]
    )
    pace = recovery.ytd_pace(frame)
    assert pace[["period", "basis"]].values.tolist() == [["2025-06", "reported"], ["2025-07", "computed"]]
    assert pace.iloc[1].ytd_yoy_pct == pytest.approx(-14.979, abs=1e-3)


def test_destination_shares_and_concentration_lower_bound():
    frame = _series(
        [
            ("WLD", "2025-06", "tonnes", 1000.0),
            ("USA", "2025-06", "tonnes", 300.0),
            ("DEU", "2025-06", "tonnes", 100.0),
            ("DEU", "2025-05", "tonnes", 50.0),
        ]
    )
    shares = recovery.destination_shares(frame, ["USA", "DEU"])
    assert shares.share_pct.tolist() == [10.0, 30.0]
    conc = recovery.concentration(shares).iloc[0]
    assert (conc.destinations, conc.known_share_pct, conc.hhi_lower_bound) == (2, 40.0, 1000.0)


def test_a_destinations_latest_month_carries_its_range_against_the_average():
    s = pd.Series([100.0, 100.0, 300.0], index=["2025-01", "2025-02", "2025-06"])
    low, high = s - pd.Series([0.5, 0.5, 20.0], index=s.index), s + pd.Series([0.5, 0.5, 110.0], index=s.index)
    d = recovery.destination_recovery("JPN", s, "2025-01", "2025-03", "2025-04", low, high)
    assert d.latest_index == pytest.approx(300.0)
    lo, hi = d.latest_index_range
    assert lo == pytest.approx(280 / 100.5 * 100) and hi == pytest.approx(410 / 99.5 * 100)
    assert recovery.destination_recovery("JPN", s, "2025-01", "2025-03", "2025-04").latest_index_range is None
