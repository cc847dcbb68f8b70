"""Freshness: which months China customs should have published by a date, and which the ledger lacks.

The release calendar is a small sourced reference table, data/reference/release_calendar.csv
(rule, value, source_url, source_date, origin, outlet, quote, note):
- `release_day`: the monthly figures (magnets by destination among them) come out around this day
  of the following month (20: May's on 20 June);
- `combined_months`: months released together, with the last of them (`01-02`: January and
  February come out together, in March).

`freshness(series, report_date)` compares the latest month that should be out by `report_date`
with the last month the series has, and lists the monthly releases in between.
`Freshness.summary()` is the paragraph `make data` prints; `freshness_sentence(f)` the sentence a
report shows under its as-of line, and `freshness_sentence(f, short=True)` the short form (an index).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd

from ..ledger.parsing import month_add, month_range
from ..ledger.sources import cite_all
from ..ledger.tables import load_reference_table
from ..paths import REFERENCE_DIR

MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
               "October", "November", "December"]  # fmt: skip
UPDATE_PATH = ("drop China customs' query-platform export into data/raw/official/gacc/ (or add sourced press rows "
               "under data/raw/observations/), then run make data")  # fmt: skip


@dataclass(frozen=True)
class Calendar:
    release_day: int = 20
    combined: tuple[int, ...] = (1, 2)
    sources: tuple[str, ...] = ()

    def release(self, month: str) -> date:
        """When a month's figures come out: around `release_day` of the month after (the month
        after the last of a combined group)."""
        m = int(month[5:7])
        if m in self.combined:
            month = f"{month[:4]}-{max(self.combined):02d}"
        nxt = month_add(month, 1)
        return date(int(nxt[:4]), int(nxt[5:7]), self.release_day)


def load_calendar(reference_dir: Path = REFERENCE_DIR) -> Calendar:
    """The calendar of `reference_dir` (the project's when that folder has none)."""
    if not (Path(reference_dir) / "release_calendar.csv").is_file():
        reference_dir = REFERENCE_DIR
    table = load_reference_table("release_calendar", reference_dir)
    days = table.loc[table["rule"] == "release_day", "value"].astype(int)
    combined = table.loc[table["rule"] == "combined_months", "value"]
    return Calendar(
        release_day=int(days.median()) if len(days) else 20,
        combined=tuple(int(m) for m in combined.iloc[0].split("-")) if len(combined) else (),
        sources=tuple(cite_all(table["origin"], table["outlet"], table["source_date"])),
    )


@dataclass(frozen=True)
class Freshness:
    report_date: str
    latest_expected: str  # the latest month whose figures should be out by report_date
    last_in_ledger: str | None  # the last month the series has
    lacking_months: list[str] = field(default_factory=list)
    lacking_releases: int = 0  # January and February together count once
    calendar: Calendar = field(default_factory=Calendar)

    @property
    def up_to_date(self) -> bool:
        return not self.lacking_months

    def summary(self) -> str:
        when = _long_date(self.report_date)
        rule = (f"monthly figures come out around the {self.calendar.release_day}th of the following month"
                + ("; January and February together, in March" if self.calendar.combined == (1, 2) else ""))
        head = f"As of {when}, China customs should have published monthly data through {_long_month(self.latest_expected)} ({rule})."
        if self.last_in_ledger is None:
            return f"{head} The ledger has no such figures; to add them, {UPDATE_PATH}."
        if self.up_to_date:
            return f"{head} The ledger is up to date (its last month is {_long_month(self.last_in_ledger)})."
        span = _long_month(self.lacking_months[0]) if len(self.lacking_months) == 1 else (
            f"{_long_month(self.lacking_months[0])} to {_long_month(self.lacking_months[-1])}")
        releases = f"{self.lacking_releases} monthly release{'s' if self.lacking_releases != 1 else ''}"
        return (f"{head} The ledger ends {_long_month(self.last_in_ledger)}: it lacks {releases} ({span}, "
                f"{len(self.lacking_months)} month{'s' if len(self.lacking_months) != 1 else ''}). To add them, {UPDATE_PATH}.")


def freshness_sentence(f: Freshness, short: bool = False) -> str:
    """What the report cannot show yet, in one sentence: the latest month China customs would have
    released by the report date, how many monthly releases the ledger lacks, and how to add them.

    Long form (under a report's as-of line): "By 29 November 2026 China customs would have released
    its monthly figures through October 2026; the ledger ends in March 2026 and lacks 7 monthly
    releases (April to October 2026). To add them, ...". Short form (an index line): "Customs
    figures through October 2026 are due; the ledger lacks 7 monthly releases."
    """
    latest = _long_month(f.latest_expected)
    lacking = f"{f.lacking_releases} monthly release{'s' if f.lacking_releases != 1 else ''}"
    if short:
        if f.last_in_ledger is None:
            return f"Customs figures through {latest} are due; the ledger has none."
        if f.up_to_date:
            return f"Customs figures through {latest} are due; the ledger holds them all."
        return f"Customs figures through {latest} are due; the ledger lacks {lacking}."
    head = f"By {_long_date(f.report_date)} China customs would have released its monthly figures through {latest}"
    if f.last_in_ledger is None:
        return f"{head}; the ledger holds none of them. To add them, {UPDATE_PATH} (the monthly update, README)."
    if f.up_to_date:
        return f"{head}; the ledger holds every month through {latest}."
    months = f.lacking_months
    span = _long_month(months[0]) if len(months) == 1 else f"{_long_month(months[0])} to {_long_month(months[-1])}"
    return (f"{head}; the ledger ends in {_long_month(f.last_in_ledger)} and lacks {lacking} ({span}). "
            f"To add them, {UPDATE_PATH} (the monthly update, README).")


def latest_expected_month(report_date: str | date, calendar: Calendar | None = None) -> str:
    """The latest month whose figures should be out by `report_date`."""
    calendar = calendar or Calendar()
    day = report_date if isinstance(report_date, date) else date.fromisoformat(str(report_date))
    month = f"{day.year:04d}-{day.month:02d}"
    for back in range(1, 4):
        candidate = month_add(month, -back)
        if calendar.release(candidate) <= day:
            return candidate
    return month_add(month, -4)  # not reached with a release day of 28 or less


def freshness(series: pd.DataFrame, report_date: str | date, calendar: Calendar | None = None,
              series_code: str = "magnet_exports", partner: str = "WLD") -> Freshness:
    """Latest month China customs should have released by `report_date`, and the months (and
    releases) the series lacks after its last month. `series` is a resolved series frame
    (`Dataset.series`); the month's tonnage of `series_code` for `partner` counts."""  # fmt: skip
    calendar = calendar or load_calendar()
    report = report_date if isinstance(report_date, date) else date.fromisoformat(str(report_date))
    latest = latest_expected_month(report, calendar)
    have = series[(series["series"] == series_code) & (series["partner"] == partner) & (series["measure"] == "tonnes")]
    last = max(have["period"]) if len(have) else None
    lacking = month_range(month_add(last, 1), latest) if last else []
    releases = len({calendar.release(m) for m in lacking})
    return Freshness(report.isoformat(), latest, last, lacking, releases, calendar)


def _long_month(period: str) -> str:
    return f"{MONTH_NAMES[int(period[5:7]) - 1]} {period[:4]}"


def _long_date(text: str) -> str:
    d = date.fromisoformat(text)
    return f"{d.day} {MONTH_NAMES[d.month - 1]} {d.year}"
