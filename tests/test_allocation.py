"""Scenario: the shortfall shared over end uses by sourced demand shares, one basis at a time."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from rare_earth_trade.analysis import allocation as A
from rare_earth_trade.errors import DataError


def p(parameter, sector, basis, low, high, unit, year, source_date="2024-12", publisher="ACREI", line=2):
    return {"parameter": parameter, "sector": sector, "basis": basis, "low": float(low), "high": float(high),
            "unit": unit, "year": str(year), "contested": "no", "note": "", "publisher": publisher, "origin": publisher,
            "outlet": publisher, "source_url": f"https://example.org/{line}", "source_date": source_date,
            "file": "sector_parameters.csv", "line": line}  # fmt: skip


def params(*extra) -> pd.DataFrame:
    return pd.DataFrame([
        p("demand_share_nev_pct", "NEVs", "magnet mass", 35, 35, "% of global NdFeB demand", 2024, line=2),
        p("demand_share_consumer_electronics_pct", "Consumer electronics", "magnet mass", 25, 30, "%", 2023,
          "2023-09-29", "MDPI", line=3),
        p("demand_share_ev_motors_pct", "EV motors", "rare-earth content", 7, 7, "% of magnet REE demand", 2023, "2024-05", "IEA", 4),
        p("demand_share_ev_motors_pct", "EV motors", "rare-earth content", 30, 30, "% of magnet REE demand", 2050, "2024-05", "IEA", 5),
        p("demand_share_clean_energy_pct", "EV + wind", "rare-earth content", 18, 18, "% of magnet REE demand", 2023, "2024-05", "IEA", 6),
        p("ndfeb_per_ev_motor_kg", "EVs", "magnet mass", 1, 2, "kg NdFeB per EV motor", 2024, line=7),
        *extra,
    ])  # fmt: skip


def test_shares_on_one_basis_with_the_remainder():
    a = A.allocate(1000, params()).set_index("use")
    assert list(a.index) == ["new-energy vehicles", "consumer electronics", A.OTHER]
    assert set(a.basis) == {"magnet mass"}
    assert (a.loc["new-energy vehicles", "tonnes_low"], a.loc["new-energy vehicles", "tonnes_high"]) == (350, 350)
    assert (a.loc["consumer electronics", "tonnes_low"], a.loc["consumer electronics", "tonnes_high"]) == (250, 300)
    other = a.loc[A.OTHER]
    assert (other.share_low, other.share_high, other.tonnes_low, other.tonnes_high) == (35, 40, 350, 400)


def test_units_for_uses_with_a_magnet_mass_per_unit_parameter_beside_all_to_one_use():
    nev = A.allocate(1000, params()).set_index("use").loc["new-energy vehicles"]
    # 350 t at 1-2 kg per motor: 175,000-350,000 motors; all 1,000 t: 500,000-1,000,000
    assert (nev.units_low, nev.units_high) == (175_000, 350_000)
    assert (nev.all_units_low, nev.all_units_high) == (500_000, 1_000_000)
    assert nev.per_plural == "EV traction motors" and "upper bound" in nev.caveat
    ce = A.allocate(1000, params()).set_index("use").loc["consumer electronics"]
    assert math.isnan(ce.units_low)


def test_rare_earth_content_basis_never_mixes_with_magnet_mass():
    a = A.allocate(1000, params(), basis="rare-earth content").set_index("use")
    # the 2050 projection and the overlapping clean-energy aggregate are left out
    assert list(a.index) == ["EV traction motors", A.OTHER]
    assert a.loc["EV traction motors", "share_low"] == 7 and a.loc["EV traction motors", "year"] == "2023"
    assert a["units_low"].isna().all()  # per-unit magnet masses are not applied to rare-earth content


def test_unused_shares_say_why():
    u = A.unused_shares(params()).set_index(["parameter", "year"])
    assert u.loc[("demand_share_ev_motors_pct", "2023"), "why"] == "basis is rare-earth content, not magnet mass"
    u2 = A.unused_shares(params(), "rare-earth content").set_index(["parameter", "year"])
    assert u2.loc[("demand_share_ev_motors_pct", "2050"), "why"] == "projection for 2050"
    assert "overlaps" in u2.loc[("demand_share_clean_energy_pct", "2023"), "why"]


def test_latest_observed_year_is_used_and_earlier_years_are_listed():
    old = p("demand_share_nev_pct", "NEVs", "magnet mass", 20, 20, "%", 2020, "2021-01", line=9)
    a = A.allocate(100, params(old)).set_index("use")
    assert a.loc["new-energy vehicles", "share_low"] == 35
    assert "an earlier year of a share used" in set(A.unused_shares(params(old)).why)


def test_overlapping_shares_are_refused():
    big = p("demand_share_wind_pct", "Wind", "magnet mass", 50, 50, "%", 2024, line=10)
    with pytest.raises(DataError, match="add up to more than 100%"):
        A.allocate(100, params(big))


def test_share_not_in_percent_is_refused():
    bad = p("demand_share_wind_pct", "Wind", "magnet mass", 5, 5, "t", 2024, line=11)
    with pytest.raises(DataError) as err:
        A.allocate(100, params(bad))
    assert str(err.value.problems[0]) == "sector_parameters.csv:11: column 'unit': a demand share must be in % (value: 't')"


def test_unknown_share_parameter_is_used_under_its_own_sector_name():
    wind = p("demand_share_wind_pct", "Wind turbines", "magnet mass", 5, 5, "%", 2024, line=12)
    a = A.allocate(100, params(wind)).set_index("use")
    assert a.loc["Wind turbines", "tonnes_low"] == 5


def test_sentence_is_labelled_and_from_the_frame():
    text = A.allocation_sentence(A.allocate(1000, params()))
    assert text.startswith("Scenario, not an estimate: if the 1,000 t shortfall were shared over end uses by their "
                           "shares of demand on a magnet mass basis, new-energy vehicles (35%; ACREI, 2024) would take "
                           "about 350 t, enough for 180,000-350,000 EV traction motors")  # fmt: skip
    assert "consumer electronics (25-30%; MDPI, 2023) would take about 250-300 t" in text
    assert text.endswith("the remaining 35-40% (350-400 t) goes to uses without a sourced share.")


def test_works_with_publisher_only_parameters():
    old_style = params().drop(columns=["origin", "outlet"])
    assert A.shares(old_style).source.tolist() == ["ACREI", "MDPI"]


def test_shipped_parameters_use_magnet_mass_shares_only():
    from rare_earth_trade.ledger.tables import load_table

    a = A.allocate(5000, load_table("sector_parameters"))
    assert set(a.basis) == {"magnet mass"}
    assert a.tonnes_high.sum() == pytest.approx(5000)
