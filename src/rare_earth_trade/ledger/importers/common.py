"""What both importers share: the download date in the file name and the observation columns."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from ...errors import DataError, Problem
from ...paths import display_path
from ..observations import COLUMNS
from ..parsing import parse_date

_DATE_IN_NAME = re.compile(r"_(\d{4}-\d{2}-\d{2})$")


def download_date(path: Path) -> str:
    m = _DATE_IN_NAME.search(Path(path).stem)
    try:
        return parse_date(m.group(1)) if m else parse_date("")
    except ValueError:
        raise DataError(
            [Problem(display_path(path), None, None, Path(path).name,
                     "file name must end with the download date, e.g. magnets_2025-07-20.csv")]
        ) from None  # fmt: skip


def observations(records: list[dict]) -> pd.DataFrame:
    """Frame in the shape `ledger.read_observation_file` returns."""
    extra = ["note", "attribution", "belongs_to", "decimals", "reported_value", "file", "line"]
    records = [{"attribution": "", "belongs_to": "", **r} for r in records]
    return pd.DataFrame.from_records(records, columns=COLUMNS + extra)
