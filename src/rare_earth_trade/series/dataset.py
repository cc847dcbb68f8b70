"""Everything the report reads, loaded once: ledger, resolved series, reconciliation, tables."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pandas as pd

from ..errors import DataError
from ..ledger import attribution, tables
from ..ledger import observations as ledger
from ..ledger.importers import load_official
from ..paths import DATA_DIR, REFERENCE_DIR
from . import coverage, derive, reconcile, resolve
from . import freshness as freshness_

SERIES_COLUMNS = [
    "series", "period", "partner", "measure", "value", "value_low", "value_high", "unit", "status", "source_url", "n_sources",
    "conflict", "publisher", "origin", "outlet", "source_date", "corroborating", "conflict_detail", "derived_from",
]  # fmt: skip


@dataclass
class Dataset:
    """The data as of a month: observations of later months are dropped before anything else, so
    no resolution, derivation or check can use them."""

    data_dir: Path = DATA_DIR
    as_of: str | None = None

    @property
    def raw_dir(self) -> Path:
        return Path(self.data_dir) / "raw"

    @property
    def reference_dir(self) -> Path:
        """The data folder's reference/ when it has one (a copy of data/), else the project's."""
        own = Path(self.data_dir) / "reference"
        return own if (own / "partners.csv").is_file() else REFERENCE_DIR

    @cached_property
    def ledger(self) -> pd.DataFrame:
        official = load_official(self.raw_dir / "official")
        full = ledger.load_ledger(self.raw_dir / "observations", extra=official, reference_dir=self.reference_dir)
        if self.as_of is None:
            return full
        return full[full["period"] <= self.as_of].reset_index(drop=True)

    @cached_property
    def resolved(self) -> pd.DataFrame:
        return resolve.resolve(self.ledger)

    @cached_property
    def series(self) -> pd.DataFrame:
        """Reported and derived values, one per figure (status says which)."""
        return derive.derive(self.resolved)

    @cached_property
    def reconciliation(self) -> pd.DataFrame:
        return reconcile.reconcile(self.resolved)

    @cached_property
    def status(self) -> pd.DataFrame:
        return coverage.monthly_status(self.series)

    @cached_property
    def release_calendar(self) -> freshness_.Calendar:
        """China customs' release calendar (data/reference/release_calendar.csv, sourced)."""
        return freshness_.load_calendar(self.reference_dir)

    def freshness(self, report_date: str) -> freshness_.Freshness:
        """The latest month customs should have released by `report_date` and the monthly
        releases this dataset lacks (world magnet exports): `series.freshness.freshness`."""
        return freshness_.freshness(self.series, report_date, self.release_calendar)

    @cached_property
    def misattributions(self) -> pd.DataFrame:
        """Observations printed under the wrong series or measure (file, line, printed_as,
        belongs_to, period, partner, value, unit, source, ...): `ledger.attribution.misattributions`."""
        return attribution.misattributions(self.ledger)

    def truncated(self, as_of: str) -> Dataset:
        """The same data as of a month, reusing this ledger instead of reading the files again."""
        view = Dataset(self.data_dir, as_of)
        view.__dict__["ledger"] = self.ledger[self.ledger["period"] <= as_of].reset_index(drop=True)
        return view

    def table(self, name: str) -> pd.DataFrame:
        return tables.load_table(name, self.raw_dir)

    def validate_all(self) -> None:
        """Load every raw file; one DataError listing the problems of all of them."""
        problems = []
        for load in [lambda: self.ledger, *[(lambda n=n: self.table(n)) for n in tables.SPECS], lambda: self.release_calendar]:
            try:
                load()
            except DataError as e:
                problems.extend(e.problems)
        if problems:
            raise DataError(problems)

    def months(self, series: str = "magnet_exports", partner: str = "WLD") -> list[str]:
        """Months with a known (reported or derived) tonnage."""
        s = self.series
        sel = s[(s.series == series) & (s.partner == partner) & (s.measure == "tonnes")]
        return sorted(sel["period"])

    def tidy(self) -> pd.DataFrame:
        out = self.series[SERIES_COLUMNS].copy()
        for column in ("value", "value_low", "value_high"):
            out[column] = out[column].round(3)
        return out

    def write_processed(self, path: Path | None = None) -> Path:
        path = Path(path or Path(self.data_dir) / "processed" / "series.csv")
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        self.tidy().to_csv(tmp, index=False, lineterminator="\n")
        tmp.replace(path)
        return path
