"""Derived values: levels implied by reported numbers, always labelled with their inputs.

Only where no source reported the figure. Derivation runs in rounds: round 1 uses reported values
only; later rounds may use values derived in earlier rounds (the chain is labelled: each value says
its inputs and how many steps it is from reported figures). Within a round, candidates are tried in
order of arithmetic exactness:
1. differences of cumulative totals (ytd[m] - ytd[m-1]; January's total is the month's level;
   a total minus its month gives the total (or January's level) of the month before);
2. a neighbouring month's level and the reported month-on-month change (both directions);
3. the level a year apart and the reported year-on-year change (both directions; also for
   year-to-date totals with the year-to-date change).
Within a kind, candidates come in order of the period of the figure that drives them, forward
before backward; the first candidate for a figure wins, the others are counted (`corroborating`:
the number of further derivations of the figure found in this and later rounds).

Every derived value carries the interval its inputs allow (`value_low`, `value_high`), by monotone
interval arithmetic on the inputs' intervals (a reported value's interval is the rounding of the
printed figures, see resolve): a difference a - b spans [a_low - b_high, a_high - b_low] (never
below zero); a level times a change's factor (1 + pct/100) spans [low x factor_low, high x
factor_high]; a level divided by it [low / factor_high, high / factor_low] (unbounded when the
factor's low end reaches zero). Chains propagate: a derived input brings its own interval.

Each round is a handful of array joins (a search of the inputs' keys in the sorted keys of the
known values, one per kind of candidate), not a Python loop per candidate; only the labels of the
figures adopted are formatted one by one.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .keys import MEASURE_CODE as _MEASURE_CODE
from .keys import MEASURE_OF as _MEASURE_OF
from .keys import FigureKeys, KeyIndex, month_index, period_of, split
from .keys import key as _key
from .resolve import RESOLVED_COLUMNS

MAX_STEPS = 6

# How each kind of candidate is labelled: (prefix, joiner between the two inputs).
_HOW = {
    "jan": ("January's year-to-date total is the month: ", ""),
    "ytd_diff": ("difference of cumulative totals: ", " minus "),
    "ytd_month": ("difference of cumulative total and month: ", " minus "),
    "mom_fwd": ("previous month and reported change: ", " and "),
    "mom_back": ("next month and its reported change: ", " and "),
    "yoy_fwd": ("level a year earlier and reported change: ", " and "),
    "yoy_back": ("level a year later and its reported change: ", " and "),
}
_KINDS = list(_HOW)


def _fmt(v: float, measure: str) -> str:
    return f"{v:+.1f}%" if measure.endswith("pct") else f"{v:,.1f} t"


def _describe(a: dict[str, np.ndarray], rows: np.ndarray) -> list[str]:
    """Labels of known values, 'tonnes 2025-06 = 3,188.0 t (derived, step 1)', formatted only
    for the rows a derivation uses."""
    measure = [_MEASURE_OF[c] for c in a["mcode"][rows].tolist()]
    return [
        f"{m} {p} = {_fmt(v, m)}" + (f" (derived, step {s})" if s else "")
        for m, p, v, s in zip(measure, period_of(a["month"][rows]).tolist(), a["value"][rows].tolist(), a["steps"][rows].tolist())
    ]


class _Table:
    """Known values (reported, then derived round by round) as parallel arrays."""

    def __init__(self, **arrays):
        self.a = arrays
        self.index = KeyIndex(self.a["key"])

    def __len__(self) -> int:
        return len(self.a["key"])

    def find(self, keys) -> np.ndarray:
        """Row of each key, -1 where unknown."""
        return self.index.find(keys)

    def extend(self, **arrays) -> None:
        self.a = {k: np.concatenate([v, arrays[k]]) for k, v in self.a.items()}
        self.index = KeyIndex(self.a["key"])


# Candidate kinds in order of preference within a round: (name, rank).
_KIND_CODE = {k: i for i, k in enumerate(_KINDS)}


def _difference(a_lo, a_hi, b_lo, b_hi) -> tuple[np.ndarray, np.ndarray]:
    """Interval of a - b (a tonnage: never below zero)."""
    return np.maximum(a_lo - b_hi, 0.0), a_hi - b_lo


def _candidates(t: _Table) -> dict[str, np.ndarray]:
    """Every derivation the known values allow: parallel arrays, one entry per candidate, with its
    order of preference (rank of the kind, driving month, forward before backward), its input rows
    and its value."""
    a = t.a
    g, month, mcode, value, dec = a["g"], a["month"], a["mcode"], a["value"], a["decimals"]
    lo, hi = a["lo"], a["hi"]
    parts: list[tuple] = []

    def emit(kind, rank, sub, rows, target_month, target_code, val, decimals, in1, in2, low, high):
        n = len(rows)
        parts.append((np.full(n, _KIND_CODE[kind]), np.full(n, rank), month[rows], np.full(n, sub),
                      _key(g[rows], target_month, target_code), val, decimals, in1, in2, low, high))  # fmt: skip

    ytd = np.flatnonzero(mcode == _MEASURE_CODE["ytd_tonnes"])
    jan = ytd[month[ytd] % 12 == 0]
    later = ytd[month[ytd] % 12 != 0]
    # 1a. January's year-to-date total is January's level.
    emit("jan", 0, 0, jan, month[jan], 0, value[jan], dec[jan], jan, np.full(len(jan), -1), lo[jan], hi[jan])
    # 1b. ytd[m] - ytd[m-1] (or January's level when January has no total).
    prev = t.find(_key(g[later], month[later] - 1, 1))
    jan_level = t.find(_key(g[later], month[later] - 1, 0))
    prev = np.where((prev < 0) & ((month[later] - 1) % 12 == 0), jan_level, prev)
    ok = prev >= 0
    r, p = later[ok], prev[ok]
    emit("ytd_diff", 0, 1, r, month[r], 0, value[r] - value[p], np.minimum(dec[r], dec[p]), r, p,
         *_difference(lo[r], hi[r], lo[p], hi[p]))  # fmt: skip
    # 1c. ytd[m] - tonnes[m] = the total (or January's level) of m-1.
    m_row = t.find(_key(g[later], month[later], 0))
    ok = m_row >= 0
    r, m = later[ok], m_row[ok]
    target = month[r] - 1
    emit("ytd_month", 0, 2, r, target, np.where(target % 12 == 0, 0, 1), value[r] - value[m],
         np.minimum(dec[r], dec[m]), r, m, *_difference(lo[r], hi[r], lo[m], hi[m]))  # fmt: skip
    # 2. month-on-month changes; 3. year-on-year changes (months, then year-to-date totals).
    for pct, level, lag, rank, fwd, back in (
        ("mom_pct", "tonnes", 1, 1, "mom_fwd", "mom_back"),
        ("yoy_pct", "tonnes", 12, 2, "yoy_fwd", "yoy_back"),
        ("ytd_yoy_pct", "ytd_tonnes", 12, 3, "yoy_fwd", "yoy_back"),
    ):
        code = _MEASURE_CODE[level]
        ch = np.flatnonzero((mcode == _MEASURE_CODE[pct]) & (value > -100))
        factor = 1 + value[ch] / 100
        # The factor's interval from the change's: monotone, never below zero.
        f_lo, f_hi = np.maximum(1 + lo[ch] / 100, 0.0), 1 + hi[ch] / 100
        before = t.find(_key(g[ch], month[ch] - lag, code))
        ok = before >= 0
        r, b = ch[ok], before[ok]
        emit(fwd, rank, 0, r, month[r], code, value[b] * factor[ok], dec[b], b, r, lo[b] * f_lo[ok], hi[b] * f_hi[ok])
        here = t.find(_key(g[ch], month[ch], code))
        ok = here >= 0
        r, h = ch[ok], here[ok]
        with np.errstate(divide="ignore"):
            high = np.where(f_lo[ok] > 0, hi[h] / np.where(f_lo[ok] > 0, f_lo[ok], 1.0), np.inf)
        emit(back, rank, 1, r, month[r] - lag, code, value[h] / factor[ok], dec[h], h, r, lo[h] / f_hi[ok], high)
    names = ["kind", "rank", "drive", "sub", "key", "value", "decimals", "in1", "in2", "lo", "hi"]
    return {n: np.concatenate([np.asarray(p[i]) for p in parts]) for i, n in enumerate(names)}


def derive(resolved: pd.DataFrame) -> pd.DataFrame:
    """Resolved reported values plus derived values for figures no source reported."""
    if resolved.empty:
        return resolved.copy()
    keys = FigureKeys(resolved)
    g = keys.group(resolved)
    month = month_index(resolved["period"])
    mcode = resolved["measure"].map(_MEASURE_CODE).to_numpy(dtype=np.int64)
    value = resolved["value"].to_numpy(dtype=float)
    n = len(resolved)
    table = _Table(
        key=_key(g, month, mcode), g=g, month=month, mcode=mcode, value=value,
        decimals=resolved["decimals"].to_numpy(dtype=int), steps=np.zeros(n, dtype=int),
        src=resolved["source_url"].to_numpy(dtype=object), derived=np.zeros(n, dtype=bool),
        lo=resolved["value_low"].to_numpy(dtype=float), hi=resolved["value_high"].to_numpy(dtype=float),
        n=np.zeros(n, dtype=int), how=np.full(n, "", dtype=object),
    )  # fmt: skip
    for _round in range(MAX_STEPS):
        c = _candidates(table)
        where = table.find(c["key"])
        in_table = where >= 0
        # A figure derived in an earlier round counts every candidate found for it again.
        again = where[in_table]
        again = again[table.a["derived"][again]]
        table.a["n"] = table.a["n"] + np.bincount(again, minlength=len(table))
        fresh = np.flatnonzero(~in_table & (c["value"] >= 0))
        if not len(fresh):
            break
        order = fresh[np.lexsort((c["sub"][fresh], c["drive"][fresh], c["rank"][fresh], c["key"][fresh]))]
        first = np.r_[True, c["key"][order][1:] != c["key"][order][:-1]]
        counts = np.diff(np.r_[np.flatnonzero(first), len(order)])
        _adopt(table, {k: v[order[first]] for k, v in c.items()}, counts)
    return _output(resolved, table, keys)


def _adopt(table: _Table, w: dict[str, np.ndarray], counts: np.ndarray) -> None:
    """Add the winning candidates of a round to the table of known values."""
    a = table.a
    in1, in2 = w["in1"], w["in2"]
    has2 = in2 >= 0
    in2_safe = np.where(has2, in2, 0)
    steps = 1 + np.maximum(a["steps"][in1], np.where(has2, a["steps"][in2_safe], 0))
    key = w["key"]
    group, month, mcode = split(key)
    value = w["value"]
    d1, d2 = _describe(a, in1), np.where(has2, np.array(_describe(a, in2_safe), dtype=object), "")
    s1, s2 = a["src"][in1], np.where(has2, a["src"][in2_safe], "")
    how = [
        _HOW[_KINDS[k]][0] + x + _HOW[_KINDS[k]][1] + y for k, x, y in zip(w["kind"], d1, d2)
    ]
    src = [" ".join(dict.fromkeys(f"{x} {y}".split())) for x, y in zip(s1, s2)]
    table.extend(
        key=key, g=group, month=month, mcode=mcode, value=value, decimals=w["decimals"],
        steps=steps, src=np.array(src, dtype=object),
        derived=np.ones(len(key), dtype=bool), n=counts, how=np.array(how, dtype=object), lo=w["lo"], hi=w["hi"],
    )  # fmt: skip


def _output(resolved: pd.DataFrame, table: _Table, keys: FigureKeys) -> pd.DataFrame:
    a = table.a
    d = np.flatnonzero(a["derived"])
    if not len(d):
        return resolved.sort_values(["series", "partner", "measure", "period"], ignore_index=True)
    g, steps = a["g"][d], a["steps"][d]
    derived = pd.DataFrame({
        "series": keys.series_of(g), "period": period_of(a["month"][d]), "partner": keys.partner_of(g),
        "measure": np.where(a["mcode"][d] == 0, "tonnes", "ytd_tonnes").astype(object),
        "value": a["value"][d], "value_low": a["lo"][d], "value_high": a["hi"][d], "unit": "t", "decimals": a["decimals"][d], "status": "derived",
        "source_url": a["src"][d], "publisher": "derived", "origin": "derived", "outlet": "", "source_date": "", "quote": "", "tier": 0,
        "n_sources": 0, "corroborating": a["n"][d] - 1, "conflict": False, "conflict_detail": "",
        "derived_from": [h + ("" if s == 1 else f" [{s} steps from reported figures]") for h, s in zip(a["how"][d], steps)],
        "printed_as": "",
    })[RESOLVED_COLUMNS]  # fmt: skip
    both = pd.concat([resolved, derived], ignore_index=True)
    return both.sort_values(["series", "partner", "measure", "period"], ignore_index=True)
