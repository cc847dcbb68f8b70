"""Derived values: levels implied by reported numbers, always labelled with their inputs.

Only where no source reported the figure. Derivation runs in rounds: round 1 uses reported values
only; later rounds may use values derived in earlier rounds (the chain is labelled: each value says
its inputs and how many steps it is from reported figures). Within a round, candidates are tried in
order of arithmetic exactness:
1. differences of cumulative totals (ytd[m] - ytd[m-1]; January's total is January's month);
2. a neighbouring month's level and the reported month-on-month change;
3. the level a year apart and the reported year-on-year change (also for year-to-date totals).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pandas as pd

from ..ledger.parsing import month_add, month_range
from .resolve import RESOLVED_COLUMNS


@dataclass(frozen=True)
class Candidate:
    series: str
    period: str
    partner: str
    measure: str
    value: float
    decimals: int
    inputs: tuple[tuple, ...]  # keys of the values used
    how: str
    steps: int = 1  # 1 = computed from reported values only


def _fmt(v: float, measure: str) -> str:
    return f"{v:+.1f}%" if measure.endswith("pct") else f"{v:,.1f} t"


@dataclass(frozen=True)
class Known:
    """A value available to derivations: reported (steps 0) or derived earlier."""

    period: str
    measure: str
    value: float
    decimals: int
    steps: int = 0


MAX_STEPS = 6


def candidates(table: dict[tuple, Known]) -> Iterator[Candidate]:
    """Every derivation the known values allow, in order of preference."""

    def get(s, p, c, m):
        return table.get((s, p, c, m))

    def describe(*rows) -> str:
        return " and ".join(
            f"{r.measure} {r.period} = {_fmt(r.value, r.measure)}" + (f" (derived, step {r.steps})" if r.steps else "")
            for r in rows
        )

    groups = sorted({(k[0], k[2]) for k in table})
    for s, c in groups:
        periods = sorted({p for (s2, p, c2, _m) in table if s2 == s and c2 == c})
        yield from _group_candidates(s, c, periods, get, describe)


def _group_candidates(s, c, periods, get, describe) -> Iterator[Candidate]:
    if not periods:
        return
    span = month_range(month_add(periods[0], -12), month_add(periods[-1], 12))
    # 1. cumulative differences
    for p in span:
        ytd = get(s, p, c, "ytd_tonnes")
        if ytd is None:
            continue
        if p.endswith("-01"):
            yield Candidate(s, p, c, "tonnes", ytd.value, ytd.decimals, ((s, p, c, "ytd_tonnes"),),
                            f"January's year-to-date total is the month: {describe(ytd)}")
            continue
        prev_ytd = get(s, month_add(p, -1), c, "ytd_tonnes")
        if prev_ytd is None and month_add(p, -1).endswith("-01"):
            prev_ytd = get(s, month_add(p, -1), c, "tonnes")
        if prev_ytd is not None:
            yield Candidate(s, p, c, "tonnes", ytd.value - prev_ytd.value, min(ytd.decimals, prev_ytd.decimals),
                            ((s, p, c, "ytd_tonnes"), (s, prev_ytd.period, c, prev_ytd.measure)),
                            f"difference of cumulative totals: {describe(ytd)} minus {describe(prev_ytd)}")
        month = get(s, p, c, "tonnes")
        if month is not None and not p.endswith("-01"):
            prev = month_add(p, -1)
            target = "tonnes" if prev.endswith("-01") else "ytd_tonnes"
            yield Candidate(s, prev, c, target, ytd.value - month.value, min(ytd.decimals, month.decimals),
                            ((s, p, c, "ytd_tonnes"), (s, p, c, "tonnes")),
                            f"difference of cumulative total and month: {describe(ytd)} minus {describe(month)}")
    # 2. month-on-month changes, both directions
    for p in span:
        mom = get(s, p, c, "mom_pct")
        if mom is None or mom.value <= -100:
            continue
        factor = 1 + mom.value / 100
        prev, here = get(s, month_add(p, -1), c, "tonnes"), get(s, p, c, "tonnes")
        if prev is not None:
            yield Candidate(s, p, c, "tonnes", prev.value * factor, prev.decimals,
                            ((s, prev.period, c, "tonnes"), (s, p, c, "mom_pct")),
                            f"previous month and reported change: {describe(prev, mom)}")
        if here is not None:
            yield Candidate(s, month_add(p, -1), c, "tonnes", here.value / factor, here.decimals,
                            ((s, p, c, "tonnes"), (s, p, c, "mom_pct")),
                            f"next month and its reported change: {describe(here, mom)}")
    # 3. year-on-year changes, for months and for year-to-date totals
    for level, pct in (("tonnes", "yoy_pct"), ("ytd_tonnes", "ytd_yoy_pct")):
        for p in span:
            yoy = get(s, p, c, pct)
            if yoy is None or yoy.value <= -100:
                continue
            factor = 1 + yoy.value / 100
            before, here = get(s, month_add(p, -12), c, level), get(s, p, c, level)
            if before is not None:
                yield Candidate(s, p, c, level, before.value * factor, before.decimals,
                                ((s, before.period, c, level), (s, p, c, pct)),
                                f"level a year earlier and reported change: {describe(before, yoy)}")
            if here is not None:
                yield Candidate(s, month_add(p, -12), c, level, here.value / factor, here.decimals,
                                ((s, p, c, level), (s, p, c, pct)),
                                f"level a year later and its reported change: {describe(here, yoy)}")  # fmt: skip


def _steps(cand: Candidate, table: dict[tuple, Known]) -> int:
    return 1 + max(table[k].steps for k in cand.inputs)


def derive(resolved: pd.DataFrame) -> pd.DataFrame:
    """Resolved reported values plus derived values for figures no source reported."""
    table = {
        (r.series, r.period, r.partner, r.measure): Known(r.period, r.measure, r.value, int(r.decimals))
        for r in resolved.itertuples(index=False)
    }
    sources = {(r.series, r.period, r.partner, r.measure): r.source_url for r in resolved.itertuples(index=False)}
    chosen: dict[tuple, list] = {}  # key -> [candidate, alternatives]
    for _round in range(MAX_STEPS):
        new: dict[tuple, list] = {}
        for cand in candidates(table):
            key = (cand.series, cand.period, cand.partner, cand.measure)
            if key in table or cand.value < 0:
                if key in chosen:
                    chosen[key][1] += 1
                continue
            if key in new:
                new[key][1] += 1
            else:
                new[key] = [cand, 1]
        if not new:
            break
        for key, (cand, n) in new.items():
            steps = _steps(cand, table)
            chosen[key] = [Candidate(**{**cand.__dict__, "steps": steps}), n]
        for key, (cand, _n) in new.items():
            table[key] = Known(cand.period, cand.measure, cand.value, cand.decimals, chosen[key][0].steps)
            sources[key] = " ".join(dict.fromkeys(u for k in cand.inputs for u in sources[k].split()))
    rows = []
    for key, (cand, n_alternatives) in chosen.items():
        chain = "" if cand.steps == 1 else f" [{cand.steps} steps from reported figures]"
        rows.append(
            dict(
                series=cand.series, period=cand.period, partner=cand.partner, measure=cand.measure,
                value=cand.value, unit="t", decimals=cand.decimals, status="derived", source_url=sources[key],
                publisher="derived", source_date="", quote="", tier=0, n_sources=0,
                corroborating=n_alternatives - 1, conflict=False, conflict_detail="",
                derived_from=cand.how + chain,
            )
        )  # fmt: skip
    derived = pd.DataFrame(rows, columns=RESOLVED_COLUMNS)
    both = pd.concat([resolved, derived], ignore_index=True) if len(derived) else resolved.copy()
    return both.sort_values(["series", "partner", "measure", "period"], ignore_index=True)
