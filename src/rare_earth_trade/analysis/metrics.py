"""The recovery metrics the report states, computed once from the tidy series of one as-of month.

`recovery_metrics` is a function of explicit inputs (the tidy series frame, the as-of month, the
controls month, the baseline window and the focus destinations), so it runs as well on a hand-made
frame of a few rows as on the shipped data. The result is a frozen bundle: the narrative and the
charts read it, nothing changes it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import pandas as pd

from ..ledger.parsing import month_add
from . import recovery
from .recovery import Baseline, DestinationRecovery, Shortfall, Trough

MAGNETS = "magnet_exports"
RARE_EARTHS = "rare_earth_exports"
CONTROLS_EVENT = "controls_2025_04"  # the April 2025 controls: where the collapse window starts
WORLD = "WLD"


@dataclass(frozen=True)
class RecoveryMetrics:
    as_of: str
    controls_month: str
    world: pd.Series  # world magnet exports, tonnes a month (reported or derived), by period
    world_status: pd.Series  # "reported" or "derived", by period
    baseline: Baseline
    trough: Trough | None
    recovery: dict  # see recovery.months_to_recover
    shortfall_flat: Shortfall
    shortfall_last_year: Shortfall
    ytd_pace: pd.DataFrame
    destinations: dict[str, pd.Series]  # focus destinations with data, in focus order
    destination_recovery: list[DestinationRecovery]
    multiples: pd.DataFrame  # partner, period, multiple (world first)
    shares: pd.DataFrame
    rare_earth_group: pd.Series
    # Each month's range and status (columns value, low, high, status, by period) for the world
    # ("WLD") and each focus destination with data: `recovery.monthly_range`.
    ranges: dict[str, pd.DataFrame] = field(default_factory=dict)

    @property
    def world_low(self) -> pd.Series:
        return self.ranges["WLD"]["low"] if "WLD" in self.ranges else self.world

    @property
    def world_high(self) -> pd.Series:
        return self.ranges["WLD"]["high"] if "WLD" in self.ranges else self.world

    @property
    def shortfall_end(self) -> str:
        return self.shortfall_flat.end


def shortfall_end(recovered: str | None, as_of: str) -> str:
    """The disruption window ends the month before exports first recovered, or at the as-of month."""
    return month_add(recovered, -1) if recovered else as_of


def recovery_metrics(
    series: pd.DataFrame,
    *,
    as_of: str,
    controls_month: str,
    baseline_start: str,
    baseline_end: str,
    focus: list[str],
) -> RecoveryMetrics:
    """Every recovery metric of the report from the tidy series (columns series, partner, period,
    measure, value, status), as of `as_of`."""
    series = series[series.period <= as_of]
    world = recovery.monthly(series, MAGNETS, WORLD)
    ranges = {WORLD: recovery.monthly_range(series, MAGNETS, WORLD)}
    w_lo, w_hi = ranges[WORLD]["low"], ranges[WORLD]["high"]
    base = recovery.window_baseline(world, baseline_start, baseline_end, w_lo, w_hi)
    trough = recovery.trough(world, controls_month, as_of, base, w_lo, w_hi)
    if base.mean:
        rec = recovery.months_to_recover(world, base.mean, controls_month, as_of)
    else:
        rec = {"trough": None, "recovered": None, "months": None, "unknown_months": []}
    end = shortfall_end(rec["recovered"], as_of)
    destinations = {c: s for c in focus if len(s := recovery.monthly(series, MAGNETS, c))}
    ranges.update({c: recovery.monthly_range(series, MAGNETS, c) for c in destinations})
    return RecoveryMetrics(
        as_of=as_of,
        controls_month=controls_month,
        world=world,
        world_status=recovery.statuses(series, MAGNETS, WORLD),
        baseline=base,
        trough=trough,
        recovery=rec,
        shortfall_flat=recovery.shortfall_vs_flat(world, base, controls_month, end, w_lo, w_hi),
        shortfall_last_year=recovery.shortfall_vs_last_year(world, controls_month, end),
        ytd_pace=recovery.ytd_pace(series, MAGNETS, WORLD),
        destinations=destinations,
        destination_recovery=[
            replace(recovery.destination_recovery(c, s, baseline_start, baseline_end, controls_month,
                                                  ranges[c]["low"], ranges[c]["high"]),
                    months_known=len(s), months_reported=int((ranges[c]["status"] == "reported").sum()))
            for c, s in destinations.items()
        ],  # fmt: skip
        multiples=recovery.multiples_by_partner({WORLD: world, **destinations}),
        shares=recovery.destination_shares(series, list(destinations), MAGNETS),
        rare_earth_group=recovery.monthly(series, RARE_EARTHS, WORLD),
        ranges=ranges,
    )
