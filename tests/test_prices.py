"""Monthly Pr-Nd price series, moves against the pre-controls baseline, and the price sentence."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from rare_earth_trade.analysis import prices as P


def obs(date, low, high=None, market="china_domestic", product="prnd_oxide", unit="CNY/t"):
    high = low if high is None else high
    return {"date": date, "month": date[:7], "market": market, "product": product, "unit": unit,
            "low": float(low), "high": float(high), "mid": (low + high) / 2}  # fmt: skip


def frame(*rows) -> pd.DataFrame:
    return pd.DataFrame(list(rows))


def test_monthly_mean_of_midpoints_with_range_and_count():
    m = P.monthly_prices(frame(obs("2025-03-04", 443_000, 445_000), obs("2025-03-26", 440_000), obs("2025-04", 420_000)))
    march = m[m.month == "2025-03"].iloc[0]
    assert march["mean"] == pytest.approx((444_000 + 440_000) / 2)
    assert (march.low, march.high, march.n) == (440_000, 445_000, 2)
    assert m.month.tolist() == ["2025-03", "2025-04"]


def test_currencies_and_markets_stay_separate_series():
    m = P.monthly_prices(frame(obs("2025-01-02", 397_000, 399_000), obs("2025-01-02", 54.7, 55, market="fob_china", unit="USD/kg"),
                               obs("2025-01-09", 63, unit="USD/kg")))  # fmt: skip
    assert len(m) == 3
    assert set(zip(m.market, m.unit)) == {("china_domestic", "CNY/t"), ("fob_china", "USD/kg"), ("china_domestic", "USD/kg")}


def small_history() -> pd.DataFrame:
    return frame(
        obs("2024-05-10", 390_000), obs("2024-05-20", 410_000),  # May mean 400k (two obs)
        obs("2024-09", 420_000),  # one obs, month precision
        obs("2025-05-08", 412_000, 414_000),
        obs("2025-08-21", 630_000, 634_000),
        obs("2026-02-24", 880_000, 890_000),
        obs("2024-06-06", 51, 53, market="fob_china", unit="USD/kg"),
    )


def test_moves_use_the_mean_of_monthly_means_and_count_observations():
    mv = P.price_moves(small_history())
    cd = mv[mv.market == "china_domestic"].set_index("period")
    assert cd.loc["baseline", "level"] == pytest.approx((400_000 + 420_000) / 2)
    assert (cd.loc["baseline", "n_months"], cd.loc["baseline", "n_obs"]) == (2, 3)
    assert cd.loc["controls", "change_pct"] == pytest.approx((413_000 / 410_000 - 1) * 100)
    assert cd.loc["rebound", "level"] == 632_000
    assert cd.loc["2026", "end"] == "2026-02" and bool(cd.loc["2026", "open_ended"])
    assert cd.loc["october_controls", "n_obs"] == 0 and math.isnan(cd.loc["october_controls", "change_pct"])


def test_series_without_a_baseline_has_no_change():
    mv = P.price_moves(frame(obs("2025-09-25", 82.5, 85, market="europe", unit="USD/kg")))
    assert mv.set_index("period").loc["rebound", "level"] == 83.75
    assert mv.change_pct.isna().all()


def test_custom_baseline_and_periods():
    periods = (P.Period("after", "2025", "in 2025", "2025-01", "2025-12"),)
    mv = P.price_moves(small_history(), baseline=P.Period("base", "2024", "in 2024", "2024-01", "2024-12"), periods=periods)
    cd = mv[mv.market == "china_domestic"].set_index("period")
    assert list(cd.index) == ["base", "after"]
    assert cd.loc["after", "change_pct"] == pytest.approx(((413_000 + 632_000) / 2 / 410_000 - 1) * 100)


def test_sentence_gives_levels_changes_and_gaps_from_the_frame():
    text = P.price_sentence(P.price_moves(small_history()))
    assert text.startswith("China domestic Pr-Nd oxide averaged 410,000 CNY/t in the pre-controls baseline (Apr 2024–Mar 2025, 3 observations in 2 months)")
    assert "1% higher during the April-June 2025 controls and collapse (413,000 CNY/t, 1 observation)" in text
    assert "54% higher in the July-September 2025 rebound (632,000 CNY/t" in text
    assert "(885,000 CNY/t, Jan–Feb 2026, 1 observation)" in text
    assert text.endswith("We hold no observation for October-December 2025.")


def test_sentence_for_a_fall_and_for_missing_data():
    mv = P.price_moves(frame(obs("2024-06-06", 100, unit="USD/kg", market="fob_china"), obs("2025-05-01", 80, unit="USD/kg", market="fob_china")))
    assert "20% lower during the April-June 2025 controls" in P.price_sentence(mv, "fob_china")
    assert P.price_sentence(mv, "europe") == "We hold no Europe Pr-Nd oxide prices."
    only_later = P.price_moves(frame(obs("2025-09-25", 82.5, 85, market="europe", unit="USD/kg")))
    assert "no change can be given" in P.price_sentence(only_later, "europe")


def test_sentence_refuses_to_mix_units():
    mv = P.price_moves(frame(obs("2024-06-06", 400_000), obs("2024-06-06", 55, unit="USD/kg")))
    with pytest.raises(ValueError, match="pass unit="):
        P.price_sentence(mv)
    assert "$55/kg" in P.price_sentence(mv, unit="USD/kg")


def test_fmt_price_rounds_to_three_significant_figures():
    assert P.fmt_price(406_886.7, "CNY/t") == "407,000 CNY/t"
    assert P.fmt_price(53.36, "USD/kg") == "$53.4/kg"
    assert P.fmt_price(191.67, "USD/kg") == "$192/kg"


def test_chart_frame_labels_series():
    c = P.chart_frame(small_history())
    assert "China domestic, Pr-Nd oxide (CNY/t)" in set(c.series)
    assert c.date.dt.day.eq(15).all()


def test_policy_marks_keep_dated_controls_once():
    events = pd.DataFrame({
        "date": ["2025-04-04", "2025-04-04", "2025-10-09", "2025-05-12", "2025-11"],
        "event_id": ["controls_2025_04", "controls_2025_04", "controls_2025_10", "geneva", "x"],
        "title": ["a", "a", "b", "c", "d"], "category": ["control", "control", "control", "truce", "control"],
    })  # fmt: skip
    marks = P.policy_marks(events)
    assert marks.event_id.tolist() == ["controls_2025_04", "controls_2025_10"]


def test_shipped_prices_rise_after_the_controls():
    from rare_earth_trade.ledger.evidence import load_prices

    mv = P.price_moves(load_prices())
    cd = mv[(mv.market == "china_domestic") & (mv["product"] == "prnd_oxide")].set_index("period")
    assert cd.loc["baseline", "n_obs"] >= 10
    assert cd.loc["rebound", "change_pct"] > 20
