"""Recovery accounting on small hand-made series with known answers."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from rare_earth_trade.analysis import accounting as acc
from rare_earth_trade.build import changes
from rare_earth_trade.ledger.parsing import month_range
from rare_earth_trade.report import fmt

BASELINE = month_range("2024-04", "2025-03")

# Flat 1,000 t before the controls; a dip of 600, 800, 300 t below it in April-June 2025 (1,700 t),
# then 300, 500, 400, 200 and 400 t above it in July-November: 1,400 t made up by October (82.35%),
# the cumulative gap 300 t in October and -100 t in November, when it closes.
DIP = {**dict.fromkeys(BASELINE, 1000.0),
       "2025-04": 400.0, "2025-05": 200.0, "2025-06": 700.0, "2025-07": 1300.0, "2025-08": 1500.0,
       "2025-09": 1400.0, "2025-10": 1200.0, "2025-11": 1400.0}  # fmt: skip


def frame(values: dict, ranges: dict | None = None, derived: tuple = ()) -> pd.DataFrame:
    """Monthly frame from {period: value}, with {period: (low, high)} where the range is wider."""
    f = acc.as_monthly(values)
    for p, (lo, hi) in (ranges or {}).items():
        f.loc[p, ["low", "high"]] = lo, hi
    f.loc[list(derived), "status"] = "derived"
    return f


# ── input ──


def test_monthly_frame_reads_value_ranges_and_falls_back_to_value():
    table = pd.DataFrame({
        "series": "magnet_exports", "partner": "WLD", "measure": "tonnes", "period": ["2025-05", "2025-04"],
        "value": [1238.0, 2627.0], "status": ["reported", "derived"],
    })  # fmt: skip
    f = acc.monthly_frame(table)
    assert list(f.index) == ["2025-04", "2025-05"]
    assert f.loc["2025-04"].tolist() == [2627.0, 2627.0, 2627.0, "derived"]
    g = acc.monthly_frame(table.assign(value_low=[1237.5, None], value_high=[1238.5, 2700.0]))
    assert g.loc["2025-05", ["low", "high"]].tolist() == [1237.5, 1238.5]
    assert g.loc["2025-04", ["low", "high"]].tolist() == [2627.0, 2700.0]


def test_a_range_that_does_not_contain_its_value_is_refused():
    bad = pd.DataFrame({"value": [10.0], "low": [11.0], "high": [12.0]}, index=["2025-04"])
    with pytest.raises(ValueError, match="2025-04"):
        acc.as_monthly(bad)


# ── counterfactuals ──


def test_flat_counterfactual_is_the_baseline_mean_and_says_how_many_months_it_rests_on():
    values = {**DIP, "2024-06": 1600.0}
    del values["2024-12"]
    cf = acc.flat(frame(values, derived=("2024-06",)), "2025-06")
    assert list(cf.frame.index) == ["2025-04", "2025-05", "2025-06"]
    assert cf.frame["value"].tolist() == [(10 * 1000 + 1600) / 11] * 3
    assert cf.coverage == "11 of 12 months known, 1 derived"
    assert "(11 of 12 months known, 1 derived)" in cf.method


def test_last_year_counterfactual_is_missing_where_unknown_or_itself_under_the_controls():
    values = {**DIP, "2024-05": 900.0, "2026-04": 500.0}
    del values["2024-06"]
    cf = acc.last_year(frame(values, {"2024-05": (850.0, 950.0)}), "2026-04")
    assert cf.frame.loc["2025-05"].tolist() == [900.0, 850.0, 950.0]
    assert cf.months_missing == ["2025-06", "2026-04"]  # June 2024 unknown; April 2025 was controlled
    assert "already under the controls" in cf.method


@pytest.mark.parametrize("method", acc.TREND_METHODS)
def test_trend_recovers_a_known_growth_rate(method):
    months = month_range("2023-04", "2025-03")
    values = {p: 1000.0 * 1.01**i for i, p in enumerate(months)}  # +1% a month = +12.68% a year
    cf = acc.trend(frame(values), "2025-06", method=method)
    assert cf.annual_growth_pct == pytest.approx((1.01**12 - 1) * 100, abs=1e-9)
    assert cf.frame["value"].tolist() == pytest.approx([1000.0 * 1.01**i for i in (24, 25, 26)], rel=1e-12)
    assert cf.annual_growth_2se == pytest.approx((cf.annual_growth_pct, cf.annual_growth_pct), abs=1e-6)


def test_trend_by_year_on_year_growth_ignores_a_seasonal_low():
    # +10% on the year in every month, and February always half of the other months: the fit on
    # levels sees a February at the end of the window, the year-on-year changes do not.
    months = month_range("2023-04", "2025-03")
    values = {p: (500.0 if p.endswith("-02") else 1000.0) * (1.1 if p >= "2024-04" else 1.0) for p in months}
    yoy = acc.trend(frame(values), "2025-04", method="year_on_year")
    levels = acc.trend(frame(values), "2025-04", method="log_levels")
    assert yoy.annual_growth_pct == pytest.approx(10.0)
    assert levels.annual_growth_pct < 0


def test_trend_interval_comes_from_the_lows_and_highs_and_contains_the_line():
    months = month_range("2023-04", "2025-03")
    values = {p: 1000.0 * 1.01**i for i, p in enumerate(months)}
    cf = acc.trend(frame(values, {"2025-03": (1200.0, 1400.0)}), "2025-06", method="log_levels")
    f = cf.frame
    assert ((f["low"] < f["value"]) & (f["value"] < f["high"])).all()
    assert cf.annual_growth_low < cf.annual_growth_pct < cf.annual_growth_high


def test_trend_needs_two_known_months():
    cf = acc.trend(frame({"2025-03": 1000.0, "2025-04": 500.0}), "2025-05", method="log_levels")
    assert cf.months_missing == ["2025-04", "2025-05"] and "too few known months" in cf.method
    with pytest.raises(ValueError, match="trend method"):
        acc.trend(frame(DIP), "2025-05", method="cubic")


# ── cumulative gap and recouped ──


def test_known_dip_and_rebound_give_a_known_gap_share_and_closing_month():
    results = acc.recovery_accounts(frame(DIP), "2025-11")
    r = results["flat"]
    assert r.account.frame["cum_gap"].tolist() == [600.0, 1400.0, 1700.0, 1400.0, 900.0, 500.0, 300.0, -100.0]
    assert (r.trough_start, r.trough_end, r.back_at) == ("2025-04", "2025-06", "2025-07")
    assert (r.shortfall, r.made_up, r.share_pct) == (1700.0, 1800.0, 100.0)
    assert (r.closed, r.closed_earliest, r.closed_latest) == ("2025-11", "2025-11", "2025-11")
    assert not r.partial and not r.nothing_made_up

    october = acc.recovery_accounts(frame(DIP), "2025-10")["flat"]
    assert (october.shortfall, october.made_up, october.closed) == (1700.0, 1400.0, None)
    assert october.share_pct == pytest.approx(1400 / 1700 * 100)
    assert october.account.total == (300.0, 300.0, 300.0)


def test_a_series_that_never_recovers_is_not_closed():
    values = {**dict.fromkeys(BASELINE, 1000.0), **dict.fromkeys(month_range("2025-04", "2026-03"), 500.0)}
    r = acc.recovery_accounts(frame(values), "2026-03")["flat"]
    assert (r.trough_end, r.back_at, r.closed) == ("2026-03", None, None)
    assert (r.shortfall, r.made_up, r.share_pct) == (6000.0, 0.0, 0.0)
    assert r.nothing_made_up
    row = acc.summary_table({"flat": r}).iloc[0]
    assert row["Gap closed"] == "not closed by March 2026"


def test_back_above_but_later_months_below_makes_up_nothing():
    values = {**dict.fromkeys(BASELINE, 1000.0), "2025-04": 500.0, "2025-05": 1100.0, "2025-06": 800.0}
    r = acc.recovery_accounts(frame(values), "2025-06")["flat"]
    assert (r.trough_end, r.back_at, r.made_up, r.share_pct) == ("2025-04", "2025-05", -100.0, 0.0)
    assert r.nothing_made_up


def test_intervals_widen_when_inputs_are_derived_and_wide():
    ranges = {"2024-06": (940.0, 1060.0), "2025-05": (150.0, 260.0)}
    narrow = acc.recovery_accounts(frame(DIP), "2025-10")["flat"]
    wide = acc.recovery_accounts(frame(DIP, ranges, derived=tuple(ranges)), "2025-10")["flat"]
    cf_low, cf_high = 1000 - 60 / 12, 1000 + 60 / 12
    assert wide.shortfall == narrow.shortfall == 1700.0
    assert wide.shortfall_low == pytest.approx(3 * cf_low - (400 + 260 + 700))
    assert wide.shortfall_high == pytest.approx(3 * cf_high - (400 + 150 + 700))
    assert wide.made_up_low == pytest.approx(5400 - 4 * cf_high)
    assert wide.made_up_high == pytest.approx(5400 - 4 * cf_low)
    assert wide.share_low == pytest.approx(wide.made_up_low / wide.shortfall_high * 100)  # pessimistic ends
    assert wide.share_high == pytest.approx(wide.made_up_high / wide.shortfall_low * 100)
    assert wide.share_low < wide.share_pct == narrow.share_pct < wide.share_high
    assert narrow.share_low == narrow.share_high == narrow.share_pct


def test_share_made_up_is_capped_at_100_percent_at_its_high_end():
    ranges = {"2025-11": (1400.0, 3000.0)}
    r = acc.recovery_accounts(frame(DIP, ranges), "2025-11")["flat"]
    assert r.share_high == 100.0 and r.closed_earliest == "2025-11"


def test_missing_months_are_listed_and_the_total_is_partial():
    values = dict(DIP)
    del values["2025-08"]
    r = acc.recovery_accounts(frame(values), "2025-10")["flat"]
    f = r.account.frame
    assert r.months_missing == ["2025-08"] and r.partial
    assert f.loc["2025-08", "missing"] == "actual" and math.isnan(f.loc["2025-08", "cum_gap"])
    assert f.loc["2025-09", "cum_gap"] == 1700.0 - 300.0 - 400.0  # carries on over the known months
    assert r.made_up == 900.0
    assert "partial: no figure to compare for August 2025" in acc.recovery_sentence({"flat": r})
    assert acc.summary_table({"flat": r}).iloc[0]["Months missing"] == "August 2025 (actual)"


def test_a_counterfactual_without_any_month_is_not_computed_not_zero():
    values = {p: v for p, v in DIP.items() if p >= "2025-01"}  # no year-on-year pairs in the window
    r = acc.recovery_accounts(frame(values), "2025-10")["trend"]
    assert not r.available and not r.no_shortfall and r.share_pct is None
    assert acc.summary_table({"trend": r}).iloc[0]["Shortfall (t)"] == "n/a"
    assert math.isnan(acc.summary({"trend": r}).iloc[0]["shortfall_t"])


def test_cumulative_gaps_are_figure_data_with_one_line_per_counterfactual():
    data = acc.cumulative_gaps(acc.recovery_accounts(frame(DIP), "2025-06"))
    assert set(data["counterfactual"]) == {"flat", "last_year", "trend"}
    assert data[data.counterfactual == "flat"]["cum_gap"].tolist() == [600.0, 1400.0, 1700.0]


# ── calendar years ──

YEARS = {p: 100.0 for p in month_range("2024-01", "2025-12")}


def test_calendar_year_from_twelve_monthly_values():
    c = acc.calendar_year(frame({**YEARS, "2025-12": 220.0}), None, 2025)
    assert (c.current.value, c.prior.value, c.current.basis) == (1320.0, 1200.0, "monthly")
    assert c.change_pct == pytest.approx(10.0)


def test_calendar_year_falls_back_to_a_year_to_date_total_with_its_interval():
    values = dict(YEARS)
    del values["2024-12"]
    ytd = frame({"2024-12": 1000.0}, {"2024-12": (990.0, 1010.0)})
    c = acc.calendar_year(frame(values), ytd, 2025)
    assert c.prior.basis == "year-to-date total" and "year-to-date total" in c.basis
    assert c.change_pct == pytest.approx(20.0)
    assert (c.change_low, c.change_high) == pytest.approx((1200 / 1010 * 100 - 100, 1200 / 990 * 100 - 100))


def test_calendar_year_unknown_says_which_months_are_missing_or_uses_a_reported_change():
    values = dict(YEARS)
    del values["2024-12"]
    c = acc.calendar_year(frame(values), None, 2025)
    assert not c.available and "December 2024" in c.basis
    reported = acc.calendar_year(frame(values), None, 2025, ytd_pct=frame({"2025-12": -1.0}))
    assert reported.change_pct == -1.0 and reported.basis.startswith("the year-to-date change customs reported")


def test_year_comparisons_give_the_last_full_year_and_the_year_to_date():
    values = {**YEARS, **{p: 110.0 for p in month_range("2026-01", "2026-03")}}
    del values["2024-12"]
    both = acc.year_comparisons(frame(values), None, "2026-03")
    assert not both["year"].available
    assert both["year_partial"].current.end == "2025-11" and both["year_partial"].change_pct == pytest.approx(0.0)
    assert (both["year_to_date"].current.start, both["year_to_date"].current.end) == ("2026-01", "2026-03")
    assert both["year_to_date"].change_pct == pytest.approx(10.0)


# ── by destination ──


def test_destination_needs_enough_known_months_before_and_after_the_controls():
    values = {p: v for p, v in DIP.items() if p >= "2024-10"}  # 6 baseline months
    ok = acc.destination_accounts(frame(values), "USA", "2025-10")
    assert ok.computed and ok.results["flat"].shortfall == 1700.0
    thin = acc.destination_accounts(frame({p: v for p, v in values.items() if p != "2024-10"}), "JPN", "2025-10")
    assert not thin.computed and thin.results is None
    assert thin.note == ("JPN: too few months (5 of 12 baseline months and 7 of 7 months since the controls known; "
                         "at least 6 of each needed)")  # fmt: skip
    early = acc.destination_accounts(frame(values), "USA", "2025-06")  # 3 months since the controls
    assert not early.computed and "3 of 3 months since the controls" in early.note
    assert acc.destination_accounts(frame(values), "USA", "2025-06", min_months=3).computed


# ── sentences ──


def test_sentence_as_of_june_2025_claims_no_recovery():
    results = acc.recovery_accounts(frame(DIP), "2025-06")
    text = acc.recovery_sentence(results)
    assert text.startswith("Of the ~1,700 t not shipped in April–June 2025 against the pre-controls average, "
                           "none had been made up by June 2025: exports were still below that level")  # fmt: skip
    assert results["flat"].nothing_made_up and results["last_year"].nothing_made_up
    assert not results["trend"].available  # DIP has no months a year before the window: no growth rate
    assert "against the pre-controls trend, not computed (" in text
    assert "%" not in text.replace("% a year", "") and "in full" not in text and "about" not in text


def test_sentence_states_the_share_the_month_and_the_counterfactual():
    results = acc.recovery_accounts(frame(DIP), "2025-10")
    text = acc.recovery_sentence(results)
    assert text.startswith("Of the ~1,700 t not shipped in April–June 2025, about 82% had been made up by "
                           "October 2025 against the pre-controls average; against last year's months, ")  # fmt: skip
    wide = acc.recovery_accounts(frame(DIP, {"2025-05": (150.0, 260.0)}), "2025-10")
    assert "about 82% (80–85%) had been made up" in acc.recovery_sentence(wide)


def test_sentence_when_the_gap_closed():
    text = acc.recovery_sentence(acc.recovery_accounts(frame(DIP), "2025-11"))
    assert text.startswith("The ~1,700 t not shipped in April–June 2025 against the pre-controls average had been "
                           "made up in full by November 2025")  # fmt: skip


def test_formatting_helpers():
    assert [acc.approx_tonnes(x) for x in (7964.0, 7708.0, 953.0, 12345.0)] == [
        "~8,000 t", "~7,700 t", "~950 t", "~12,000 t"]  # fmt: skip
    assert acc.months_text(["2025-12", "2025-04", "2025-05", "2025-06", "2026-01"]) == (
        "April–June 2025 and December 2025–January 2026")
    assert acc.month_name("2026-03") == "March 2026"


def test_formatting_lives_in_report_fmt_and_the_accounting_uses_it():
    assert acc.months_text is fmt.month_list and acc.approx_tonnes is fmt.approx_tonnes
    assert changes.month_span(["2025-04", "2025-05"]) == fmt.month_list(["2025-04", "2025-05"]) == "April–May 2025"
    assert [fmt.month_span(*s) for s in (("2024-04", "2025-03"), ("2025-04", "2025-06"), ("2026-03", "2026-03"))] == [
        "April 2024–March 2025", "April–June 2025", "March 2026"]  # fmt: skip
    assert fmt.with_range(8127.4, 7967.0, 8264.2) == "8,127 [7,967–8,264]"
    assert fmt.with_range(-1704.0, -3024.0, -347.0) == "-1,704 [-3,024 to -347]"
    assert fmt.with_range(100.0, 100.2, 99.9) == "100" and fmt.with_range(math.nan, 1.0, 2.0) == "n/a"
    assert fmt.pct_range(68.2, 62.4, 75.9) == "68% (62–76%)" and fmt.pct_range(82.0, 81.9, 82.1) == "82%"


# ── what the reports show, on hand-made series ──


def test_a_reported_year_to_date_change_is_preferred_and_the_totals_are_named_beside_it():
    ytd = frame({"2025-12": 1300.0, "2024-12": 1100.0}, derived=("2024-12",))
    c = acc.calendar_year(frame({**YEARS, "2025-12": 220.0}), ytd, 2025, ytd_pct=frame({"2025-12": 9.5}))
    assert (c.change_pct, c.source) == (9.5, "reported change")
    assert c.basis == ("the year-to-date change customs reported for January–December 2025; the totals give +8.3%: "
                       "the reported year-to-date total against the sum of the 12 monthly values, 0 derived")  # fmt: skip
    # a reported year-to-date total beats the sum of the monthly values; a derived one does not
    assert (c.current.value, c.current.basis) == (1300.0, "year-to-date total")  # not the months' 1,320
    assert (c.prior.value, c.prior.basis) == (1200.0, "monthly")
    derived_pct = acc.calendar_year(frame({**YEARS, "2025-12": 220.0}), None, 2025,
                                    ytd_pct=frame({"2025-12": 9.5}, derived=("2025-12",)))  # fmt: skip
    assert derived_pct.source == "totals" and derived_pct.change_pct == pytest.approx(10.0)


def test_year_sentence_states_each_basis_and_leaves_out_years_before_the_controls():
    values = {**YEARS, **{p: 110.0 for p in month_range("2026-01", "2026-03")}}
    text = acc.year_sentence(acc.year_comparisons(frame(values), None, "2026-03"))
    assert text.startswith("In 2025 as a whole exports were 1,200 t, the same as in 2024 (basis: January–December "
                           "2025, the sum of the 12 monthly values, 0 derived, against January–December 2024")  # fmt: skip
    assert "In January–March 2026 exports were 330 t, 10.0% higher than in the same months of 2025 (basis: " in text
    june = acc.year_sentence(acc.year_comparisons(frame(values), None, "2025-06"))
    assert june.startswith("In January–June 2025 exports were 600 t") and "2024 as a whole" not in june
    december = acc.year_sentence(acc.year_comparisons(frame(values), None, "2025-12"))
    assert december.count("2025 as a whole") == 1 and "January–December 2025 exports" not in december
    del values["2025-02"]
    gap = acc.year_sentence(acc.year_comparisons(frame(values), None, "2026-03"))
    assert "In 2025 as a whole exports cannot yet be compared with 2024: no total for January–December 2025: " \
           "February 2025 unknown" in gap  # fmt: skip


def test_method_lines_give_each_counterfactual_its_method_level_and_growth_band():
    months = month_range("2023-04", "2025-06")
    values = {p: 1000.0 * 1.01**i for i, p in enumerate(months)}
    lines = acc.method_lines(acc.recovery_accounts(frame(values, {"2025-03": (1200.0, 1400.0)}), "2025-06"))
    flat_line, last_line, trend_line = lines
    assert flat_line.startswith("The pre-controls average: each month at the April 2024–March 2025 monthly average")
    assert flat_line.endswith(" t a month.") and "[" in flat_line  # the level with its range
    assert last_line.startswith("Last year's months: each month at the same month a year earlier")
    assert "mean year-on-year growth (+12.7% a year" in trend_line
    assert "through the figures' lows and highs (" in trend_line and "two standard errors" in trend_line
    thin = acc.method_lines(acc.recovery_accounts(frame({p: v for p, v in DIP.items() if p >= "2025-01"}), "2025-06"))
    assert thin[2].startswith("The pre-controls trend: not computed (too few months with the month a year earlier")


def test_figure_data_has_one_column_per_counterfactual_and_its_bounds():
    wide = acc.cumulative_gaps_wide(acc.recovery_accounts(frame(DIP), "2025-11"))
    assert list(wide.columns) == ["period", "actual_t", "flat", "flat_low", "flat_high", "last_year", "last_year_low",
                                  "last_year_high", "trend", "trend_low", "trend_high"]  # fmt: skip
    assert wide["period"].tolist() == month_range("2025-04", "2025-11")
    assert wide["flat"].tolist() == [600.0, 1400.0, 1700.0, 1400.0, 900.0, 500.0, 300.0, -100.0]
    assert wide["trend"].isna().all()  # no growth rate on DIP: empty, not zero


def test_summary_table_gives_the_closing_month_with_the_months_the_ranges_allow():
    r = acc.recovery_accounts(frame(DIP, {"2025-10": (1200.0, 1600.0)}), "2025-11")["flat"]
    assert (r.closed, r.closed_earliest, r.closed_latest) == ("2025-11", "2025-10", "2025-11")
    assert acc.summary_table({"flat": r}).iloc[0]["Gap closed"] == "November 2025 (within the ranges: October 2025 to November 2025)"
    october = acc.recovery_accounts(frame(DIP, {"2025-10": (1200.0, 1600.0)}), "2025-10")["flat"]
    assert acc.summary_table({"flat": october}).iloc[0]["Gap closed"] == (
        "not closed by October 2025 (closed by October 2025 at the favourable end of the ranges)")


def test_destination_table_names_destinations_with_too_few_months_and_computes_the_others():
    values = {p: v for p, v in DIP.items() if p >= "2024-10"}
    accounts = [acc.destination_accounts(frame(values), "USA", "2025-10"),
                acc.destination_accounts(frame({"2025-05": 10.0}), "JPN", "2025-10")]  # fmt: skip
    table = acc.destination_table(accounts)
    assert table["Destination"].tolist() == ["United States"] * 3 + ["Japan"]
    assert table.iloc[0]["Share made up (%)"] == "82" and table.iloc[0]["Months known"] == "6 of 12 before, 7 of 7 since"
    assert table.iloc[3]["Counterfactual"] == "not computed: too few months (at least 6 of each needed)"
    assert table.iloc[3]["Shortfall (t)"] == ""
    assert acc.destinations_sentence(accounts) == (
        "Computed against each destination's own baseline for United States (6 of 12 baseline months and 7 of 7 "
        "months since the controls known); too few months (fewer than 6 known before or since the controls) for "
        "Japan: not computed.")  # fmt: skip


def test_recovery_accounting_reads_the_series_table_up_to_the_as_of_month():
    rows = [("WLD", p, "tonnes", v) for p, v in DIP.items()] + [("USA", p, "tonnes", v / 10) for p, v in DIP.items()]
    rows += [("WLD", "2025-06", "ytd_yoy_pct", -18.9), ("WLD", "2025-12", "tonnes", 9999.0)]
    table = pd.DataFrame(rows, columns=["partner", "period", "measure", "value"]).assign(series="magnet_exports")
    a = acc.recovery_accounting(table, as_of="2025-10", controls_month="2025-04", baseline_start="2024-04",
                                baseline_end="2025-03", partners=["USA", "DEU", "USA"])  # fmt: skip
    assert a.results["flat"].share_pct == pytest.approx(1400 / 1700 * 100) and a.results["flat"].as_of == "2025-10"
    assert [d.partner for d in a.destinations] == ["USA", "DEU"]
    assert a.destinations[0].results["flat"].shortfall == pytest.approx(170.0) and not a.destinations[1].computed
    assert a.years["year_to_date"].current.end == "2025-10"


def test_the_cumulative_gap_chart_names_its_counterfactuals_marks_events_and_publishes_its_bounds():
    from rare_earth_trade.report import charts, display

    events = pd.DataFrame({"event_id": ["c", "t", "x"], "date": ["2025-04-04", "2025-05-12", "2024-01-01"],
                           "title": ["Controls", "Truce", "Too early"], "category": ["control", "truce", "control"]})  # fmt: skip
    months = month_range("2023-04", "2025-03")
    values = {**{p: 1000.0 * 1.01**i for i, p in enumerate(months)}, "2025-04": 300.0, "2025-05": 900.0,
              "2025-06": 1600.0}  # fmt: skip
    fig = charts.cumulative_gap(acc.recovery_accounts(frame(values), "2025-06"), events)
    opts = display._options[fig]
    assert opts["fig-cap"] == ("Cumulative shortfall against the pre-controls average, last year's months and the "
                               "pre-controls trend, Apr–Jun 2025")  # fmt: skip
    assert "1 Controls (2025-04-04); 2 Truce (2025-05-12)." in opts["fig-note"] and "Too early" not in opts["fig-note"]
    header = opts["data"].splitlines()[0].split(",")
    assert header == ["period", "actual_t", *[f"{n}{end}" for n in ("flat", "last_year", "trend")
                                             for end in ("", "_low", "_high")]]  # fmt: skip
    assert len(fig.axes[0].get_legend().get_texts()) == 3
    partial = charts.cumulative_gap(acc.recovery_accounts(frame(DIP), "2025-06"), events)
    assert "Not computed: the pre-controls trend." in display._options[partial]["fig-note"]
    assert display._options[partial]["fig-cap"].startswith("Cumulative shortfall against the pre-controls average "
                                                           "and last year's months")  # fmt: skip
