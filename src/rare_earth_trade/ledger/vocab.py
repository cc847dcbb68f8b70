"""The closed vocabularies of the ledger: series, measures, units, partners (origins and outlets: `sources`)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..paths import REFERENCE_DIR


@dataclass(frozen=True)
class Series:
    code: str
    label: str
    description: str
    # Plausible ceiling for one month's world tonnage; a "t" value above it is almost surely kg.
    monthly_ceiling_t: float


SERIES = {
    s.code: s
    for s in [
        Series(
            "magnet_exports",
            "Rare-earth permanent magnet exports",
            "China's exports of rare-earth permanent magnets, HS 8505.11 (China code 85051110)",
            50_000,
        ),
        Series(
            "permanent_magnet_exports_hs6",
            "Permanent magnet exports, all metals (HS 850511)",
            "China's exports of metal permanent magnets at the 6-digit HS level (UN Comtrade); wider "
            "than the rare-earth magnet code 85051110",
            60_000,
        ),
        Series(
            "rare_earth_exports",
            "Rare-earth exports (17-element group)",
            "China customs' 'rare earths' line: compounds and metals of the 17 elements, exports",
            100_000,
        ),
        Series(
            "rare_earth_products_exports",
            "Rare-earth products exports, magnets included (Bloomberg aggregate)",
            "Bloomberg's calculation of China's exports of 'rare-earth products including magnets': "
            "wider than the customs 'rare earths' line (17 elements) and than magnets alone",
            150_000,
        ),
        Series(
            "rare_earth_imports",
            "Rare-earth imports (17-element group)",
            "China customs' 'rare earths' line: compounds and metals of the 17 elements, imports",
            100_000,
        ),
    ]
}

# measure -> (allowed units, label)
MEASURES = {
    "tonnes": ({"t", "kg"}, "monthly tonnes"),
    "mom_pct": ({"%"}, "% change on the previous month"),
    "yoy_pct": ({"%"}, "% change on the same month a year earlier"),
    "ytd_tonnes": ({"t", "kg"}, "January-to-month cumulative tonnes"),
    "ytd_yoy_pct": ({"%"}, "% change of the year-to-date total on a year earlier"),
    "rank": ({"rank"}, "position in a reported list of top destinations that month (1 = largest)"),
}
LEVEL_MEASURES = {"tonnes", "ytd_tonnes"}
PCT_MEASURES = {"mom_pct", "yoy_pct", "ytd_yoy_pct"}
# A rank is neither a level nor a change: it is resolved like any figure, never derived from or into.
RANK_MEASURES = {"rank"}

# Percent changes below -100% are impossible for tonnages; above this they are implausible.
PCT_MAX = 100_000.0


@dataclass(frozen=True)
class Partner:
    code: str
    name: str
    name_zh: str
    kind: str


@cache
def partners(reference_dir: Path = REFERENCE_DIR) -> dict[str, Partner]:
    with open(Path(reference_dir) / "partners.csv", encoding="utf-8", newline="") as f:
        return {r["code"]: Partner(**r) for r in csv.DictReader(f)}


_NEEDS_THE = {"United States", "United Kingdom", "Netherlands", "Philippines", "European Union",
              "United Arab Emirates", "Czech Republic"}  # fmt: skip


def partner_name(code: str, in_sentence: bool = False) -> str:
    """'USA' -> 'United States' (or 'the United States' inside a sentence)."""
    p = partners().get(code)
    name = p.name if p else code
    return f"the {name}" if in_sentence and name in _NEEDS_THE else name
