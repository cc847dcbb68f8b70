"""Sector evidence: the ledgers of reported disruptions and of Pr-Nd prices.

Both are SPECS tables (ledger/tables.py: schema, vocabularies, file/line/column errors). This module
adds the checks that need more than one column or a reference file, and brings prices to one unit
per currency, once, at load:

- `date` is `YYYY-MM-DD` when `date_precision` is `day` and `YYYY-MM` when it is `month` (a month
  is never written as a guessed first day);
- `country` is `CHN` or a code of data/reference/partners.csv (ISO 3166 alpha-3, or `EU`), not `WLD`;
- a price is positive and not dated after the page that printed it;
- prices keep low/high/unit as printed (`low_printed`, `high_printed`, `unit_printed`) and are
  converted within their currency only: CNY to CNY/t, USD to USD/kg. CNY and USD are never converted
  into each other.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from ..errors import DataError, Problem
from ..paths import RAW_DIR, REFERENCE_DIR
from . import sources, tables
from .vocab import partners

SECTORS = tables.SPECS["sector_disruptions"].choices["sector"]
KINDS = tables.SPECS["sector_disruptions"].choices["kind"]
EVIDENCE = tables.SPECS["sector_disruptions"].choices["evidence"]
MARKETS = tables.SPECS["prices"].choices["market"]
PRODUCTS = tables.SPECS["prices"].choices["product"]

SECTOR_LABELS = {
    "automotive": "automotive",
    "consumer_electronics": "consumer electronics",
    "renewable_energy": "renewable energy",
    "defence_aerospace": "defence and aerospace",
    "industrial_medical": "industrial and medical",
}
KIND_LABELS = {
    "halt": "halt", "slowdown": "slowdown", "warning": "warning", "licence_granted": "licence granted",
    "licence_refused": "licence refused or withheld", "resumption": "resumption",
}  # fmt: skip
MARKET_LABELS = {"china_domestic": "China domestic", "fob_china": "FOB China", "europe": "Europe"}
PRODUCT_LABELS = {"prnd_oxide": "Pr-Nd oxide", "prnd_metal": "Pr-Nd metal", "nd_oxide": "neodymium oxide"}

# unit as printed -> (currency, unit after conversion, factor)
UNIT_CONVERSIONS = {
    "CNY/t": ("CNY", "CNY/t", 1.0),
    "CNY/kg": ("CNY", "CNY/t", 1000.0),
    "USD/kg": ("USD", "USD/kg", 1.0),
    "USD/t": ("USD", "USD/kg", 0.001),
}

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MONTH = re.compile(r"^\d{4}-\d{2}$")


def load_sector_disruptions(raw_dir: Path = RAW_DIR, reference_dir: Path = REFERENCE_DIR,
                            table: pd.DataFrame | None = None) -> pd.DataFrame:
    """data/raw/sector_disruptions.csv (and sector_disruptions_*.csv), validated; adds `month`.
    `table`: the SPECS table already loaded (e.g. from the dataset cache), checked here further."""
    frame = (tables.load_table("sector_disruptions", raw_dir) if table is None else table).copy()
    problems = _date_form_problems(frame)
    codes = country_codes(reference_dir)
    for r in frame.itertuples():
        if r.country not in codes:
            problems.append(Problem(r.file, int(r.line), "country", r.country,
                                    "unknown country code; use ISO 3166 alpha-3 (CHN or a code of data/reference/partners.csv) or EU"))  # fmt: skip
    _raise(problems, frame)
    frame["month"] = frame["date"].str[:7]
    return frame


def country_codes(reference_dir: Path = REFERENCE_DIR) -> set[str]:
    """China's trade partners (data/reference/partners.csv) without the world total, plus China."""
    return {c for c, p in partners(reference_dir).items() if p.kind != "aggregate" or c == "EU"} - {"WLD"} | {"CHN"}


def load_prices(raw_dir: Path = RAW_DIR, table: pd.DataFrame | None = None) -> pd.DataFrame:
    """data/raw/prices.csv (and prices_*.csv), validated and converted within each currency.

    Adds `month`, `currency`, `mid` (midpoint of low and high) and keeps the printed values.
    `table`: the SPECS table already loaded (e.g. from the dataset cache), checked here further.
    """
    frame = (tables.load_table("prices", raw_dir) if table is None else table).copy()
    problems = _date_form_problems(frame)
    for r in frame.itertuples():
        if r.low <= 0:
            problems.append(Problem(r.file, int(r.line), "low", r.low, "a price must be positive"))
        if r.date[: len(r.source_date)] > r.source_date[: len(r.date)]:
            problems.append(Problem(r.file, int(r.line), "date", r.date,
                                    f"is after the page's source_date {r.source_date}: a price cannot be printed before its date"))  # fmt: skip
    _raise(problems, frame)
    frame["low_printed"], frame["high_printed"], frame["unit_printed"] = frame["low"], frame["high"], frame["unit"]
    conv = frame["unit"].map(UNIT_CONVERSIONS)
    frame["currency"] = conv.str[0]
    frame["unit"] = conv.str[1]
    factor = conv.str[2].astype(float)
    frame["low"] = frame["low"] * factor
    frame["high"] = frame["high"] * factor
    frame["mid"] = (frame["low"] + frame["high"]) / 2
    frame["month"] = frame["date"].str[:7]
    return frame


def _date_form_problems(frame: pd.DataFrame) -> list[Problem]:
    out = []
    for r in frame.itertuples():
        pattern, form = (_DAY, "YYYY-MM-DD") if r.date_precision == "day" else (_MONTH, "YYYY-MM")
        if not pattern.match(r.date):
            out.append(Problem(r.file, int(r.line), "date", r.date,
                               f"does not match date_precision '{r.date_precision}' (expected {form})"))  # fmt: skip
    return out


def _raise(problems: list[Problem], frame: pd.DataFrame) -> None:
    if problems:
        order = {c: i for i, c in enumerate(frame.columns)}
        raise DataError(sorted(problems, key=lambda p: (p.path, p.line or 0, order.get(p.column, 0))))


def citation(row) -> str:
    """'Reuters, 20 Aug 2025 (read at Business Standard)': `sources.cite`, the project's one citation."""
    return sources.cite({"origin": str(row["origin"]).strip(), "outlet": str(row["outlet"]).strip(),
                         "source_date": row["source_date"]})  # fmt: skip


def format_date(text: str) -> str:
    """'2025-08-20' -> '20 Aug 2025'; '2025-08' -> 'Aug 2025' (`sources.format_date`)."""
    return sources.format_date(text)
