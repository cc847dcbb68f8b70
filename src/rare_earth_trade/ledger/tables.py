"""The other raw files (policy events, sector parameters, supply shares, the article's tables),
each with a declared schema and the same error messages as the observations.

Every table carries SOURCE_COLUMNS: source_url, source_date, origin (who produced the statement or
figure), outlet (where it was read) and a verbatim quote, see `sources`. Loaded tables add
`publisher`, the row's source as reports cite it (`sources.cite`: "Reuters, 20 Aug 2025 (read at
Kitco)"), `file` and `line`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from ..errors import DataError, Problem
from ..paths import RAW_DIR, REFERENCE_DIR
from . import parsing, sources
from .checks import schema_problems
from .rawcsv import read_table

SOURCE_COLUMNS = ["source_url", "source_date", "origin", "outlet", "quote"]
_URL = pa.Check.str_matches(r"^https?://\S+$", error="source_url must be an http(s) address")
_NONEMPTY = pa.Check.str_length(min_value=1, error="is empty")
_NOT_AN_IP = pa.Check(lambda s: ~s.apply(sources.has_ip_address), error=sources.IP_MESSAGE)


@dataclass(frozen=True)
class TableSpec:
    file: str
    columns: list[str]
    dates: tuple[str, ...] = ()
    numbers: tuple[str, ...] = ()
    optional_numbers: tuple[str, ...] = ()  # may be empty (NaN)
    optional_text: tuple[str, ...] = ()  # may be empty
    choices: dict[str, list[str]] = field(default_factory=dict)
    checks: tuple[pa.Check, ...] = ()
    optional_columns: tuple[str, ...] = ()  # may be left out of a file (then empty); listed in `columns`
    partner_codes: tuple[str, ...] = ()  # empty, or partner codes (data/reference/partners.csv) separated by spaces

    def schema(self) -> pa.DataFrameSchema:
        cols = {}
        for c in self.columns:
            if c in self.numbers or c in self.optional_numbers:
                cols[c] = pa.Column(float, nullable=c in self.optional_numbers)
            elif c in self.choices:
                allowed = self.choices[c]
                cols[c] = pa.Column(str, pa.Check.isin(allowed, error=f"unknown value; allowed: {', '.join(allowed)}"))
            elif c == "source_url":
                cols[c] = pa.Column(str, _URL)
            elif c in ("origin", "outlet"):
                cols[c] = pa.Column(str, [_NONEMPTY, _NOT_AN_IP])
            elif c in self.partner_codes:
                cols[c] = pa.Column(str, _PARTNER_CODES, nullable=True)
            elif c in self.optional_text:
                cols[c] = pa.Column(str, nullable=True)
            else:
                cols[c] = pa.Column(str, _NONEMPTY)
        return pa.DataFrameSchema(cols, checks=list(self.checks), strict=True)


def _known_codes(cell) -> bool:
    from .vocab import partners

    return not isinstance(cell, str) or all(code in partners() for code in re.split(r"[\s,;]+", cell.strip()) if code)


_PARTNER_CODES = pa.Check(
    lambda s: s.apply(_known_codes),
    error="unknown partner code; use codes of data/reference/partners.csv separated by spaces (WLD: every destination)",
)


def _low_le_high(df: pd.DataFrame) -> pd.Series:
    return df["low"] <= df["high"]


SPECS = {
    "policy_events": TableSpec(
        "policy_events.csv",
        ["date", "event_id", "title", "category", "detail", *SOURCE_COLUMNS, "partners"],
        dates=("date", "source_date"),
        choices={"category": ["control", "easing", "truce", "tariff", "suspension", "other"]},
        optional_text=("partners",),
        optional_columns=("partners",),
        partner_codes=("partners",),
    ),
    "sector_parameters": TableSpec(
        "sector_parameters.csv",
        ["parameter", "sector", "basis", "low", "high", "unit", "year", "contested", "note", *SOURCE_COLUMNS],
        dates=("source_date",),
        numbers=("low", "high"),
        optional_text=("note", "year"),
        choices={"contested": ["yes", "no"]},
        checks=(pa.Check(_low_le_high, error="low is above high"),),
    ),
    "china_supply_shares": TableSpec(
        "china_supply_shares.csv",
        ["stage", "kind", "low", "high", "unit", "year", "edition", "note", *SOURCE_COLUMNS],
        dates=("source_date",),
        numbers=("low", "high"),
        optional_text=("note", "year"),
        choices={
            "stage": ["mining", "refining", "magnet_manufacturing"],
            "kind": ["current", "projection", "historical", "different_measure"],
        },
        checks=(pa.Check(_low_le_high, error="low is above high"),),
    ),
    "article_sectors": TableSpec(
        "article_sectors.csv",
        ["sector", "reliance", "risks", *SOURCE_COLUMNS],
        dates=("source_date",),
    ),
    "article_claims": TableSpec(
        "article_claims.csv",
        ["claim_id", "claim", "comparison", "value", "unit", "evidence", *SOURCE_COLUMNS],
        dates=("source_date",),
        numbers=("value",),
        choices={"comparison": ["about", "over", "under"]},
    ),
    "tariff_rates": TableSpec(
        "tariff_rates.csv",
        ["measure_id", "jurisdiction", "product", "from_pct", "to_pct", "date", "status", *SOURCE_COLUMNS],
        dates=("date", "source_date"),
        numbers=("to_pct",),
        optional_numbers=("from_pct",),
        choices={"status": ["announced", "applied"]},
    ),
    # Reported sector disruptions (ledger/evidence.py adds the cross-column checks: date form vs
    # precision, country code). Source columns written out: origin = who produced the report,
    # outlet = where it was read.
    "sector_disruptions": TableSpec(
        "sector_disruptions.csv",
        ["date", "date_precision", "company", "country", "sector", "kind", "duration", "what", "evidence",
         "source_url", "source_date", "origin", "outlet", "quote", "note"],
        dates=("date", "source_date"),
        optional_text=("duration", "note"),
        choices={
            "date_precision": ["day", "month"],
            "sector": ["automotive", "consumer_electronics", "renewable_energy", "defence_aerospace", "industrial_medical"],
            "kind": ["halt", "slowdown", "warning", "licence_granted", "licence_refused", "resumption"],
            "evidence": ["first-hand", "second-hand", "weak"],
        },
    ),
    # Dated Pr-Nd (and Nd) oxide and metal prices, low/high and unit as printed.
    "prices": TableSpec(
        "prices.csv",
        ["date", "date_precision", "market", "product", "low", "high", "unit", "price_basis",
         "source_url", "source_date", "origin", "outlet", "quote", "note"],
        dates=("date", "source_date"),
        numbers=("low", "high"),
        optional_text=("note",),
        choices={
            "date_precision": ["day", "month"],
            "market": ["china_domestic", "fob_china", "europe"],
            "product": ["prnd_oxide", "prnd_metal", "nd_oxide"],
            "unit": ["CNY/t", "CNY/kg", "USD/kg", "USD/t"],
        },
        # a cell that did not parse (NaN) is reported once, by its own column
        checks=(pa.Check(lambda df: ~(df["low"] > df["high"]), error="low is above high"),),
    ),
}  # fmt: skip


# Sourced reference tables (data/reference/), read and validated the same way.
REFERENCE_SPECS = {
    "release_calendar": TableSpec(
        "release_calendar.csv",
        ["rule", "value", *SOURCE_COLUMNS, "note"],
        dates=("source_date",),
        optional_text=("note",),
        choices={"rule": ["release_day", "combined_months"]},
    ),
}


def load_reference_table(name: str, reference_dir: Path = REFERENCE_DIR) -> pd.DataFrame:
    """One of REFERENCE_SPECS from `reference_dir`, validated like the raw tables."""
    return _load_one(REFERENCE_SPECS[name], Path(reference_dir) / REFERENCE_SPECS[name].file)


def load_table(name: str, raw_dir: Path = RAW_DIR) -> pd.DataFrame:
    """Read and validate one of the SPECS tables; DataError names file, line, column and value.

    The table is `<name>.csv` plus any `<name>_*.csv` beside it (e.g. a researcher's additions).
    """
    spec = SPECS[name]
    stem = spec.file.removesuffix(".csv")
    paths = sorted({Path(raw_dir) / spec.file, *Path(raw_dir).glob(f"{stem}_*.csv")})
    frames, problems = [], []
    for path in paths:
        try:
            frames.append(_load_one(spec, path))
        except DataError as e:
            problems.extend(e.problems)
    if problems:
        raise DataError(problems)
    return pd.concat(frames, ignore_index=True)


def _load_one(spec: TableSpec, path: Path) -> pd.DataFrame:
    required = [c for c in spec.columns if c not in spec.optional_columns]
    table = read_table(path, required, frozenset(spec.optional_columns))
    for row in table.rows:
        for c in spec.optional_columns:
            row.setdefault(c, "")
    problems: dict[tuple[int, str], Problem] = {}
    records = []
    for row, line in zip(table.rows, table.lines):
        rec = {k: (v.strip() if k == "quote" else parsing.clean(v)) for k, v in row.items()}
        for c in spec.dates:
            try:
                rec[c] = parsing.parse_date(row[c])
            except ValueError as e:
                problems[(line, c)] = Problem(table.name, line, c, row[c], str(e))
        for c in (*spec.numbers, *spec.optional_numbers):
            if c in spec.optional_numbers and not rec[c]:
                rec[c] = float("nan")
                continue
            try:
                rec[c] = parsing.parse_number(row[c])
            except ValueError as e:
                problems[(line, c)] = Problem(table.name, line, c, row[c], str(e))
                rec[c] = float("nan")
        records.append(rec)
    frame = pd.DataFrame.from_records(records, columns=spec.columns)
    if frame.empty:
        raise DataError([Problem(table.name, None, None, None, "has a header but no rows")])
    schema_problems(spec.schema(), frame, table.name, table.lines, problems, {"low is above": "low"})
    if problems:
        raise DataError(sorted(problems.values(), key=lambda p: (p.line or 0, spec.columns.index(p.column))))
    frame["publisher"] = sources.cite_all(frame["origin"], frame["outlet"], frame["source_date"])
    frame["file"] = table.name
    frame["line"] = table.lines
    return frame
