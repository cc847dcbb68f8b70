"""One destination of China's magnet exports: its monthly series and coverage, its recovery against
its own pre-controls average, its share of China's total and its rank, the policy events that
concern it, and its gaps.

Pure functions of the resolved series (columns series, partner, period, measure, value, value_low,
value_high, status, publisher, source_url, derived_from) and of the policy events table, so they
run on small hand-made frames. The destination brief (notebooks/destination/destination_brief.py)
shows them with the sentences of `report.destination`; the build refuses, before any notebook
runs, a destination that `with_data` does not list.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import pandas as pd

from ..ledger.parsing import month_range
from ..ledger.vocab import partner_name
from . import accounting
from .recovery import DestinationRecovery, destination_recovery, monthly

MAGNETS, WORLD = "magnet_exports", "WLD"
CHINA_WIDE = ("control", "suspension")  # events naming no destination that still concern each one


def with_data(series: pd.DataFrame) -> list[str]:
    """Destinations (not the world) with at least one magnet-export figure (any measure), sorted."""
    sel = series[(series["series"] == MAGNETS) & (series["partner"] != WORLD)]
    return sorted(sel["partner"].unique())


def monthly_figures(series: pd.DataFrame, code: str) -> pd.DataFrame:
    """The destination's monthly tonnes: period, value, value_low, value_high, status, source, url."""
    sel = series[(series["series"] == MAGNETS) & (series["partner"] == code) & (series["measure"] == "tonnes")]
    sel = sel.sort_values("period")
    derived = sel["status"] == "derived"
    source = sel["publisher"].where(~derived, "derived: " + sel.get("derived_from", pd.Series("", index=sel.index)).astype(str))
    return pd.DataFrame({
        "period": sel["period"].to_numpy(), "value": sel["value"].astype(float).to_numpy(),
        "value_low": sel["value_low"].astype(float).fillna(sel["value"]).to_numpy(),
        "value_high": sel["value_high"].astype(float).fillna(sel["value"]).to_numpy(),
        "status": sel["status"].to_numpy(), "source": source.to_numpy(),
        "url": sel["source_url"].astype(str).str.split().str[0].where(~derived, "").to_numpy(),
    })  # fmt: skip


@dataclass(frozen=True)
class Coverage:
    """Which months from `start` to `end` the destination's tonnage is known for, and how."""

    start: str
    end: str
    reported: list[str]
    derived: list[str]
    missing: list[str]

    @property
    def months(self) -> int:
        return len(self.reported) + len(self.derived) + len(self.missing)

    @property
    def known(self) -> int:
        return len(self.reported) + len(self.derived)


def coverage(figures: pd.DataFrame, start: str, end: str) -> Coverage:
    """`figures`: `monthly_figures`; the window runs from `start` to `end` inclusive."""
    status = dict(zip(figures["period"], figures["status"]))
    window = month_range(start, end)
    return Coverage(
        start, end,
        [p for p in window if status.get(p) == "reported"],
        [p for p in window if status.get(p) == "derived"],
        [p for p in window if p not in status],
    )  # fmt: skip


def recovery(series: pd.DataFrame, code: str, as_of: str, controls: str, baseline_start: str,
             baseline_end: str) -> tuple[DestinationRecovery, accounting.DestinationAccount]:
    """Against its own pre-controls average: the low and the latest month (analysis.recovery), and
    the accounting of the shortfall made up (analysis.accounting.destination_accounts)."""
    s = monthly(series[series["period"] <= as_of], MAGNETS, code)
    rec = destination_recovery(code, s, baseline_start, baseline_end, controls)
    actual = accounting.monthly_frame(series[series["period"] <= as_of], MAGNETS, code)
    account = accounting.destination_accounts(actual, code, as_of, controls=controls,
                                              baseline_start=baseline_start, baseline_end=baseline_end)  # fmt: skip
    return rec, account


def shares(series: pd.DataFrame, code: str) -> pd.DataFrame:
    """Share of China's world total, months where both are known: period, tonnes, world, share_pct."""
    dest, world = monthly(series, MAGNETS, code), monthly(series, MAGNETS, WORLD)
    both = [p for p in dest.index if p in world.index and world[p] > 0]
    return pd.DataFrame({
        "period": both, "tonnes": [float(dest[p]) for p in both], "world": [float(world[p]) for p in both],
        "share_pct": [float(dest[p] / world[p] * 100) for p in both],
    }, columns=["period", "tonnes", "world", "share_pct"])  # fmt: skip


def ranks(series: pd.DataFrame, code: str) -> pd.DataFrame:
    """Its place in reported top-destination lists: period, rank, source, url."""
    sel = series[(series["series"] == MAGNETS) & (series["partner"] == code) & (series["measure"] == "rank")]
    sel = sel.sort_values("period")
    return pd.DataFrame({
        "period": sel["period"].to_numpy(), "rank": sel["value"].astype(int).to_numpy(),
        "source": sel["publisher"].to_numpy(), "url": sel["source_url"].astype(str).str.split().str[0].to_numpy(),
    }, columns=["period", "rank", "source", "url"])  # fmt: skip


def partner_codes(cell: object) -> list[str]:
    """'USA JPN' / 'USA;JPN' / 'USA, JPN' -> ['USA', 'JPN']; an empty cell names none."""
    if cell is None or (isinstance(cell, float) and math.isnan(cell)):
        return []
    return [c for c in re.split(r"[\s,;]+", str(cell).strip().upper()) if c]


def events_concerning(events: pd.DataFrame, code: str) -> pd.DataFrame:
    """Policy events that concern the destination: those whose `partners` name it (`concerns` =
    its name), and those that concern every destination (`concerns` = 'every destination'):
    `partners` naming WLD, or China-wide controls and suspensions naming no destination. One row
    per event and date, sorted by date."""
    cols = ["date", "event_id", "title", "category", "concerns", "publisher", "source_url"]
    if events.empty:
        return pd.DataFrame(columns=cols)
    named = events["partners"].map(partner_codes) if "partners" in events else pd.Series([[]] * len(events), index=events.index)
    own = named.map(lambda codes: code in codes).to_numpy()
    every = named.map(lambda codes: WORLD in codes or not codes).to_numpy()
    every = every & ((named.map(len) > 0).to_numpy() | events["category"].isin(CHINA_WIDE).to_numpy())
    keep = own | every
    out = events[keep].copy()
    out["concerns"] = [partner_name(code) if o else "every destination" for o in own[keep]]
    return out.sort_values(["date", "event_id"])[cols].reset_index(drop=True)
