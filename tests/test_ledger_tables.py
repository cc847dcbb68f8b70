"""The export-figures report's own tables and the ranges charts and tables show, on small hand-made
frames: misattributions, reconciliation counts, ranges, derived inputs' sources, destination months."""

from __future__ import annotations

import pandas as pd

from rare_earth_trade.analysis.metrics import recovery_metrics
from rare_earth_trade.report import charts, fmt, tables
from rare_earth_trade.report.display import _options


def test_a_range_is_stated_only_where_it_is_wider_than_the_rounding_shown():
    assert fmt.tonnes_with_range(3188, 3187.5, 3188.5) == "3,188 t"  # a reported figure
    assert fmt.tonnes_with_range(5006, 4951.2, 5061.4) == "5,006 t (4,951–5,061 t)"
    assert fmt.magnitude_range((-76.2, -74.1)) == " (74–76%)"
    assert fmt.magnitude_range((-75.7, -75.3)) == ""
    assert fmt.span(-1.4, -0.5, 1, "%") == "-1.4 to -0.5%"
    assert fmt.span(607, float("inf"), 0, " t") == "at least 607 t"


def test_the_misattributions_table_says_where_what_it_was_printed_as_and_what_it_belongs_to():
    mis = pd.DataFrame({
        "file": ["data/raw/observations/a.csv", "data/raw/observations/b.csv"], "line": [17, 5],
        "printed_as": ["rare_earth_exports/tonnes", "magnet_exports/yoy_pct"],
        "belongs_to": ["magnet_exports/tonnes", ""], "period": ["2025-12", "2025-05"], "partner": ["WLD", "USA"],
        "value": [5952.0, -70.0], "unit": ["t", "%"], "source": ["Yahoo News Taiwan, 20 Jan 2026", "Quotidiano.net, Jun 2025"],
        "source_url": ["https://tw.example/a", "https://it.example/b"], "quote": ["q", "q"], "note": ["", ""],
    })  # fmt: skip
    t = tables.misattributions(mis)
    assert t.columns.tolist() == ["where", "figure", "value", "printed as", "belongs to", "source", "url"]
    assert t.iloc[0].tolist() == ["a.csv:17", "World Dec 2025", "5,952 t", "rare earth exports, tonnes",
                                  "magnet exports, tonnes", "Yahoo News Taiwan, 20 Jan 2026", "https://tw.example/a"]  # fmt: skip
    assert t.iloc[1]["belongs to"] == "unclear (not used)" and t.iloc[1]["value"] == "-70%"


def test_reconciliation_is_counted_by_kind_and_series():
    checks = pd.DataFrame({"check": ["mom", "mom", "ytd"], "series": ["magnet_exports"] * 3, "agrees": [True, False, True]})
    t = tables.reconciliation_counts(checks)
    assert t.values.tolist() == [["mom", "magnet exports", 2, 1, 1], ["ytd", "magnet exports", 1, 1, 0]]


def rows() -> pd.DataFrame:
    return pd.DataFrame({
        "series": "magnet_exports", "partner": "WLD", "measure": "tonnes", "period": ["2025-05", "2024-05"],
        "value": [1238.0, 4811.5], "value_low": [1237.5, 4669.8], "value_high": [1238.5, 4856.9],
        "status": ["reported", "derived"], "n_sources": [3, 0], "conflict": False,
        "publisher": ["Reuters, 20 Jun 2025 (read at Kitco)", "derived"],
        "source_url": ["https://k.example/a", "https://k.example/a https://s.example/b"],
        "derived_from": ["", "level a year later and its reported change"],
    })  # fmt: skip


def test_tables_show_ranges_wider_than_rounding_and_derived_inputs_cited():
    world = tables.world_figures(rows())
    assert world["range, t"].tolist() == ["", "4,670–4,857"]
    ledger = pd.DataFrame({"source_url": ["https://k.example/a", "https://s.example/b"], "origin": ["Reuters", "SMM"],
                           "outlet": ["Kitco", "SMM"], "source_date": ["2025-06-20", "2025-06"]})  # fmt: skip
    d = tables.derived(rows().iloc[[1]], ledger)
    assert d["range"].tolist() == ["4,670–4,857"]
    assert d["inputs' sources"].tolist() == ["Reuters, 20 Jun 2025 (read at Kitco); SMM, Jun 2025"]


def test_the_destination_chart_and_table_say_how_many_months_each_destination_has():
    frame = pd.DataFrame({
        "series": "magnet_exports",
        "partner": ["WLD"] * 6 + ["DEU"] * 3 + ["USA"] * 2,
        "period": ["2025-01", "2025-02", "2025-03", "2025-04", "2025-05", "2025-06",
                   "2025-04", "2025-05", "2025-06", "2025-05", "2025-06"],
        "measure": "tonnes",
        "value": [6000, 5000, 5500, 2500, 1000, 3000, 300, 200, 700, 46, 353],
        "status": ["reported"] * 7 + ["derived"] + ["reported"] * 3,
    })  # fmt: skip
    frame["value"] = frame["value"].astype(float)
    frame["value_low"], frame["value_high"] = frame["value"] - 0.5, frame["value"] + 0.5
    frame.loc[7, ["value_low", "value_high"]] = [180.0, 220.0]
    m = recovery_metrics(frame, as_of="2025-06", controls_month="2025-04", baseline_start="2025-01",
                         baseline_end="2025-03", focus=["DEU", "USA"])  # fmt: skip
    t = tables.destinations(m.destination_recovery)
    assert dict(zip(t.destination, t["months with data"])) == {"Germany": "3 (2 reported)", "United States": "2 (2 reported)"}
    fig = charts.destination_multiples(m, start="2025-01")
    titles = sorted(ax.get_title() for ax in fig.axes if ax.get_title())
    assert titles == ["Germany (3 months)", "United States (2 months)"]
    note = _options[fig]["fig-note"]
    assert "Germany 3 (2 reported); United States 2." in note
    data = pd.read_csv(__import__("io").StringIO(_options[fig]["data"]))
    may = data[(data.partner == "Germany") & (data.period == "2025-05")].iloc[0]
    assert (may.status, may.low, may.high) == ("derived", 180.0, 220.0)


def test_the_world_chart_draws_derived_months_with_their_range():
    frame = rows().assign(period=["2025-05", "2025-04"])
    m = recovery_metrics(frame, as_of="2025-05", controls_month="2025-04", baseline_start="2025-04",
                         baseline_end="2025-04", focus=[])  # fmt: skip
    events = pd.DataFrame(columns=["date", "event_id", "title", "category"])
    fig = charts.world_exports(m, events, start="2025-01")
    data = pd.read_csv(__import__("io").StringIO(_options[fig]["data"]))
    assert data[["period", "status", "low", "high"]].values.tolist() == [
        ["2025-04", "derived", 4669.8, 4856.9], ["2025-05", "reported", 1237.5, 1238.5]]
    assert "their bars span the range" in _options[fig]["fig-note"]
    assert any(type(c).__name__ == "ErrorbarContainer" for c in fig.axes[0].containers)
