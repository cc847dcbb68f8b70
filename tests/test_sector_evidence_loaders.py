"""The disruption and price ledgers refuse bad rows with messages naming file, line and column."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from rare_earth_trade.errors import DataError
from rare_earth_trade.ledger import tables
from rare_earth_trade.ledger.evidence import load_prices, load_sector_disruptions

SOURCE = {"source_url": "https://example.org/a", "source_date": "2025-06-05", "origin": "Reuters",
          "outlet": "TimesLIVE", "quote": "The small car maker halted production of the Swift"}  # fmt: skip
DISRUPTION = {
    "date": "2025-05-26", "date_precision": "day", "company": "Suzuki Motor", "country": "JPN",
    "sector": "automotive", "kind": "halt", "duration": "", "what": "Swift production halted",
    "evidence": "second-hand", **SOURCE, "note": "",
}  # fmt: skip
PRICE = {
    "date": "2025-06-16", "date_precision": "day", "market": "china_domestic", "product": "prnd_oxide",
    "low": "442,000", "high": "444,000", "unit": "CNY/t", "price_basis": "SMM quotation range",
    **SOURCE, "source_date": "2025-06-16", "quote": "Pr-Nd oxide is approximately 442,000-444,000 yuan/mt", "note": "",
}  # fmt: skip


def write(raw: Path, table: str, rows: list[dict]) -> Path:
    raw.mkdir(parents=True, exist_ok=True)
    path = raw / tables.SPECS[table].file
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=tables.SPECS[table].columns)
        w.writeheader()
        w.writerows(rows)
    return path


def problems(load, raw: Path) -> list[str]:
    with pytest.raises(DataError) as err:
        load(raw)
    return [str(p) for p in err.value.problems]


def test_good_rows_load(tmp_path):
    write(tmp_path, "sector_disruptions", [DISRUPTION, {**DISRUPTION, "date": "2025-05", "date_precision": "month"}])
    d = load_sector_disruptions(tmp_path)
    assert d["month"].tolist() == ["2025-05", "2025-05"]
    assert d.loc[0, ["origin", "outlet", "line"]].tolist() == ["Reuters", "TimesLIVE", 2]


def test_unknown_sector_and_kind_are_named(tmp_path):
    path = write(tmp_path, "sector_disruptions", [DISRUPTION, {**DISRUPTION, "sector": "autos", "kind": "stoppage"}])
    out = problems(load_sector_disruptions, tmp_path)
    assert len(out) == 2
    assert out[0].startswith(f"{path}:3: column 'sector': unknown value; allowed: automotive, consumer_electronics")
    assert out[0].endswith("(value: 'autos')")
    assert out[1].startswith(f"{path}:3: column 'kind': unknown value; allowed: halt, slowdown")


def test_bad_date_and_missing_quote_are_named(tmp_path):
    path = write(tmp_path, "sector_disruptions", [{**DISRUPTION, "date": "26 May 2025", "quote": ""}])
    assert problems(load_sector_disruptions, tmp_path) == [
        f"{path}:2: column 'date': is not a date (expected YYYY-MM-DD) (value: '26 May 2025')",
        f"{path}:2: column 'quote': is empty (value: '')",
    ]


def test_date_must_match_its_precision(tmp_path):
    path = write(tmp_path, "sector_disruptions", [{**DISRUPTION, "date": "2025-05-01", "date_precision": "month"}])
    assert problems(load_sector_disruptions, tmp_path) == [
        f"{path}:2: column 'date': does not match date_precision 'month' (expected YYYY-MM) (value: '2025-05-01')"
    ]


def test_country_must_be_iso3_or_eu(tmp_path):
    path = write(tmp_path, "sector_disruptions", [DISRUPTION, {**DISRUPTION, "country": "Japan"}, {**DISRUPTION, "country": "EU"}])
    out = problems(load_sector_disruptions, tmp_path)
    assert len(out) == 1 and out[0].startswith(f"{path}:3: column 'country': unknown country code")


def test_weak_evidence_is_a_value_not_a_reason_to_drop(tmp_path):
    write(tmp_path, "sector_disruptions", [{**DISRUPTION, "evidence": "weak"}])
    assert load_sector_disruptions(tmp_path).evidence.tolist() == ["weak"]
    write(tmp_path, "sector_disruptions", [{**DISRUPTION, "evidence": "rumour"}])
    assert "column 'evidence': unknown value" in problems(load_sector_disruptions, tmp_path)[0]


def test_prices_convert_within_a_currency_and_keep_what_was_printed(tmp_path):
    kg = {**PRICE, "low": "397", "high": "399", "unit": "CNY/kg"}
    usd = {**PRICE, "market": "fob_china", "low": "54.7", "high": "55", "unit": "USD/kg"}
    write(tmp_path, "prices", [PRICE, kg, usd])
    p = load_prices(tmp_path)
    assert p["unit"].tolist() == ["CNY/t", "CNY/t", "USD/kg"]
    assert p["currency"].tolist() == ["CNY", "CNY", "USD"]
    assert p["low"].tolist() == [442000.0, 397000.0, 54.7]
    assert p["mid"].tolist() == [443000.0, 398000.0, 54.85]
    assert p["unit_printed"].tolist() == ["CNY/t", "CNY/kg", "USD/kg"] and p["low_printed"].tolist()[1] == 397.0


def test_low_above_high_is_blamed_on_low(tmp_path):
    path = write(tmp_path, "prices", [{**PRICE, "low": "450000", "high": "444000"}])
    assert problems(load_prices, tmp_path) == [f"{path}:2: column 'low': low is above high (value: 450000.0)"]


def test_price_vocabularies_and_numbers(tmp_path):
    path = write(tmp_path, "prices", [{**PRICE, "market": "china", "product": "ndpr", "unit": "yuan/t", "high": "n/a"}])
    out = problems(load_prices, tmp_path)
    assert [o.split(":")[2] for o in out] == [" column 'market'", " column 'product'", " column 'high'", " column 'unit'"]
    assert f"{path}:2: column 'high': is not a number (value: 'n/a')" in out


def test_price_cannot_be_dated_after_its_page(tmp_path):
    path = write(tmp_path, "prices", [{**PRICE, "date": "2025-07-01", "source_date": "2025-06"}])
    out = problems(load_prices, tmp_path)
    assert out == [f"{path}:2: column 'date': is after the page's source_date 2025-06: a price cannot be printed before its date (value: '2025-07-01')"]


def test_bad_date_in_prices(tmp_path):
    path = write(tmp_path, "prices", [{**PRICE, "date": "2025-02-30"}])
    assert problems(load_prices, tmp_path) == [f"{path}:2: column 'date': is not a calendar date (value: '2025-02-30')"]


def test_additional_files_beside_the_table_are_read_and_checked(tmp_path):
    write(tmp_path, "prices", [PRICE])
    extra = tmp_path / "prices_more.csv"
    extra.write_text((tmp_path / "prices.csv").read_text(encoding="utf-8").replace("china_domestic", "moon"), encoding="utf-8")
    out = problems(load_prices, tmp_path)
    assert len(out) == 1 and out[0].startswith(f"{extra}:2: column 'market'")


def test_shipped_ledgers_load_and_meet_the_issue_minimums():
    d, p = load_sector_disruptions(), load_prices()
    assert len(d) >= 15 and d.sector.nunique() >= 3
    assert {"Ford Motor Co.", "Suzuki Motor"} <= set(d[(d.kind == "halt") & (d.month == "2025-05")].company)
    assert len(p) >= 24 and p.market.nunique() >= 2
    years = set(p[(p.market == "china_domestic") & (p["product"] == "prnd_oxide")].date.str[:4])
    assert {"2024", "2025"} <= years
    assert (d.quote.str.len() > 0).all() and (p.quote.str.len() > 0).all()


def test_the_dataset_lists_evidence_problems_once_beside_schema_problems(data_copy):
    from rare_earth_trade.series.dataset import Dataset

    raw = data_copy / "raw"
    d = write(raw, "sector_disruptions", [DISRUPTION, {**DISRUPTION, "date": "2025-05"}])  # form, not schema
    p = write(raw, "prices", [PRICE, {**PRICE, "market": "moon"}])  # schema
    with pytest.raises(DataError) as err:
        Dataset(data_copy, cache=False).validate_all()
    out = [str(x) for x in err.value.problems]
    assert [x.split(": ")[0] for x in out] == [f"{p}:3", f"{d}:3"]  # schema problems, then the further checks
    assert "column 'market'" in out[0] and "does not match date_precision 'day'" in out[1]
