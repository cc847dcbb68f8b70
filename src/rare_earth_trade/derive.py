"""Derived values: levels implied by reported numbers, always labelled with their inputs.

Only one step from reported values (never from other derived values), and only where no source
reported the figure. Candidates are tried in order of arithmetic exactness:
1. differences of cumulative totals (ytd[m] - ytd[m-1]; January's total is January's month);
2. a neighbouring month's level and the reported month-on-month change;
3. the level a year apart and the reported year-on-year change (also for year-to-date totals).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pandas as pd

from .parsing import month_add
from .resolve import RESOLVED_COLUMNS


@dataclass(frozen=True)
class Candidate:
    series: str
    period: str
    partner: str
    measure: str
    value: float
    decimals: int
    inputs: tuple[tuple, ...]  # resolved keys used
    how: str


def _fmt(v: float, measure: str) -> str:
    return f"{v:+.1f}%" if measure.endswith("pct") else f"{v:,.1f} t"


def candidates(resolved: pd.DataFrame) -> Iterator[Candidate]:
    """Every derivation the reported values allow, in order of preference."""
    rep = resolved[resolved["status"] == "reported"]
    table = {(r.series, r.period, r.partner, r.measure): r for r in rep.itertuples(index=False)}

    def get(s, p, c, m):
        return table.get((s, p, c, m))

    def describe(*rows) -> str:
        return " and ".join(f"{r.measure} {r.period} = {_fmt(r.value, r.measure)}" for r in rows)

    groups = sorted({(r.series, r.partner) for r in rep.itertuples()})
    for s, c in groups:
        periods = sorted({p for (s2, p, c2, _m) in table if s2 == s and c2 == c})
        if not periods:
            continue
        span = _span(periods[0], periods[-1], pad=12)
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


def _span(first: str, last: str, pad: int) -> list[str]:
    out, p = [], month_add(first, -pad)
    end = month_add(last, pad)
    while p <= end:
        out.append(p)
        p = month_add(p, 1)
    return out


def derive(resolved: pd.DataFrame) -> pd.DataFrame:
    """Resolved reported values plus derived levels for figures no source reported."""
    reported_keys = set(zip(resolved.series, resolved.period, resolved.partner, resolved.measure))
    sources = {
        (r.series, r.period, r.partner, r.measure): r.source_url for r in resolved.itertuples(index=False)
    }
    chosen: dict[tuple, tuple[Candidate, int]] = {}
    for cand in candidates(resolved):
        key = (cand.series, cand.period, cand.partner, cand.measure)
        if key in reported_keys or cand.value < 0:
            continue
        if key in chosen:
            first, n = chosen[key]
            chosen[key] = (first, n + 1)
        else:
            chosen[key] = (cand, 1)
    rows = []
    for key, (cand, n_alternatives) in chosen.items():
        urls = " ".join(dict.fromkeys(sources[k] for k in cand.inputs))
        rows.append(
            dict(
                series=cand.series, period=cand.period, partner=cand.partner, measure=cand.measure,
                value=cand.value, unit="t", decimals=cand.decimals, status="derived", source_url=urls,
                publisher="derived", source_date="", quote="", tier=0, n_sources=0,
                corroborating=n_alternatives - 1, conflict=False, conflict_detail="",
                derived_from=cand.how,
            )
        )  # fmt: skip
    derived = pd.DataFrame(rows, columns=RESOLVED_COLUMNS)
    both = pd.concat([resolved, derived], ignore_index=True) if len(derived) else resolved.copy()
    return both.sort_values(["series", "partner", "measure", "period"], ignore_index=True)
