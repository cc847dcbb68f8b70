"""Figures as integers, so that resolution, derivation and reconciliation join arrays instead of
looking figures up one by one.

A figure is (series, partner, month, measure). `FigureKeys` numbers the (series, partner) pairs of
a frame; a month is `year * 12 + month - 1` (neighbours are +-1, a year apart +-12); a key packs the
three into one int64. `KeyIndex` finds the rows of many keys at once (one binary search each).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

MEASURE_CODE = {"tonnes": 0, "ytd_tonnes": 1, "mom_pct": 2, "yoy_pct": 3, "ytd_yoy_pct": 4, "rank": 5}
MEASURE_OF = {v: k for k, v in MEASURE_CODE.items()}
_MONTHS = 1_000_000  # months of a key (year 83,333 at most)
_CODES = 8  # measure codes of a key


def month_index(period) -> np.ndarray:
    """'2025-06' -> 2025 * 12 + 5."""
    at, periods = pd.factorize(pd.Series(period).astype(str))  # a few hundred months among many rows
    index = np.array([int(t[:4]) * 12 + int(t[5:7]) - 1 for t in periods.tolist()], dtype=np.int64)
    return index[at]


def period_text(index: int) -> str:
    """2025 * 12 + 5 -> '2025-06'."""
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def period_of(index) -> np.ndarray:
    """`period_text` over an array of month indexes."""
    return np.array([period_text(i) for i in np.asarray(index, dtype=int).tolist()], dtype=object)


def key(group, month, measure_code) -> np.ndarray:
    return (np.asarray(group, dtype=np.int64) * _MONTHS + np.asarray(month, dtype=np.int64)) * _CODES + measure_code


def split(keys) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """key -> (group, month, measure code)."""
    keys = np.asarray(keys, dtype=np.int64)
    return keys // _CODES // _MONTHS, (keys // _CODES) % _MONTHS, keys % _CODES


class FigureKeys:
    """Numbers the (series, partner) pairs of a frame."""

    def __init__(self, frame: pd.DataFrame):
        self.series = sorted(frame["series"].unique())
        self.partners = sorted(frame["partner"].unique())

    def group(self, frame: pd.DataFrame) -> np.ndarray:
        s = frame["series"].map({v: i for i, v in enumerate(self.series)}).to_numpy(dtype=np.int64)
        c = frame["partner"].map({v: i for i, v in enumerate(self.partners)}).to_numpy(dtype=np.int64)
        return s * len(self.partners) + c

    def keys(self, frame: pd.DataFrame) -> np.ndarray:
        codes = frame["measure"].map(MEASURE_CODE).to_numpy(dtype=np.int64)
        return key(self.group(frame), month_index(frame["period"]), codes)

    def series_of(self, group) -> np.ndarray:
        return np.array(self.series, dtype=object)[np.asarray(group) // len(self.partners)]

    def partner_of(self, group) -> np.ndarray:
        return np.array(self.partners, dtype=object)[np.asarray(group) % len(self.partners)]


class KeyIndex:
    """Rows of keys: `find(keys)` gives each key's row, -1 where it is unknown."""

    def __init__(self, keys):
        self.keys = np.asarray(keys, dtype=np.int64)
        self.order = np.argsort(self.keys, kind="stable")
        self.sorted = self.keys[self.order]

    def find(self, keys) -> np.ndarray:
        keys = np.asarray(keys, dtype=np.int64)
        if not len(self.sorted):
            return np.full(len(keys), -1)
        pos = np.minimum(np.searchsorted(self.sorted, keys), len(self.sorted) - 1)
        return np.where(self.sorted[pos] == keys, self.order[pos], -1)
