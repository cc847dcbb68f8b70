"""What a notebook works with: the parameters, the data as of the month, and the metrics.

Notebooks build one `ReportContext` from their parameters cell and read everything from it, so
the three notebooks and the brief compute each number the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pandas as pd

from ..analysis import claims, recovery, sectors
from ..build.params import Parameters, coerce, validate_against_data
from ..ledger import vocab
from ..ledger.parsing import month_add
from ..paths import BUILD_DIR, DATA_DIR
from ..series.dataset import Dataset

CONTROLS_EVENT = "controls_2025_04"  # the April 2025 controls: where the collapse window starts
MAGNETS = "magnet_exports"


@dataclass
class DestinationRecovery:
    partner: str
    baseline: recovery.Baseline
    low_period: str | None
    low_value: float | None
    latest_period: str | None
    latest_value: float | None

    @property
    def latest_index(self) -> float | None:
        if self.baseline.mean and self.latest_value is not None:
            return self.latest_value / self.baseline.mean * 100
        return None


class ReportContext:
    def __init__(self, params: Parameters, notebook: str = "notebook", figure_dir: str | Path | None = None):
        self.params = params
        self.notebook = notebook
        self.figure_dir = Path(figure_dir) if figure_dir else BUILD_DIR / "interactive" / "figures"
        full = Dataset(Path(params.data_dir or DATA_DIR))
        validate_against_data(params, full.months(), set(vocab.partners()))
        self.data = full.truncated(params.as_of)

    @classmethod
    def from_notebook(cls, notebook: str, figure_dir: str | None = None, **values) -> ReportContext:
        """From a notebook's parameters cell: the same validation as the command line."""
        params = Parameters()
        for name, value in values.items():
            setattr(params, name, coerce(name, value))
        return cls(params, notebook, figure_dir)

    # --- data -------------------------------------------------------------------------------
    @property
    def as_of(self) -> str:
        return self.params.as_of

    @cached_property
    def series(self) -> pd.DataFrame:
        return self.data.series

    @cached_property
    def events(self) -> pd.DataFrame:
        ev = self.data.table("policy_events")
        return ev[ev["date"].str[:7] <= self.as_of].reset_index(drop=True)

    @cached_property
    def controls_month(self) -> str:
        ev = self.data.table("policy_events")
        rows = ev[ev.event_id == CONTROLS_EVENT].sort_values("date")
        return rows.iloc[0]["date"][:7]

    @cached_property
    def world(self) -> pd.Series:
        return recovery.monthly(self.series, MAGNETS, "WLD")

    @cached_property
    def world_status(self) -> pd.Series:
        return recovery.statuses(self.series, MAGNETS, "WLD")

    def destination(self, partner: str) -> pd.Series:
        return recovery.monthly(self.series, MAGNETS, partner)

    @cached_property
    def destinations_with_data(self) -> list[str]:
        return [c for c in self.params.focus if len(self.destination(c)) > 0]

    # --- recovery ---------------------------------------------------------------------------
    @cached_property
    def baseline(self) -> recovery.Baseline:
        return recovery.window_baseline(self.world, self.params.baseline_start, self.params.baseline_end)

    @cached_property
    def trough(self) -> recovery.Trough | None:
        return recovery.trough(self.world, self.controls_month, self.as_of, self.baseline)

    @cached_property
    def recovery(self) -> dict:
        if not self.baseline.mean:
            return {"trough": None, "recovered": None, "months": None, "unknown_months": []}
        return recovery.months_to_recover(self.world, self.baseline.mean, self.controls_month, self.as_of)

    @cached_property
    def shortfall_end(self) -> str:
        """The disruption window ends the month before recovery, or at the as-of month."""
        rec = self.recovery.get("recovered")
        return month_add(rec, -1) if rec else self.as_of

    @cached_property
    def shortfall_flat(self) -> recovery.Shortfall:
        return recovery.shortfall_vs_flat(self.world, self.baseline, self.controls_month, self.shortfall_end)

    @cached_property
    def shortfall_last_year(self) -> recovery.Shortfall:
        return recovery.shortfall_vs_last_year(self.world, self.controls_month, self.shortfall_end)

    @cached_property
    def ytd_pace(self) -> pd.DataFrame:
        return recovery.ytd_pace(self.series, MAGNETS, "WLD")

    @cached_property
    def multiples(self) -> pd.DataFrame:
        rows = []
        for c in ["WLD", *self.destinations_with_data]:
            for p, m in recovery.month_on_month_multiples(self.destination(c)).items():
                rows.append({"partner": c, "period": p, "multiple": m})
        return pd.DataFrame(rows, columns=["partner", "period", "multiple"])

    @cached_property
    def destination_recovery(self) -> list[DestinationRecovery]:
        out = []
        for c in self.destinations_with_data:
            s = self.destination(c)
            base = recovery.window_baseline(s, self.params.baseline_start, self.params.baseline_end)
            after = s[s.index >= self.controls_month]
            low_p = str(after.idxmin()) if len(after) else None
            out.append(DestinationRecovery(
                c, base, low_p, float(after.min()) if len(after) else None,
                str(s.index[-1]) if len(s) else None, float(s.iloc[-1]) if len(s) else None,
            ))  # fmt: skip
        return out

    @cached_property
    def shares(self) -> pd.DataFrame:
        return recovery.destination_shares(self.series, self.destinations_with_data, MAGNETS)

    @cached_property
    def rare_earth_group(self) -> pd.Series:
        return recovery.monthly(self.series, "rare_earth_exports", "WLD")

    # --- claims and sectors -----------------------------------------------------------------
    @cached_property
    def tables(self) -> dict[str, pd.DataFrame]:
        names = ["china_supply_shares", "sector_parameters", "tariff_rates", "article_claims", "article_sectors"]
        return {n: self.data.table(n) for n in names}

    @cached_property
    def claims(self) -> pd.DataFrame:
        return claims.check_claims(self.tables["article_claims"], self.series, self.tables)

    @cached_property
    def scenario(self) -> sectors.Scenario | None:
        if not self.baseline.mean:
            return None
        if self.params.scenario_depth_pct is not None:
            depth, source = self.params.scenario_depth_pct, "set by the scenario_depth_pct parameter"
        elif self.trough and self.trough.vs_baseline_pct is not None:
            depth, source = self.trough.vs_baseline_pct, f"the observed trough ({self.trough.period})"
        else:
            return None
        return sectors.reimposed_controls(self.params.scenario_months, depth, self.baseline.mean, source)
