"""The whole accounting of one as-of month from the resolved series table, in one call.

:func:`recovery_accounting` is to this package what ``metrics.recovery_metrics`` is to the recovery
metrics: explicit inputs (the series table, the as-of month, the controls month, the baseline
window and the destinations), a frozen result that the notebooks, charts and sentences read.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from .gaps import DestinationAccount, Recouped, destination_accounts, recovery_accounts
from .monthly import MIN_MONTHS, monthly_frame
from .years import YearComparison, year_comparisons

MAGNETS, WORLD = "magnet_exports", "WLD"


@dataclass(frozen=True)
class Accounting:
    as_of: str
    controls_month: str
    results: dict[str, Recouped]  # world exports, one per counterfactual (flat, last_year, trend)
    years: dict[str, YearComparison | None]  # see years.year_comparisons
    destinations: list[DestinationAccount]  # in the order asked for


def recovery_accounting(series: pd.DataFrame, *, as_of: str, controls_month: str, baseline_start: str,
                        baseline_end: str, partners: Sequence[str] = ("USA",), min_months: int = MIN_MONTHS,
                        trend_method: str = "year_on_year") -> Accounting:
    """World magnet exports against each counterfactual, the calendar-year and year-to-date
    comparisons, and each of ``partners`` (duplicates dropped) against its own baseline."""
    series = series[series.period <= as_of]
    window = dict(controls=controls_month, baseline_start=baseline_start, baseline_end=baseline_end,
                  trend_method=trend_method)  # fmt: skip
    world = monthly_frame(series, MAGNETS, WORLD)
    years = year_comparisons(world, monthly_frame(series, MAGNETS, WORLD, "ytd_tonnes"), as_of,
                             monthly_frame(series, MAGNETS, WORLD, "ytd_yoy_pct"))  # fmt: skip
    destinations = [destination_accounts(monthly_frame(series, MAGNETS, p), p, as_of, min_months, **window)
                    for p in dict.fromkeys(partners)]  # fmt: skip
    return Accounting(as_of, controls_month, recovery_accounts(world, as_of, **window), years, destinations)
