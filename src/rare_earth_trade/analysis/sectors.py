"""Tonnes of magnets in sector terms, with the ranges and caveats the evidence carries.

Sources are named the project's one way (`ledger.sources`): `origin` (who produced the figure) in
short mentions, `cite` ("Origin, 12 Mar 2024 (read at Outlet)") where a table lists its sources.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..errors import DataError, Problem
from ..ledger.sources import cite
from .recovery import Trough


@dataclass(frozen=True)
class Translation:
    sector: str
    parameter: str
    unit: str  # the unit the parameter must be recorded in
    kg_per_unit_factor: float  # multiply the parameter by this to get kg of magnet per unit
    per: str  # what one unit is, for sentences ("EV traction motor")
    per_plural: str


# Only magnet-mass parameters translate magnet tonnes; rare-earth-content figures do not.
TRANSLATIONS = [
    Translation(
        "EVs", "ndfeb_per_ev_motor_kg", "kg NdFeB per EV motor", 1.0, "EV traction motor", "EV traction motors"
    ),
    Translation(
        "Wind", "magnet_per_mw_direct_drive", "t per MW", 1000.0, "MW of direct-drive wind", "MW of direct-drive wind"
    ),
    Translation(
        "Robotics", "ndfeb_per_humanoid_robot_kg", "kg NdFeB per robot", 1.0, "humanoid robot", "humanoid robots"
    ),
]


def equivalents(tonnes: float, params: pd.DataFrame) -> pd.DataFrame:
    """How many units of each sector's product `tonnes` of magnets would serve, low to high.

    The low count uses the highest content per unit, the high count the lowest.
    """
    rows = []
    for t in TRANSLATIONS:
        sel = params[(params.parameter == t.parameter) & (params.basis == "magnet mass")]
        if sel.empty:
            continue
        wrong = sel[sel.unit != t.unit]
        if not wrong.empty:
            r = wrong.iloc[0]
            raise DataError(
                [Problem(r.file, int(r.line), "unit", r.unit, f"parameter {t.parameter} must be in {t.unit!r}")]
            )
        kg_low, kg_high = sel["low"].min() * t.kg_per_unit_factor, sel["high"].max() * t.kg_per_unit_factor
        rows.append(
            {
                "sector": t.sector,
                "per": t.per,
                "per_plural": t.per_plural,
                "kg_per_unit_low": kg_low,
                "kg_per_unit_high": kg_high,
                "units_low": tonnes * 1000 / kg_high,
                "units_high": tonnes * 1000 / kg_low,
                "contested": bool((sel.contested == "yes").any()),
                "sources": "; ".join(sorted(set(_citations(sel)))),
                "note": " ".join(sorted(set(n for n in sel.note if isinstance(n, str) and n))),
            }
        )
    return pd.DataFrame(rows)


def _citations(rows: pd.DataFrame) -> list[str]:
    """Each row's citation ("Origin, 12 Mar 2024 (read at Outlet)")."""
    return [cite(r) for r in rows.to_dict("records")]


def demand_shares(params: pd.DataFrame) -> pd.DataFrame:
    """End-use shares of demand with their basis: shares on different bases are not comparable.

    `origin` is who produced the figure, `source` its citation."""
    sel = params[params.parameter.str.startswith("demand_share_")]
    out = sel[["sector", "basis", "low", "high", "unit", "year", "origin", "source_url", "note"]].reset_index(drop=True)
    out.insert(7, "source", _citations(sel))
    return out


def defence_evidence(params: pd.DataFrame) -> pd.DataFrame:
    """Rare-earth content of defence platforms: contested figures, shown with the contest.

    `origin` is who produced the figure, `source` its citation."""
    sel = params[params.sector.str.startswith("Defence")]
    out = sel[["sector", "basis", "low", "high", "unit", "year", "contested", "origin", "note", "source_url"]].reset_index(drop=True)
    out.insert(8, "source", _citations(sel))
    return out


@dataclass(frozen=True)
class Scenario:
    months: int
    depth_pct: float  # monthly exports this far below the baseline (negative)
    baseline_t: float
    lost_t: float
    depth_source: str
    depth_period: str | None = None  # the worst month observed, when the depth is its depth


def reimposed_controls(months: int, depth_pct: float, baseline_t: float, depth_source: str,
                       depth_period: str | None = None) -> Scenario:
    """Controls return for `months` months: exports `depth_pct` below baseline each month."""
    lost = months * baseline_t * (-depth_pct) / 100.0
    return Scenario(months, depth_pct, baseline_t, lost, depth_source, depth_period)


def scenario(months: int, baseline_t: float | None, trough: Trough | None, depth_pct: float | None) -> Scenario | None:
    """The reimposed-controls scenario: `depth_pct` below baseline if given, else the observed trough's depth."""
    if not baseline_t:
        return None
    if depth_pct is not None:
        return reimposed_controls(months, depth_pct, baseline_t, "set by the scenario_depth_pct parameter")
    if trough is not None and trough.vs_baseline_pct is not None:
        return reimposed_controls(months, trough.vs_baseline_pct, baseline_t, f"the observed trough ({trough.period})",
                                  trough.period)  # fmt: skip
    return None


# The article's sectors and the parameter sectors (prefixes) that hold evidence for each.
ARTICLE_SECTOR_EVIDENCE = {
    "Automotive (EVs)": ("EVs", "Hybrids", "Conventional cars", "NEVs"),
    "Consumer Electronics": ("Consumer electronics", "Inverter air conditioners"),
    "Renewable Energy": ("Wind",),
    "Defense/Aerospace": ("Defence",),
    "Industrial/Medical": ("Humanoid robots", "Robotics"),
}


def evidence_for_article_sector(sector: str, params: pd.DataFrame, limit: int = 4) -> str:
    prefixes = ARTICLE_SECTOR_EVIDENCE.get(sector, ())
    sel = params[params.sector.str.startswith(prefixes)] if prefixes else params.iloc[0:0]
    if sel.empty:
        return "no sourced parameter in our data"
    items = []
    for r in sel.drop_duplicates(["parameter", "sector"]).head(limit).itertuples():
        rng = f"{r.low:g}" if r.low == r.high else f"{r.low:g}-{r.high:g}"
        flag = ", contested" if r.contested == "yes" else ""
        items.append(f"{r.sector}: {rng} {r.unit} ({r.basis}; {r.origin}{flag})")
    more = len(sel) - len(items)
    return "; ".join(items) + (f"; and {more} more row{'s' if more != 1 else ''}" if more > 0 else "")
