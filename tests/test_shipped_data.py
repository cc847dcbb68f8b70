"""The shipped data: it validates, reproduces the source article, and covers the months it should."""

from __future__ import annotations

import csv
import re
import subprocess
import sys

import pandas as pd
import pytest

from rare_earth_trade.ledger.parsing import month_range
from rare_earth_trade.paths import DATA_DIR
from rare_earth_trade.series.dataset import Dataset


@pytest.fixture(scope="module")
def data():
    ds = Dataset()
    ds.validate_all()
    return ds


def value(series, name, partner, period, measure="tonnes"):
    sel = series[
        (series.series == name) & (series.partner == partner) & (series.period == period) & (series.measure == measure)
    ]
    assert len(sel) == 1, (name, partner, period, measure)
    return sel.iloc[0]


def raw_observation_rows() -> list[tuple[str, int, dict]]:
    """Every row of the shipped observation files, read with the csv module: independent of the
    ledger's validation, so this test checks the files themselves."""
    rows = []
    for path in sorted((DATA_DIR / "raw" / "observations").glob("*.csv")):
        with open(path, encoding="utf-8", newline="") as f:
            rows += [(path.name, i, r) for i, r in enumerate(csv.DictReader(f), start=2)]
    return rows


def test_every_shipped_observation_has_a_source_date_origin_outlet_and_quote():
    rows = raw_observation_rows()
    assert len(rows) > 100
    bad = [
        f"{name}:{line}"
        for name, line, r in rows
        if not re.match(r"^https?://\S+$", r["source_url"].split()[0] if r["source_url"].strip() else "")
        or not re.match(r"^\d{4}-\d{2}(-\d{2})?$", r["source_date"])
        or not r["origin"].strip()
        or not r["outlet"].strip()
        or not r["quote"].strip()
    ]
    assert bad == [], f"rows without an http(s) source, a source date, an origin, an outlet or a quote: {bad[:10]}"


def test_june_2025_figures_of_the_article(data):
    s = data.series
    assert value(s, "magnet_exports", "WLD", "2025-06").value == 3188
    assert value(s, "magnet_exports", "WLD", "2025-06", "mom_pct").value == 157.5
    assert value(s, "magnet_exports", "WLD", "2025-06", "yoy_pct").value == -38.1
    assert value(s, "magnet_exports", "USA", "2025-06").value == 353
    assert value(s, "magnet_exports", "USA", "2025-06", "mom_pct").value == 660
    ratio = value(s, "magnet_exports", "USA", "2025-06").value / value(s, "magnet_exports", "USA", "2025-05").value
    assert 7.5 <= ratio <= 7.7  # "about 7.6x May" (353 t over 46-46.4 t)
    assert value(s, "magnet_exports", "WLD", "2025-06", "ytd_yoy_pct").value == -18.9


def test_world_totals_cover_every_month_of_2025_and_2026_so_far(data):
    s = data.series
    world = s[(s.series == "magnet_exports") & (s.partner == "WLD") & (s.measure == "tonnes")].set_index("period")
    last = world.index.max()
    for p in month_range("2025-01", last):
        assert p in world.index, f"world magnet exports missing for {p}"
    assert set(world.loc[month_range("2025-01", last), "status"]) <= {"reported", "derived"}


def test_main_destinations_are_covered_most_months_since_april_2025(data):
    s = data.series
    usa = s[(s.series == "magnet_exports") & (s.partner == "USA") & (s.measure == "tonnes")]
    months = month_range("2025-04", "2025-12")
    assert sum(p in set(usa.period) for p in months) >= 8


def test_every_figure_lies_inside_its_range_and_derived_ranges_honour_rounding(data):
    s = data.series
    assert ((s.value_low <= s.value) & (s.value <= s.value_high)).all()
    derived = s[s.status == "derived"]
    # A derived level carries the rounding of every input: its range is never a point.
    assert (derived.value_low < derived.value_high).all()
    # Agreeing sources differ by at most the rounding and the agreement tolerance: so does the range.
    agreed = s[(s.status == "reported") & ~s.conflict]
    assert ((agreed.value_high - agreed.value_low) <= agreed.value.abs() * 0.01 + 1).all()


def test_misattributions_are_their_own_status_and_the_remaining_conflicts_are_real(data):
    mis = data.misattributions
    first_six = {
        ("magnet_exports/yoy_pct", "magnet_exports/mom_pct", 660.0),  # 46 t -> 353 t is the month-on-month change
        ("rare_earth_exports/mom_pct", "magnet_exports/mom_pct", -3.2),  # Yahoo News Taiwan, December 2025
        ("rare_earth_exports/tonnes", "magnet_exports/tonnes", 5952.0),
        ("rare_earth_exports/tonnes", "rare_earth_products_exports/tonnes", 7338.0),  # Bloomberg's aggregate
        ("rare_earth_exports/ytd_tonnes", "magnet_exports/ytd_tonnes", 57392.0),
        ("rare_earth_exports/ytd_yoy_pct", "magnet_exports/ytd_yoy_pct", -1.3),
    }
    assert first_six <= set(zip(mis.printed_as, mis.belongs_to, mis.value))
    assert (data.ledger.status == "misattributed").sum() == len(mis)
    assert (mis.printed_as != mis.belongs_to).all()
    s = data.series
    conflicts = s[s.conflict]
    assert (conflicts.conflict_detail.str.len() > 0).all()
    # Reuters' +660% against SBS Biz's +667% (353 t over 46 t) for the US in June 2025 is a real disagreement.
    assert ["USA", "2025-06", "mom_pct", 660.0] in conflicts[["partner", "period", "measure", "value"]].values.tolist()
    # No conflict is a figure of another series in disguise: a disagreeing source's value is never the
    # value another series has for the same month, partner and measure.
    from rare_earth_trade.ledger.attribution import resolution_rows
    from rare_earth_trade.series.resolve import agree

    rows = resolution_rows(data.ledger)
    key = ["series", "period", "partner", "measure"]
    resolved = s.set_index(key)
    for c in conflicts.itertuples():
        sources = rows[(rows.series == c.series) & (rows.period == c.period) & (rows.partner == c.partner)
                       & (rows.measure == c.measure)]  # fmt: skip
        others = s[(s.series != c.series) & (s.period == c.period) & (s.partner == c.partner) & (s.measure == c.measure)]
        for r in sources.itertuples():
            if agree(r.value, r.decimals, c.value, 3, c.measure):
                continue
            twins = [o.series for o in others.itertuples() if agree(r.value, r.decimals, o.value, 3, c.measure)]
            assert not twins, f"{c.series} {c.partner} {c.period} {c.measure}: {r.value:g} ({r.file}:{r.line}) is {twins}'s figure"
    assert resolved.loc[("rare_earth_exports", "2025-08", "WLD", "tonnes"), "value"] == 5792
    assert resolved.loc[("rare_earth_exports", "2025-12", "WLD", "tonnes"), "value"] == 4392
    assert resolved.loc[("rare_earth_products_exports", "2025-08", "WLD", "tonnes"), "n_sources"] == 2


def test_destinations_outside_the_us_have_at_least_twenty_reported_months(data):
    s = data.series
    dest = s[(s.series == "magnet_exports") & (s.measure == "tonnes") & (s.status == "reported")
             & ~s.partner.isin(["USA", "WLD", "EU"]) & (s.period >= "2025-01")]  # fmt: skip
    assert len(dest) >= 20
    assert dest.partner.nunique() >= 5


def test_no_source_is_named_by_an_ip_address(data):
    from rare_earth_trade.ledger.sources import has_ip_address

    names = [*data.ledger.origin, *data.ledger.outlet, *data.ledger.publisher]
    for table in ("policy_events", "sector_parameters", "china_supply_shares", "tariff_rates", "article_sectors", "article_claims"):
        t = data.table(table)
        names += [*t.origin, *t.outlet, *t.publisher]
    assert not [n for n in names if has_ip_address(n)]


def test_derived_values_always_name_their_inputs(data):
    d = data.series[data.series.status == "derived"]
    assert len(d) > 0
    assert (d.derived_from.str.len() > 0).all() and (d.source_url.str.len() > 0).all()


def test_make_data_prints_coverage_conflicts_and_writes_the_tidy_file(data_copy):
    args = [sys.executable, "-m", "rare_earth_trade", "data", "--data-dir", str(data_copy)]
    done = subprocess.run(args, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    for heading in ("Coverage of monthly tonnes:", "Conflicts (", "Reconciliation:", "R reported  D derived"):
        assert heading in done.stdout
    tidy = pd.read_csv(data_copy / "processed" / "series.csv")
    for col in ["series", "period", "partner", "measure", "value", "value_low", "value_high", "unit", "status",
                "source_url", "n_sources", "conflict"]:
        assert col in tidy.columns
    assert set(tidy.status) == {"reported", "derived"}


def test_no_mirror_is_named_as_the_origin_of_a_figure(data):
    outlets = pd.read_csv(DATA_DIR / "reference" / "outlets.csv")
    mirrors = set(outlets[outlets.why.str.contains("mirror|proxy")].outlet)
    assert "squidsite02.com" in mirrors
    origins = set(data.ledger.origin)
    for table in ("policy_events", "sector_parameters", "china_supply_shares", "tariff_rates", "article_sectors", "article_claims"):
        origins |= set(data.table(table).origin)
    assert not origins & mirrors
