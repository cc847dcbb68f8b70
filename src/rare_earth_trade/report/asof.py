"""The data as of one month, loaded once: validated parameters plus the dataset truncated to the month.

`load_as_of` is the only place a notebook reads data. It validates the parameters against the data
(the same rules as the command line) and returns an `AsOf`: the completed parameters and read-only
views of the ledger, the resolved series, the policy events and the tables, nothing later than the
as-of month. Metrics are computed from these frames by `analysis` functions, outside this object.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path

import pandas as pd

from ..analysis.metrics import CONTROLS_EVENT, RecoveryMetrics, recovery_metrics
from ..analysis.recovery import controls_month
from ..build.params import Parameters, validate_against_data
from ..ledger import evidence, vocab
from ..paths import DATA_DIR
from ..series.dataset import Dataset
from ..series.freshness import Freshness

TABLES = ("china_supply_shares", "sector_parameters", "tariff_rates", "article_claims", "article_sectors")


@dataclass(frozen=True)
class AsOf:
    params: Parameters  # validated; as_of and report_date filled in
    data: Dataset  # truncated to params.as_of

    @property
    def as_of(self) -> str:
        return self.params.as_of

    @property
    def data_dir(self) -> Path:
        return Path(self.params.data_dir)

    @property
    def series(self) -> pd.DataFrame:
        """Resolved figures, one per series, partner, month and measure (status: reported or derived)."""
        return self.data.series

    @property
    def ledger(self) -> pd.DataFrame:
        """Every observation as its source reported it."""
        return self.data.ledger

    @property
    def reconciliation(self) -> pd.DataFrame:
        return self.data.reconciliation

    @property
    def status(self) -> pd.DataFrame:
        return self.data.status

    @property
    def misattributions(self) -> pd.DataFrame:
        """Observations printed under the wrong series or measure (`Dataset.misattributions`)."""
        return self.data.misattributions

    @cached_property
    def all_events(self) -> pd.DataFrame:
        return self.data.table("policy_events")

    @cached_property
    def events(self) -> pd.DataFrame:
        """Policy events up to the as-of month."""
        ev = self.all_events
        return ev[ev["date"].str[:7] <= self.as_of].reset_index(drop=True)

    @cached_property
    def controls_month(self) -> str:
        return controls_month(self.all_events, CONTROLS_EVENT)

    @cached_property
    def tables(self) -> dict[str, pd.DataFrame]:
        """The sourced reference tables (supply shares, sector parameters, tariffs, the article's claims)."""
        return {name: self.data.table(name) for name in TABLES}

    def freshness(self) -> Freshness:
        """By the report date: the latest month customs would have released and the monthly releases
        the ledger lacks (`series.freshness`); `freshness_sentence` says it."""
        return self.data.freshness(self.params.report_date)

    @cached_property
    def disruptions(self) -> pd.DataFrame:
        """Reported sector events (data/raw/sector_disruptions*.csv, `ledger.evidence`) dated up to
        the as-of month."""
        frame = evidence.load_sector_disruptions(self.data.raw_dir, self.data.reference_dir,
                                                 self.data.table("sector_disruptions"))  # fmt: skip
        return frame[frame["month"] <= self.as_of].reset_index(drop=True)

    @cached_property
    def prices(self) -> pd.DataFrame:
        """Pr-Nd price observations (data/raw/prices*.csv, one unit per currency) dated up to the
        as-of month."""
        frame = evidence.load_prices(self.data.raw_dir, self.data.table("prices"))
        return frame[frame["month"] <= self.as_of].reset_index(drop=True)


def load_as_of(params: Parameters) -> AsOf:
    """Validate `params` against the data and return the data as of the month."""
    data_dir = Path(params.data_dir or DATA_DIR)
    full = Dataset(data_dir)
    checked = validate_against_data(params, full.months(), set(vocab.partners()))
    return AsOf(replace(checked, data_dir=str(data_dir)), full.truncated(checked.as_of))


def metrics(data: AsOf) -> RecoveryMetrics:
    """The recovery metrics (`analysis.metrics.recovery_metrics`) for the parameters of `data`:
    as-of month, baseline window and focus destinations."""
    p = data.params
    return recovery_metrics(data.series, as_of=p.as_of, controls_month=data.controls_month,
                            baseline_start=p.baseline_start, baseline_end=p.baseline_end, focus=p.focus)  # fmt: skip
