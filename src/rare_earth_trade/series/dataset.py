"""Everything the report reads, loaded once: ledger, resolved series, reconciliation, tables.

`Dataset(data_dir)` is cached by default: the first access to any of its frames loads the whole
validated, resolved dataset from the dataset cache (series/cache.py), or builds it and stores it
there, so each notebook kernel of a build reads one file instead of validating and resolving the
raw files again. `Dataset(data_dir, cache=False)` computes everything lazily, touching no cache.
`Dataset.load(data_dir, as_of)` is the loader kernels call: the dataset as of a month, primed.
The build primes the cache before any notebook runs (`Dataset.prime`).

Frames: `ledger` (every observation, validated; see ledger.observations), `resolved` (one value
per reported figure), `series` (reported and derived values with value_low/value_high),
`reconciliation`, `status` (monthly coverage), `misattributions`; `table(name)` for the other raw
tables, `release_calendar` and `freshness(report_date)`, `months()`, `truncated(as_of)`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pandas as pd

from ..errors import DataError
from ..ledger import attribution, tables
from ..ledger import observations as ledger
from ..ledger.importers import load_official
from ..paths import DATA_DIR, REFERENCE_DIR
from . import cache as cache_
from . import coverage, derive, reconcile, resolve
from . import freshness as freshness_

SERIES_COLUMNS = [
    "series", "period", "partner", "measure", "value", "value_low", "value_high", "unit", "status", "source_url", "n_sources",
    "conflict", "publisher", "origin", "outlet", "source_date", "corroborating", "conflict_detail", "derived_from",
]  # fmt: skip


# What a cache entry holds: the frames of a dataset, computed all at once.
CACHED = ["ledger", "resolved", "series", "reconciliation", "status", "misattributions", "release_calendar"]


@dataclass
class Dataset:
    """The data as of a month: observations of later months are dropped before anything else, so
    no resolution, derivation or check can use them."""

    data_dir: Path = DATA_DIR
    as_of: str | None = None
    cache: bool = field(default_factory=cache_.enabled)

    @classmethod
    def load(cls, data_dir: Path | str = DATA_DIR, as_of: str | None = None) -> Dataset:
        """The dataset (as of a month), from the dataset cache or built and stored there."""
        full = cls(Path(data_dir))
        return (full.truncated(as_of) if as_of else full).prime()

    @property
    def raw_dir(self) -> Path:
        return Path(self.data_dir) / "raw"

    @property
    def reference_dir(self) -> Path:
        """The data folder's reference/ when it has one (a copy of data/), else the project's."""
        own = Path(self.data_dir) / "reference"
        return own if (own / "partners.csv").is_file() else REFERENCE_DIR

    # --- the cache -------------------------------------------------------------------------
    def _restore(self) -> bool:
        """Fill this dataset's frames from the cache, or build them all and store them; once.

        False when the cache is off or the inputs do not validate (the frames are then computed
        one by one, so that validate_all can report every problem)."""
        if not self.cache:
            return False
        if "_restored" in self.__dict__:
            return self.__dict__["_restored"]
        self.__dict__["_restored"] = False
        key = cache_.dataset_key(self.raw_dir, self.reference_dir, self.as_of)
        entry = cache_.load(key)
        if entry is None:
            try:
                entry = self._build()
            except DataError:
                return False  # each frame computes (and reports) on its own
            cache_.store(key, entry)
        for name in CACHED:
            self.__dict__[name] = entry[name]
        self.__dict__["_tables"] = entry["tables"]
        self.__dict__["_restored"] = True
        return True

    def _build(self) -> dict:
        led = self._compute_ledger()
        resolved = resolve.resolve(led)
        series = derive.derive(resolved)
        source = self.__dict__.get("_parent")  # a view shares its parent's tables and calendar
        return {
            "ledger": led, "resolved": resolved, "series": series, "reconciliation": reconcile.reconcile(resolved),
            "status": coverage.monthly_status(series), "misattributions": attribution.misattributions(led),
            "release_calendar": source.release_calendar if source else freshness_.load_calendar(self.reference_dir),
            "tables": {name: source.table(name) if source else tables.load_table(name, self.raw_dir) for name in tables.SPECS},
        }  # fmt: skip

    def prime(self) -> Dataset:
        """Make sure every frame is computed (and, with the cache on, stored in it)."""
        if not self._restore():
            for name in CACHED:
                getattr(self, name)
        return self

    # --- frames ----------------------------------------------------------------------------
    def _compute_ledger(self) -> pd.DataFrame:
        parent = self.__dict__.get("_parent")
        if parent is not None:
            full = parent.ledger
        else:
            official = load_official(self.raw_dir / "official")
            full = ledger.load_ledger(self.raw_dir / "observations", extra=official, reference_dir=self.reference_dir)
        if self.as_of is None:
            return full
        return full[full["period"] <= self.as_of].reset_index(drop=True)

    @cached_property
    def ledger(self) -> pd.DataFrame:
        return self.__dict__["ledger"] if self._restore() else self._compute_ledger()

    @cached_property
    def resolved(self) -> pd.DataFrame:
        return self.__dict__["resolved"] if self._restore() else resolve.resolve(self.ledger)

    @cached_property
    def series(self) -> pd.DataFrame:
        """Reported and derived values, one per figure (status says which)."""
        return self.__dict__["series"] if self._restore() else derive.derive(self.resolved)

    @cached_property
    def reconciliation(self) -> pd.DataFrame:
        return self.__dict__["reconciliation"] if self._restore() else reconcile.reconcile(self.resolved)

    @cached_property
    def status(self) -> pd.DataFrame:
        return self.__dict__["status"] if self._restore() else coverage.monthly_status(self.series)

    @cached_property
    def release_calendar(self) -> freshness_.Calendar:
        """China customs' release calendar (data/reference/release_calendar.csv, sourced)."""
        return self.__dict__["release_calendar"] if self._restore() else freshness_.load_calendar(self.reference_dir)

    def freshness(self, report_date: str) -> freshness_.Freshness:
        """The latest month customs should have released by `report_date` and the monthly
        releases the ledger lacks (world magnet exports): `series.freshness.freshness`. A dataset
        as of a month asks the whole ledger it was cut from: what the ledger lacks does not depend
        on the month a report stops at."""
        full = self.__dict__.get("_parent", self)
        return freshness_.freshness(full.series, report_date, self.release_calendar)

    @cached_property
    def misattributions(self) -> pd.DataFrame:
        """Observations printed under the wrong series or measure (file, line, printed_as,
        belongs_to, period, partner, value, unit, source, ...): `ledger.attribution.misattributions`."""
        return self.__dict__["misattributions"] if self._restore() else attribution.misattributions(self.ledger)

    def truncated(self, as_of: str) -> Dataset:
        """The same data as of a month, reusing this ledger instead of reading the files again
        (or, with the cache, the cached dataset as of that month)."""
        view = Dataset(self.data_dir, as_of, cache=self.cache)
        view.__dict__["_parent"] = self
        return view

    def table(self, name: str) -> pd.DataFrame:
        """One of the other raw tables (ledger.tables.SPECS), validated."""
        if self._restore():
            return self.__dict__["_tables"][name].copy()
        loaded = self.__dict__.setdefault("_loaded_tables", {})
        if name not in loaded:
            loaded[name] = tables.load_table(name, self.raw_dir)
        return loaded[name].copy()

    def validate_all(self) -> None:
        """Load every raw file; one DataError listing the problems of all of them."""
        problems = []
        for load in [lambda: self.ledger, *[(lambda n=n: self.table(n)) for n in tables.SPECS], lambda: self.release_calendar]:
            try:
                load()
            except DataError as e:
                problems.extend(e.problems)
        problems.extend(self._evidence_problems())
        if problems:
            raise DataError(problems)

    def _evidence_problems(self) -> list:
        """The sector evidence's checks beyond its schema (date form, country codes, price dates):
        `ledger.evidence`, on the tables that passed their schema (the others' problems are listed)."""
        from ..ledger import evidence

        problems = []
        checks = {"sector_disruptions": lambda t: evidence.load_sector_disruptions(self.raw_dir, self.reference_dir, t),
                  "prices": lambda t: evidence.load_prices(self.raw_dir, t)}  # fmt: skip
        for name, check in checks.items():
            try:
                table = self.table(name)
            except DataError:
                continue  # its schema problems are listed already
            try:
                check(table)
            except DataError as e:
                problems.extend(e.problems)
        return problems

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
