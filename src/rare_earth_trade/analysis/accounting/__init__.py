"""Recovery accounting: how much of the supply lost after the controls came back, and when.

Everything here is a pure function of plain inputs, so it can be tested on small hand-made series.
The input is a *monthly frame*: indexed by 'YYYY-MM' period, columns ``value``, ``low``, ``high``
(tonnes, low <= value <= high) and optionally ``status`` ('reported' / 'derived'). A month without
data is absent, never zero. :func:`monthly_frame` builds one from the resolved series table.

The modules, in the order of the reasoning:

* :mod:`.monthly`: the input frame and the defaults (controls month, baseline window);
* :mod:`.counterfactuals`: what exports would have been without the controls (``flat``,
  ``last_year``, ``trend``), each with an interval;
* :mod:`.gaps`: the cumulative gap against each, the share of the trough-period shortfall made up
  and the month the gap closed (:class:`Recouped`), and the same for a destination;
* :mod:`.years`: the calendar-year and year-to-date comparisons, with their basis;
* :mod:`.sentences`: what the reports say (sentence, tables, method lines);
* :mod:`.accounts`: all of it for one as-of month from the series table, in one call.

Typical use (what the notebooks and briefs do)::

    actual = monthly_frame(dataset.series)                     # world magnet exports, tonnes
    results = recovery_accounts(actual, as_of="2026-03")      # one Recouped per counterfactual
    summary_table(results)                                     # counterfactuals side by side
    cumulative_gaps_wide(results)                              # figure data: one column per counterfactual
    recovery_sentence(results)                                 # the brief's sentence
    year_comparisons(actual, monthly_frame(dataset.series, measure="ytd_tonnes"), "2026-03")
    destination_accounts(monthly_frame(dataset.series, partner="USA"), "USA", "2026-03")
    recovery_accounting(dataset.series, as_of=..., controls_month=..., baseline_start=..., ...)
"""

from .accounts import Accounting, recovery_accounting
from .counterfactuals import LABELS, TREND_METHODS, Counterfactual, annualised, counterfactuals, flat, last_year, trend
from .gaps import (
    DestinationAccount,
    GapAccount,
    Recouped,
    cumulative_gap,
    cumulative_gaps,
    cumulative_gaps_wide,
    destination_accounts,
    recouped,
    recovery_accounts,
    summary,
)
from .monthly import BASELINE_END, BASELINE_START, CONTROLS, MIN_MONTHS, as_monthly, monthly_frame
from .sentences import (
    approx_tonnes,
    destination_table,
    destinations_sentence,
    method_lines,
    month_name,
    months_text,
    recovery_sentence,
    summary_table,
    year_sentence,
)
from .years import SpanTotal, YearComparison, calendar_year, compare_year_to_date, span_total, year_comparisons

__all__ = [
    "BASELINE_END", "BASELINE_START", "CONTROLS", "LABELS", "MIN_MONTHS", "TREND_METHODS",
    "Accounting", "Counterfactual", "DestinationAccount", "GapAccount", "Recouped", "SpanTotal", "YearComparison",
    "annualised", "approx_tonnes", "as_monthly", "calendar_year", "compare_year_to_date", "counterfactuals",
    "cumulative_gap", "cumulative_gaps", "cumulative_gaps_wide", "destination_accounts", "destination_table",
    "destinations_sentence", "flat", "last_year", "method_lines", "month_name", "monthly_frame", "months_text",
    "recouped", "recovery_accounting", "recovery_accounts", "recovery_sentence", "span_total", "summary",
    "summary_table", "trend", "year_comparisons", "year_sentence",
]  # fmt: skip
