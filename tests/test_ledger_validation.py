"""Each kind of bad observation file is refused with a message naming file, line, column and value."""

from __future__ import annotations

import pytest
from conftest import row, write_csv

from rare_earth_trade.errors import DataError
from rare_earth_trade.ledger.observations import COLUMNS, load_ledger, read_observation_file


def problems_of(path) -> list[str]:
    with pytest.raises(DataError) as err:
        read_observation_file(path)
    return [str(p) for p in err.value.problems]


def ledger_problems(directory) -> list[str]:
    with pytest.raises(DataError) as err:
        load_ledger(directory)
    return [str(p) for p in err.value.problems]


def test_a_good_file_loads_with_its_source(tmp_path):
    path = write_csv(tmp_path / "obs" / "good.csv", [row()])
    ledger = load_ledger(path.parent)
    assert ledger.loc[0, ["value", "unit", "publisher", "tier"]].tolist() == [3188.0, "t", "Reuters", 2]


def test_missing_column_is_named(tmp_path):
    path = write_csv(tmp_path / "f.csv", [row()], header=[c for c in COLUMNS if c != "quote"])
    assert problems_of(path) == [f"{path}:1: missing column(s): quote"]


def test_extra_column_is_named(tmp_path):
    path = write_csv(tmp_path / "f.csv", [row(extra="x")], header=[*COLUMNS, "extra"])
    assert problems_of(path) == [
        f"{path}:1: unexpected column(s): extra; allowed: {', '.join(COLUMNS)} (optional: attribution, belongs_to, note)"
    ]


def test_unparseable_date_and_number_are_each_reported(tmp_path):
    path = write_csv(tmp_path / "f.csv", [row(source_date="20 July 2025", value="about 3,200")])
    assert problems_of(path) == [
        f"{path}:2: column 'value': is not a number (value: 'about 3,200')",
        f"{path}:2: column 'source_date': is not a date (expected YYYY-MM-DD) (value: '20 July 2025')",
    ]


def test_impossible_month_is_refused(tmp_path):
    path = write_csv(tmp_path / "f.csv", [row(period="2025-13")])
    assert problems_of(path) == [f"{path}:2: column 'period': has no such month (value: '2025-13')"]


def test_negative_tonnage_is_refused(tmp_path):
    path = write_csv(tmp_path / "f.csv", [row(value="-5")])
    assert problems_of(path) == [f"{path}:2: column 'value': a tonnage cannot be negative (value: -5.0)"]


def test_negative_percent_change_is_allowed(tmp_path):
    path = write_csv(tmp_path / "f.csv", [row(measure="yoy_pct", value="-38.1", unit="%")])
    assert read_observation_file(path).loc[0, "value"] == -38.1


def test_unknown_partner_code_is_refused(tmp_path):
    path = write_csv(tmp_path / "f.csv", [row(partner="XXX")])
    assert problems_of(path) == [
        f"{path}:2: column 'partner': unknown partner code; see data/reference/partners.csv (value: 'XXX')"
    ]


def test_unknown_series_and_measure_are_refused(tmp_path):
    path = write_csv(tmp_path / "f.csv", [row(series="magnets", measure="tons")])
    assert problems_of(path) == [
        f"{path}:2: column 'series': unknown series; allowed: magnet_exports, permanent_magnet_exports_hs6, rare_earth_exports, rare_earth_products_exports, rare_earth_imports (value: 'magnets')",
        f"{path}:2: column 'measure': unknown measure; allowed: tonnes, mom_pct, yoy_pct, ytd_tonnes, ytd_yoy_pct, rank (value: 'tons')",
    ]


def test_row_without_source_is_refused(tmp_path):
    path = write_csv(tmp_path / "f.csv", [row(source_url="", origin="", outlet="")])
    assert problems_of(path) == [
        f"{path}:2: column 'source_url': source_url must be an http(s) address (value: '')",
        f"{path}:2: column 'origin': origin is empty: every row needs who produced the figure (value: '')",
        f"{path}:2: column 'outlet': outlet is empty: every row needs where it was read (value: '')",
    ]


def test_an_ip_address_is_never_a_source_name(tmp_path):
    path = write_csv(tmp_path / "f.csv", [row(outlet="3.127.128.221 mirror"), row(origin="2001:db8::1", source_url="https://example.org/b")])
    message = "is an IP address, not a name; name who produced the figure, and call a page on a bare-IP host 'unnamed mirror'"
    assert problems_of(path) == [
        f"{path}:2: column 'outlet': {message} (value: '3.127.128.221 mirror')",
        f"{path}:3: column 'origin': {message} (value: '2001:db8::1')",
    ]
    assert read_observation_file(write_csv(tmp_path / "ok.csv", [row(outlet="unnamed mirror")])).loc[0, "outlet"] == "unnamed mirror"


def test_unit_must_fit_the_measure(tmp_path):
    path = write_csv(tmp_path / "f.csv", [row(measure="mom_pct", value="157.5", unit="t")])
    assert problems_of(path) == [
        f"{path}:2: column 'unit': unit does not fit the measure (tonnage measures take t or kg, % changes take %, ranks take rank) (value: 't')"
    ]


def test_same_source_two_values_for_one_figure_is_refused(tmp_path):
    path = write_csv(tmp_path / "obs" / "f.csv", [row(), row(value="3200")])
    assert ledger_problems(path.parent) == [
        f"{path}:3: column 'value': the same source already gives 3188 for this figure at {path}:2; one source, one value (value: '3200')"
    ]


def test_kg_given_as_tonnes_is_caught_against_another_source(tmp_path):
    path = write_csv(tmp_path / "obs" / "f.csv", [row(), row(value="3188000", source_url="https://example.org/b")])
    assert ledger_problems(path.parent) == [
        f"{path}:3: column 'value': 3,188,000 t is above the plausible ceiling of 50,000 t for magnet_exports; is it in kg? (value: '3188000')",
        f"{path}:3: column 'unit': value is about 1000 times {path}:2 for the same figure; kg given as t? (value: 't')",
    ]


def test_kilograms_are_converted_to_tonnes_once(tmp_path):
    path = write_csv(tmp_path / "obs" / "f.csv", [row(value="3188470", unit="kg")])
    ledger = load_ledger(path.parent)
    assert ledger.loc[0, ["value", "unit", "decimals"]].tolist() == [3188.47, "t", 3]


def test_problems_of_several_files_are_reported_together(tmp_path):
    a = write_csv(tmp_path / "obs" / "a.csv", [row(partner="XXX")])
    b = write_csv(tmp_path / "obs" / "b.csv", [row(value="x")])
    assert [p.split(":")[0] for p in ledger_problems(a.parent)] == [str(a), str(b)]


def test_a_file_of_ten_thousand_bad_rows_lists_the_first_problems_and_counts_the_rest(tmp_path):
    rows = [row(partner="XXX" if i % 2 else "USA", value="12,5" if i % 3 == 0 else str(100 + i),
                source_url=f"https://example.org/{i}", period=f"2001-{i % 12 + 1:02d}") for i in range(10_000)]  # fmt: skip
    path = write_csv(tmp_path / "obs" / "big.csv", rows)
    with pytest.raises(DataError) as err:
        load_ledger(path.parent)
    problems = err.value.problems
    assert len(problems) == 5_000 + 3_334
    assert all(p.path == str(path) and p.line and p.column in ("partner", "value") for p in problems)
    assert [p.line for p in problems[:3]] == [2, 3, 5]  # in file order
    text = str(err.value).splitlines()
    assert text[0] == "8334 problem(s) in the input data:"
    assert text[1] == f"  {path}:2: column 'value': is not a number (decimal comma? write decimals with a point) (value: '12,5')"
    assert text[-1] == "  ... and 8314 more problem(s)" and len(text) == 22


def test_a_rank_is_a_whole_number_from_one_in_unit_rank(tmp_path):
    good = write_csv(tmp_path / "good.csv", [row(measure="rank", value="2", unit="rank", partner="USA")])
    assert read_observation_file(good).loc[0, ["measure", "value", "unit"]].tolist() == ["rank", 2.0, "rank"]
    path = write_csv(tmp_path / "f.csv", [row(measure="rank", value="0", unit="rank"),
                                          row(measure="rank", value="2.5", unit="rank", source_url="https://example.org/b"),
                                          row(measure="rank", value="2", unit="%", source_url="https://example.org/c")])  # fmt: skip
    assert problems_of(path) == [
        f"{path}:2: column 'value': a rank must be a whole number from 1 (value: 0.0)",
        f"{path}:3: column 'value': a rank must be a whole number from 1 (value: 2.5)",
        f"{path}:4: column 'unit': unit does not fit the measure (tonnage measures take t or kg, % changes take %, ranks take rank) (value: '%')",
    ]


def test_a_quote_over_several_lines_keeps_the_line_numbers_after_it(tmp_path):
    # Row 1 takes file lines 2-4 (a quoted cell with two line breaks): the bad row is on line 6.
    path = write_csv(tmp_path / "f.csv", [row(quote="first line\nsecond\nthird"), row(source_url="https://example.org/b"),
                                          row(partner="XXX", source_url="https://example.org/c")])  # fmt: skip
    assert problems_of(path) == [
        f"{path}:6: column 'partner': unknown partner code; see data/reference/partners.csv (value: 'XXX')"
    ]
