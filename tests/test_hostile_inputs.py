"""A corpus of hostile input files (tests/fixtures/bad_inputs): each is read correctly or refused
with a message naming file, line and column; none crashes; the CLI exits non-zero without a traceback."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from rare_earth_trade.errors import DataError
from rare_earth_trade.ledger.observations import load_ledger

CORPUS = Path(__file__).parent / "fixtures" / "bad_inputs"

READ_CORRECTLY = {  # file: (value, period) read from it
    "fullwidth_digits.csv": (3188.0, "2025-06"),
    "month_with_slash.csv": (3188.0, "2025-06"),
    "month_without_zero.csv": (3188.0, "2025-06"),
    "thousands_separator.csv": (3188.0, "2025-06"),
    "utf8_bom.csv": (3188.0, "2025-06"),
    "script_in_quote.csv": (3188.0, "2025-06"),
}
REFUSED = {  # file: the exact problems users see (file name relative to its folder)
    "empty.csv": ["empty.csv: is empty (no header, no rows)"],
    "header_only.csv": ["header_only.csv: has a header but no rows"],
    "truncated_quote.csv": ["truncated_quote.csv:2: is not valid CSV: unexpected end of data"],
    "truncated_row.csv": ["truncated_row.csv:2: has 7 fields, the header has 11"],
    "ip_address_outlet.csv": [
        "ip_address_outlet.csv:2: column 'outlet': is an IP address, not a name; name who produced the figure, and call a page on a bare-IP host 'unnamed mirror' (value: '3.127.128.221')"
    ],
    "gbk_encoded.csv": ["gbk_encoded.csv:2: cannot be decoded as utf-8; it looks like GBK"],
    "semicolon_delimited.csv": ["semicolon_delimited.csv:1: uses ';' as delimiter; raw files must be comma-separated"],
    "tab_delimited.csv": ["tab_delimited.csv:1: uses '\\t' as delimiter; raw files must be comma-separated"],
    "kg_labelled_t.csv": [
        "kg_labelled_t.csv:2: column 'value': 3,188,000 t is above the plausible ceiling of 50,000 t for magnet_exports; is it in kg? (value: '3188000')"
    ],
    "duplicate_rows.csv": [
        "duplicate_rows.csv:3: column 'value': duplicates duplicate_rows.csv:2 (same figure, same source) (value: '3188')"
    ],
    "huge_value.csv": [
        "huge_value.csv:2: column 'value': 1e+300 t is above the plausible ceiling of 50,000 t for magnet_exports; is it in kg? (value: '1e300')"
    ],
    "infinite_value.csv": ["infinite_value.csv:2: column 'value': is not a number (value: 'inf')"],
    "decimal_comma.csv": [
        "decimal_comma.csv:2: column 'value': is not a number (decimal comma? write decimals with a point) (value: '3188,5')"
    ],
    "javascript_url.csv": [
        "javascript_url.csv:2: column 'source_url': source_url must be an http(s) address (value: 'javascript:alert(1)')"
    ],
}


def test_the_corpus_is_fully_covered():
    assert sorted(p.name for p in CORPUS.iterdir()) == sorted([*READ_CORRECTLY, *REFUSED])


def alone(name: str, tmp_path: Path) -> Path:
    folder = tmp_path / "observations"
    folder.mkdir()
    shutil.copy(CORPUS / name, folder / name)
    return folder


@pytest.mark.parametrize("name", sorted(READ_CORRECTLY))
def test_tolerable_input_is_read_correctly(name, tmp_path):
    ledger = load_ledger(alone(name, tmp_path))
    assert (ledger.loc[0, "value"], ledger.loc[0, "period"]) == READ_CORRECTLY[name]


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_bad_input_is_refused_with_file_line_and_column(name, tmp_path):
    folder = alone(name, tmp_path)
    with pytest.raises(DataError) as err:
        load_ledger(folder)
    assert [str(p).replace(f"{folder}/", "") for p in err.value.problems] == REFUSED[name]


def test_quotes_are_kept_verbatim_for_escaping_later(tmp_path):
    ledger = load_ledger(alone("script_in_quote.csv", tmp_path))
    assert ledger.loc[0, "quote"].startswith("<script>alert(1)</script> **bold**")


def test_cli_refuses_bad_data_without_a_traceback(data_copy):
    shutil.copy(CORPUS / "gbk_encoded.csv", data_copy / "raw" / "observations" / "zz_new.csv")
    done = subprocess.run([sys.executable, "-m", "rare_earth_trade", "data", "--data-dir", str(data_copy)],
                          capture_output=True, text=True)  # fmt: skip
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith("error: 1 problem(s) in the input data:")
    assert "zz_new.csv:2: cannot be decoded as utf-8; it looks like GBK" in done.stderr
