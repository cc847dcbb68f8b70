"""Misattributions: a figure printed under the wrong series or measure stays in the ledger, flagged,
creates no conflict where it was printed and counts where it belongs."""

from __future__ import annotations

import pytest
from conftest import row, write_csv

from rare_earth_trade.errors import DataError
from rare_earth_trade.ledger.attribution import misattributions
from rare_earth_trade.ledger.observations import ALL_COLUMNS, load_ledger, read_observation_file
from rare_earth_trade.series.resolve import resolve

REUTERS_GROUP = dict(series="rare_earth_exports", period="2025-12", value="4392", source_url="https://r.example",
                     quote="China exported 4,392 tons of rare earths in December")  # fmt: skip
MAGNETS = dict(series="magnet_exports", period="2025-12", value="5952", source_url="https://m.example",
               quote="rare earth magnet exports were 5,952 tons in December")  # fmt: skip
YAHOO = dict(series="rare_earth_exports", period="2025-12", value="5952", source_url="https://y.example", origin="Yahoo News Taiwan",
             outlet="Yahoo News Taiwan", quote="中國去年12月共出口達5952公噸稀土", attribution="misattributed")  # fmt: skip


def figure(frame, series, measure="tonnes"):
    sel = frame[(frame.series == series) & (frame.measure == measure)]
    assert len(sel) == 1, sel
    return sel.iloc[0]


def test_a_misattributed_figure_counts_where_it_belongs_and_creates_no_conflict(tmp_path):
    path = write_csv(tmp_path / "obs" / "f.csv", [row(**REUTERS_GROUP), row(**MAGNETS), row(**YAHOO, belongs_to="magnet_exports/tonnes")],
                     header=ALL_COLUMNS)  # fmt: skip
    ledger = load_ledger(path.parent)
    assert sorted(ledger.status) == ["misattributed", "reported", "reported"]
    r = resolve(ledger)
    group, magnets = figure(r, "rare_earth_exports"), figure(r, "magnet_exports")
    assert (group.value, group.n_sources, bool(group.conflict)) == (4392.0, 1, False)
    assert (magnets.value, magnets.n_sources, magnets.corroborating) == (5952.0, 2, 1)
    table = misattributions(ledger)
    assert table[["line", "printed_as", "belongs_to", "value", "source"]].values.tolist() == [
        [4, "rare_earth_exports/tonnes", "magnet_exports/tonnes", 5952.0, "Yahoo News Taiwan, 20 Jul 2025"]
    ]


def test_a_misattributed_figure_conflicts_where_it_belongs_like_any_source(tmp_path):
    path = write_csv(tmp_path / "obs" / "f.csv", [row(**MAGNETS), row(**{**YAHOO, "value": "6100"}, belongs_to="magnet_exports/tonnes")],
                     header=ALL_COLUMNS)  # fmt: skip
    magnets = figure(resolve(load_ledger(path.parent)), "magnet_exports")
    assert (magnets.value, bool(magnets.conflict)) == (5952.0, True)
    assert magnets.conflict_detail == "Yahoo News Taiwan, 20 Jul 2025 gives 6,100 (printed as rare_earth_exports/tonnes)"


def test_a_misattributed_figure_whose_home_is_unclear_is_left_out(tmp_path):
    path = write_csv(tmp_path / "obs" / "f.csv", [row(**REUTERS_GROUP), row(**YAHOO)], header=ALL_COLUMNS)
    r = resolve(load_ledger(path.parent))
    assert len(r) == 1 and figure(r, "rare_earth_exports").n_sources == 1


def test_a_misattributed_figure_may_be_the_only_source_of_where_it_belongs(tmp_path):
    path = write_csv(tmp_path / "obs" / "f.csv", [row(**YAHOO, belongs_to="magnet_exports/tonnes")], header=ALL_COLUMNS)
    magnets = figure(resolve(load_ledger(path.parent)), "magnet_exports")
    assert (magnets.value, magnets.printed_as) == (5952.0, "rare_earth_exports/tonnes")


@pytest.mark.parametrize("changes, message", [
    ({"attribution": "wrong"}, "column 'attribution': unknown attribution; allowed: empty or misattributed (value: 'wrong')"),
    ({"attribution": "misattributed", "belongs_to": "magnets/tonnes"},
     "column 'belongs_to': belongs_to must be <series>/<measure> with a known series and measure, or empty when unclear (value: 'magnets/tonnes')"),
    ({"belongs_to": "rare_earth_exports/tonnes"},
     "column 'belongs_to': belongs_to needs attribution 'misattributed', another figure than the one printed, and a measure the unit fits (value: 'rare_earth_exports/tonnes')"),
    ({"attribution": "misattributed", "belongs_to": "magnet_exports/tonnes"},
     "column 'belongs_to': belongs_to needs attribution 'misattributed', another figure than the one printed, and a measure the unit fits (value: 'magnet_exports/tonnes')"),
    ({"attribution": "misattributed", "belongs_to": "magnet_exports/mom_pct"},
     "column 'belongs_to': belongs_to needs attribution 'misattributed', another figure than the one printed, and a measure the unit fits (value: 'magnet_exports/mom_pct')"),
])  # fmt: skip
def test_attribution_columns_are_validated_with_file_line_and_column(tmp_path, changes, message):
    path = write_csv(tmp_path / "f.csv", [row(**changes)], header=ALL_COLUMNS)
    with pytest.raises(DataError) as err:
        read_observation_file(path)
    assert [str(p) for p in err.value.problems] == [f"{path}:2: {message}"]
