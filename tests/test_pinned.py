"""The resolution pinned: a frozen copy of the shipped raw files (tests/fixtures/pinned/) resolves to
exactly the figures it resolved to when the vectorised rewrite started (issue 13).

A deliberate change of the resolution rule that moves a pinned value updates
`series_expected.csv` in its own commit, naming every value that changed and why.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from rare_earth_trade.series.dataset import Dataset

PINNED = Path(__file__).parent / "fixtures" / "pinned"
KEY = ["series", "period", "partner", "measure"]
COLUMNS = [*KEY, "value", "status", "derived_from"]


def _frame(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame[COLUMNS].copy()
    out["value"] = out["value"].astype(float).round(3)
    out["derived_from"] = out["derived_from"].fillna("")
    return out.sort_values(["series", "partner", "measure", "period"], ignore_index=True)


def test_the_frozen_ledger_resolves_to_the_pinned_figures():
    expected = _frame(pd.read_csv(PINNED / "series_expected.csv", dtype=str, keep_default_na=False))
    actual = _frame(Dataset(PINNED).series)
    merged = expected.merge(actual, on=KEY, how="outer", suffixes=("_pinned", "_now"), indicator=True)
    missing = merged[merged["_merge"] != "both"]
    assert missing.empty, f"figures appeared or vanished:\n{missing[[*KEY, '_merge']].to_string()}"
    for column in ("value", "status", "derived_from"):
        differ = merged[merged[f"{column}_pinned"] != merged[f"{column}_now"]]
        assert differ.empty, f"{column} changed:\n{differ[[*KEY, f'{column}_pinned', f'{column}_now']].to_string()}"
