"""The accounting's input: a monthly frame (value, low, high, status by 'YYYY-MM' period), and its defaults.

A month without data is absent, never zero. ``low <= value <= high`` always holds: a frame that
breaks it is refused with the months named.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

CONTROLS = "2025-04"  # first month under the April 2025 export controls
BASELINE_START, BASELINE_END = "2024-04", "2025-03"  # the twelve months before the controls
MIN_MONTHS = 6  # destinations need this many known months before and after the controls


def monthly_frame(series: pd.DataFrame, name: str = "magnet_exports", partner: str = "WLD",
                  measure: str = "tonnes") -> pd.DataFrame:
    """One series, partner and measure of the resolved series table as a monthly frame.

    Columns value, low, high, status, indexed by period. ``low``/``high`` come from the table's
    ``value_low``/``value_high`` columns; where those are absent (or empty) they equal ``value``.
    """  # fmt: skip
    sel = series[(series.series == name) & (series.partner == partner) & (series.measure == measure)]
    value = sel["value"].astype(float).to_numpy()
    low = sel["value_low"].astype(float).fillna(sel["value"]).to_numpy() if "value_low" in sel else value
    high = sel["value_high"].astype(float).fillna(sel["value"]).to_numpy() if "value_high" in sel else value
    frame = pd.DataFrame({"value": value, "low": low, "high": high}, index=pd.Index(sel["period"], name="period"))
    frame["status"] = sel["status"].to_numpy() if "status" in sel else "reported"
    return _checked(frame.sort_index())


def as_monthly(values: pd.Series | pd.DataFrame | Mapping[str, float]) -> pd.DataFrame:
    """Accept a monthly frame, a Series or a {period: value} mapping; missing low/high = value."""
    if isinstance(values, pd.DataFrame):
        frame = values.copy()
    else:
        frame = pd.DataFrame({"value": pd.Series(values, dtype=float)})
    for col in ("low", "high"):
        if col not in frame:
            frame[col] = frame["value"]
        frame[col] = frame[col].astype(float).fillna(frame["value"])
    if "status" not in frame:
        frame["status"] = "reported"
    frame = frame[frame["value"].notna()]
    frame.index = frame.index.astype(str)
    frame.index.name = "period"
    return _checked(frame[["value", "low", "high", "status"]].sort_index())


def _checked(frame: pd.DataFrame) -> pd.DataFrame:
    if frame.index.has_duplicates:
        raise ValueError(f"more than one value for {sorted(set(frame.index[frame.index.duplicated()]))}")
    bad = frame[(frame["low"] > frame["value"] + 1e-9) | (frame["value"] > frame["high"] + 1e-9)]
    if len(bad):
        raise ValueError(f"low <= value <= high does not hold for {list(bad.index)}")
    return frame
