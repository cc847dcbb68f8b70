"""Every figure carries the range its sources allow (value_low, value_high): the rounding of the
printed figures for reported values, interval arithmetic through every derivation for derived ones."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rare_earth_trade.series.derive import derive
from rare_earth_trade.series.reconcile import reconcile
from rare_earth_trade.series.resolve import resolve


def ledger(*rows, partner="USA") -> pd.DataFrame:
    """Rows of (period, measure, printed value, source number)."""
    out = []
    for period, measure, printed, *src in rows:
        decimals = len(printed.split(".")[1]) if "." in printed else 0
        out.append({
            "series": "magnet_exports", "period": period, "partner": partner, "measure": measure,
            "value": float(printed), "unit": "%" if measure.endswith("pct") else "t", "decimals": decimals,
            "source_url": f"https://example.org/{src[0] if src else 0}", "source_date": "2025-07-20",
            "publisher": "Reuters", "quote": "q", "tier": 2,
        })  # fmt: skip
    return pd.DataFrame(out)


def figure(frame, period, measure="tonnes"):
    sel = frame[(frame.period == period) & (frame.measure == measure)]
    assert len(sel) == 1, sel
    return sel.iloc[0]


def interval(frame, period, measure="tonnes"):
    r = figure(frame, period, measure)
    return round(r.value_low, 3), round(r.value_high, 3)


def test_a_reported_figure_spans_half_its_last_printed_digit():
    r = resolve(ledger(("2025-06", "tonnes", "3188"), ("2025-06", "yoy_pct", "-93"), ("2025-05", "tonnes", "46.4")))
    assert interval(r, "2025-06") == (3187.5, 3188.5)
    assert interval(r, "2025-06", "yoy_pct") == (-93.5, -92.5)
    assert interval(r, "2025-05") == (46.35, 46.45)


def test_kilograms_are_read_at_their_own_precision():
    frame = ledger(("2025-05", "tonnes", "46"))
    frame.loc[0, "decimals"] = 3  # "46,000 kg", converted at load: the last digit is a kilogram
    r = figure(resolve(frame), "2025-05")
    assert (r.value_low, r.value_high) == pytest.approx((45.9995, 46.0005), abs=1e-9)


def test_the_range_covers_agreeing_and_conflicting_sources():
    r = resolve(ledger(("2025-06", "mom_pct", "660", 1), ("2025-06", "mom_pct", "667", 2),
                       ("2025-05", "tonnes", "46", 1), ("2025-05", "tonnes", "46.4", 2)))  # fmt: skip
    assert figure(r, "2025-06", "mom_pct").value == 660 and bool(figure(r, "2025-06", "mom_pct").conflict)
    assert interval(r, "2025-06", "mom_pct") == (659.5, 667.5)
    assert interval(r, "2025-05") == (45.5, 46.5)


def test_month_on_month_forward():
    d = derive(resolve(ledger(("2025-05", "tonnes", "1238"), ("2025-06", "mom_pct", "157.5"))))
    assert figure(d, "2025-06").status == "derived"
    # 1237.5 x 2.5745 .. 1238.5 x 2.5755
    assert interval(d, "2025-06") == (3185.944, 3189.757)


def test_month_on_month_backward():
    d = derive(resolve(ledger(("2025-06", "tonnes", "3188"), ("2025-06", "mom_pct", "157.5"))))
    # 3187.5 / 2.5755 .. 3188.5 / 2.5745
    assert interval(d, "2025-05") == (1237.624, 1238.493)


def test_year_on_year_forward():
    d = derive(resolve(ledger(("2024-06", "tonnes", "5150"), ("2025-06", "yoy_pct", "-38.1"))))
    # 5149.5 x 0.6185 .. 5150.5 x 0.6195
    assert interval(d, "2025-06") == (3184.966, 3190.735)


def test_year_on_year_backward_the_us_in_may_2024():
    d = derive(resolve(ledger(("2025-05", "tonnes", "46"), ("2025-05", "yoy_pct", "-93"))))
    row = figure(d, "2024-05")
    assert round(row.value, 3) == 657.143
    # 45.5 / 0.075 .. 46.5 / 0.065: the rounding of "46 t" and "-93%" together
    assert interval(d, "2024-05") == (606.667, 715.385)


def test_year_to_date_change_backward():
    d = derive(resolve(ledger(("2025-06", "ytd_tonnes", "22319"), ("2025-06", "ytd_yoy_pct", "-18.9"))))
    # 22318.5 / 0.8115 .. 22319.5 / 0.8105
    assert interval(d, "2024-06", "ytd_tonnes") == (27502.773, 27537.94)


def test_cumulative_differences():
    d = derive(resolve(ledger(("2025-06", "ytd_tonnes", "22319"), ("2025-05", "ytd_tonnes", "19131"))))
    assert interval(d, "2025-06") == (3187.0, 3189.0)  # 22318.5 - 19131.5 .. 22319.5 - 19130.5
    d = derive(resolve(ledger(("2025-01", "ytd_tonnes", "6357"))))
    assert interval(d, "2025-01") == (6356.5, 6357.5)  # January's total is the month
    d = derive(resolve(ledger(("2025-06", "ytd_tonnes", "22319"), ("2025-06", "tonnes", "3188"))))
    assert interval(d, "2025-05", "ytd_tonnes") == (19130.0, 19132.0)  # a total minus its month


def test_a_difference_of_coarse_totals_never_goes_below_zero():
    d = derive(resolve(ledger(("2025-06", "ytd_tonnes", "100"), ("2025-05", "ytd_tonnes", "100"))))
    assert interval(d, "2025-06") == (0.0, 1.0)


def test_a_two_step_chain_carries_both_steps_rounding():
    d = derive(resolve(ledger(("2025-06", "ytd_tonnes", "22319"), ("2025-06", "tonnes", "3188"),
                              ("2025-05", "tonnes", "1238"))))  # fmt: skip
    row = figure(d, "2025-04", "ytd_tonnes")
    assert row.derived_from.endswith("[2 steps from reported figures]")
    # step 1: ytd May = 22319 - 3188 in [19130, 19132]; step 2: ytd Apr = ytd May - 1238 in [17891.5, 17894.5]
    assert interval(d, "2025-05", "ytd_tonnes") == (19130.0, 19132.0)
    assert (row.value, interval(d, "2025-04", "ytd_tonnes")) == (17893.0, (17891.5, 17894.5))


def test_a_change_whose_range_reaches_minus_100_percent_leaves_the_level_before_unbounded_above():
    d = derive(resolve(ledger(("2025-06", "tonnes", "2"), ("2025-06", "mom_pct", "-99.6", 1),
                              ("2025-06", "mom_pct", "-100", 2))))  # fmt: skip
    assert interval(d, "2025-06", "mom_pct") == (-100.0, -99.5)
    low, high = interval(d, "2025-05")
    assert low == pytest.approx(1.5 / 0.005, abs=1e-3) and high == float("inf")


def test_reconciliation_compares_intervals():
    rec = reconcile(resolve(ledger(("2025-05", "tonnes", "46"), ("2025-06", "tonnes", "353"),
                                   ("2025-06", "mom_pct", "660"))))  # fmt: skip
    row = rec.iloc[0]
    assert (round(row.implied_low, 2), round(row.implied_high, 2)) == (658.06, 676.92)  # 352.5/46.5, 353.5/45.5
    assert (row.reported_low, row.reported_high, bool(row.agrees)) == (659.5, 660.5, True)
    rec = reconcile(resolve(ledger(("2025-05", "tonnes", "46"), ("2025-06", "tonnes", "353"),
                                   ("2025-06", "mom_pct", "680"))))  # fmt: skip
    assert not rec.iloc[0].agrees  # 679.5 is above 676.92 + 0.1


pcts = st.floats(-99, 400).map(lambda v: round(v, 1))
levels = st.floats(0, 20_000).map(lambda v: round(v))
cell = st.tuples(st.sampled_from(["tonnes", "ytd_tonnes", "mom_pct", "yoy_pct", "ytd_yoy_pct"]),
                 st.integers(0, 23), pcts, levels, st.integers(0, 2), st.integers(0, 3))  # fmt: skip


@settings(max_examples=80, deadline=None)
@given(st.lists(cell, min_size=1, max_size=40))
def test_every_value_lies_inside_its_range(cells):
    rows = []
    for measure, m, pct, level, dec, src in cells:
        v = pct if measure.endswith("pct") else level
        rows.append((f"{2024 + m // 12}-{m % 12 + 1:02d}", measure, f"{v:.{dec}f}", src))
    frame = ledger(*rows).drop_duplicates(["period", "measure", "source_url"])
    series = derive(resolve(frame))
    assert (series.value_low <= series.value).all() and (series.value <= series.value_high).all(), series
