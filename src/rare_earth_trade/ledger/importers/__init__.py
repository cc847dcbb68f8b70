"""Importers: official files (China customs query-platform CSV, UN Comtrade JSON) to observations.

Files live under data/raw/official/gacc/*.csv and data/raw/official/comtrade/*.json. Each file
name ends with the date it was downloaded (`..._YYYY-MM-DD.csv`): that is the rows' source_date.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ...errors import DataError
from .comtrade import read_comtrade
from .gacc import read_gacc_csv


def load_official(directory: Path) -> list[pd.DataFrame]:
    """Observation frames from every official file under `directory` (none if it is absent)."""
    directory = Path(directory)
    frames, problems = [], []
    readers = [(directory / "gacc", "*.csv", read_gacc_csv), (directory / "comtrade", "*.json", read_comtrade)]
    for folder, pattern, reader in readers:
        for path in sorted(folder.glob(pattern)) if folder.is_dir() else []:
            try:
                frames.append(reader(path))
            except DataError as e:
                problems.extend(e.problems)
    if problems:
        raise DataError(problems)
    return frames


__all__ = ["load_official", "read_comtrade", "read_gacc_csv"]
