"""Scenario: the export shortfall shared over end uses by sourced demand shares.

This is an illustration, not an estimate of who lost what: it assumes the missing tonnes would have
gone to each end use in proportion to that use's share of world magnet demand.

Rules:

- One basis at a time. The shortfall is a tonnage of magnets, so the default basis is `magnet
  mass` (shares of NdFeB magnet demand by weight). Shares of magnet rare-earth content (IEA) or of
  all rare-earth demand are another basis: they are listed by `unused_shares`, never mixed in.
- Per share parameter, the latest year that is not a projection (a share dated after the year its
  source was published is a projection) is used; several sources for that year give a range.
- Shares that are not end uses of magnets or that overlap another share are left out, with the
  reason (EXCLUDED_SHARES).
- Whatever the sourced shares do not cover is one row, "other uses (no sourced share)".
- Units: where an end use has a magnet-mass-per-unit parameter (sectors.TRANSLATIONS), its tonnes
  are turned into a unit range with `sectors.equivalents`, beside the "if all of the shortfall went
  to this one use" range that the report showed before.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..errors import DataError, Problem
from .sectors import equivalents


@dataclass(frozen=True)
class ShareUse:
    label: str  # the end use, for tables and sentences
    sector: str | None  # our sector code (ledger.evidence.SECTORS)
    translation: str | None = None  # a sectors.TRANSLATIONS sector turning its tonnes into units
    caveat: str = ""


SHARE_USES = {
    "demand_share_nev_pct": ShareUse(
        "new-energy vehicles", "automotive", "EVs",
        "the share counts all NdFeB in the vehicles, not only traction motors: the motor count is an upper bound",
    ),
    "demand_share_ev_motors_pct": ShareUse("EV traction motors", "automotive", "EVs"),
    "demand_share_consumer_electronics_pct": ShareUse("consumer electronics", "consumer_electronics"),
}  # fmt: skip
EXCLUDED_SHARES = {
    "demand_share_magnets_of_total_ree_pct": "the magnets' share of all rare-earth demand, not an end use of magnets",
    "demand_share_clean_energy_pct": "EV motors and wind turbines together: it overlaps the EV-motor share",
}
OTHER = "other uses (no sourced share)"


def shares(params: pd.DataFrame, basis: str = "magnet mass") -> pd.DataFrame:
    """The demand shares used on one basis: one row per share parameter, latest observed year."""
    sel = _candidates(params)
    sel = sel[(sel["basis"] == basis) & ~sel["parameter"].isin(list(EXCLUDED_SHARES)) & ~sel["projection"]]
    rows = []
    for parameter, g in sel.groupby("parameter", sort=False):
        latest = g[g["year_num"] == g["year_num"].max()] if g["year_num"].notna().any() else g
        bad = latest[~latest["unit"].astype(str).str.startswith("%")]
        if not bad.empty:
            r = bad.iloc[0]
            raise DataError([Problem(r.get("file", "sector_parameters"), _line(r), "unit", r["unit"], "a demand share must be in %")])
        use = SHARE_USES.get(parameter, ShareUse(str(latest["sector"].iloc[0]), None))
        rows.append({
            "parameter": parameter, "use": use.label, "sector": use.sector, "translation": use.translation,
            "basis": basis, "share_low": float(latest["low"].min()), "share_high": float(latest["high"].max()),
            "year": latest["year"].iloc[0], "source": "; ".join(sorted(set(_source(r) for _, r in latest.iterrows()))),
            "source_url": latest["source_url"].iloc[0], "caveat": use.caveat,
        })  # fmt: skip
    out = pd.DataFrame(rows, columns=["parameter", "use", "sector", "translation", "basis", "share_low", "share_high",
                                      "year", "source", "source_url", "caveat"])  # fmt: skip
    if out["share_low"].sum() > 100:
        raise DataError([Problem("sector_parameters", None, "low", float(out["share_low"].sum()),
                                 f"demand shares on the '{basis}' basis add up to more than 100%: they overlap")])  # fmt: skip
    return out


def unused_shares(params: pd.DataFrame, basis: str = "magnet mass") -> pd.DataFrame:
    """Demand-share rows not used on this basis, and why (other basis, projection, overlap, superseded)."""
    sel = _candidates(params)
    used = shares(params, basis)
    why = []
    for _, r in sel.iterrows():
        if r["basis"] != basis:
            why.append(f"basis is {r['basis']}, not {basis}")
        elif r["parameter"] in EXCLUDED_SHARES:
            why.append(EXCLUDED_SHARES[r["parameter"]])
        elif r["projection"]:
            why.append(f"projection for {r['year']}")
        elif r["parameter"] in set(used["parameter"]) and str(r["year"]) != str(used.set_index("parameter").loc[r["parameter"], "year"]):
            why.append("an earlier year of a share used")
        else:
            why.append("")
    sel = sel.assign(why=why)
    sel = sel[sel["why"] != ""]
    return sel[["parameter", "sector", "basis", "low", "high", "unit", "year", "why"]].reset_index(drop=True)


def allocate(shortfall_t: float, params: pd.DataFrame, basis: str = "magnet mass") -> pd.DataFrame:
    """Scenario: `shortfall_t` tonnes shared over end uses by their demand shares on one basis.

    One row per end use with a sourced share, then the uncovered remainder: share and tonnes (low,
    high), and for uses with a magnet-mass-per-unit parameter the unit range of those tonnes
    (`units_low`-`units_high`) beside the range if all of the shortfall went to that use
    (`all_units_low`-`all_units_high`). Units are given on the magnet-mass basis only.
    """
    s = shares(params, basis)
    out = s.assign(tonnes_low=shortfall_t * s["share_low"] / 100, tonnes_high=shortfall_t * s["share_high"] / 100)
    other_low, other_high = max(0.0, 100 - s["share_high"].sum()), 100 - s["share_low"].sum()
    if other_high > 0:
        other = {"parameter": "", "use": OTHER, "sector": None, "translation": None, "basis": basis,
                 "share_low": other_low, "share_high": other_high, "year": "", "source": "", "source_url": "",
                 "caveat": "", "tonnes_low": shortfall_t * other_low / 100, "tonnes_high": shortfall_t * other_high / 100}  # fmt: skip
        out = pd.concat([out, pd.DataFrame([other])], ignore_index=True)
    out["per_plural"], out["contested"] = "", False
    for c in ("units_low", "units_high", "all_units_low", "all_units_high"):
        out[c] = float("nan")
    if basis == "magnet mass":
        everything = equivalents(shortfall_t, params)
        for i, r in out.iterrows():
            if not r["translation"]:
                continue
            lo = _equivalent(equivalents(r["tonnes_low"], params), r["translation"])
            hi = _equivalent(equivalents(r["tonnes_high"], params), r["translation"])
            full = _equivalent(everything, r["translation"])
            if lo is None or hi is None or full is None:
                continue
            out.loc[i, ["per_plural", "units_low", "units_high", "all_units_low", "all_units_high", "contested"]] = [
                full["per_plural"], lo["units_low"], hi["units_high"], full["units_low"], full["units_high"], full["contested"]]  # fmt: skip
    out.insert(0, "shortfall_t", shortfall_t)
    return out


def allocation_sentence(alloc: pd.DataFrame) -> str:
    """The scenario in plain text, labelled as a scenario, from the `allocate` frame."""
    if alloc.empty:
        return "We hold no demand shares to share the shortfall over end uses."
    total = alloc["shortfall_t"].iloc[0]
    basis = alloc["basis"].iloc[0]
    parts = []
    for r in alloc[alloc["use"] != OTHER].itertuples():
        part = f"{r.use} ({_pct(r.share_low, r.share_high)}; {r.source}, {r.year}) would take about {_t(r.tonnes_low, r.tonnes_high)}"
        if pd.notna(r.units_low):
            part += f", enough for {_n(r.units_low)}-{_n(r.units_high)} {r.per_plural}"
            part += f" ({r.caveat})" if r.caveat else ""
        parts.append(part)
    text = (f"Scenario, not an estimate: if the {total:,.0f} t shortfall were shared over end uses by their shares of "
            f"demand on a {basis} basis, " + "; ".join(parts))  # fmt: skip
    other = alloc[alloc["use"] == OTHER]
    if not other.empty:
        o = other.iloc[0]
        text += f"; the remaining {_pct(o.share_low, o.share_high)} ({_t(o.tonnes_low, o.tonnes_high)}) goes to uses without a sourced share"
    return text + "."


def _candidates(params: pd.DataFrame) -> pd.DataFrame:
    sel = params[params["parameter"].astype(str).str.startswith("demand_share_")].copy()
    sel["year_num"] = pd.to_numeric(sel["year"], errors="coerce")
    published = pd.to_numeric(sel["source_date"].astype(str).str[:4], errors="coerce")
    sel["projection"] = (sel["year_num"] > published).fillna(False)
    return sel


def _equivalent(eq: pd.DataFrame, sector: str):
    sel = eq[eq["sector"] == sector] if not eq.empty else eq
    return None if sel.empty else sel.iloc[0]


def _source(r) -> str:
    """Who produced the figure: `origin` once the source columns are origin + outlet, else `publisher`."""
    for col in ("origin", "publisher"):
        if col in r and isinstance(r[col], str) and r[col].strip():
            return r[col].strip()
    return ""


def _line(r) -> int | None:
    return int(r["line"]) if "line" in r and pd.notna(r["line"]) else None


def _pct(lo: float, hi: float) -> str:
    return f"{lo:g}%" if lo == hi else f"{lo:g}-{hi:g}%"


def _t(lo: float, hi: float) -> str:
    return f"{_n(lo)} t" if round(lo) == round(hi) else f"{_n(lo)}-{_n(hi)} t"


def _n(x: float) -> str:
    """Two significant figures above 100: 666,667 -> '670,000'; 1,234 -> '1,200'; 42.4 -> '42'."""
    if x >= 100:
        return f"{float(f'{x:.2g}'):,.0f}"
    return f"{x:,.0f}"
