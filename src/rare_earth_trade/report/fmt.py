"""How numbers and months read in the report: one place, so every sentence and table agrees."""

from __future__ import annotations

import math

from ..ledger.parsing import month_add

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
LONG_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def month(period: str, long: bool = False) -> str:
    """'2025-06' -> 'Jun 2025' (or 'June 2025')."""
    names = LONG_MONTHS if long else MONTHS
    return f"{names[int(period[5:7]) - 1]} {period[:4]}"


def tonnes(value: float | None) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    return f"{value:,.0f} t"


def pct(value: float | None, signed: bool = True, digits: int = 1) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    return f"{value:+.{digits}f}%" if signed else f"{value:.{digits}f}%"


def change_words(value: float, digits: int = 0) -> str:
    """-38.1 -> '38% lower'; 157.5 -> '158% higher'."""
    word = "lower" if value < 0 else "higher"
    return f"{abs(value):.{digits}f}% {word}"


def n(count: int, noun: str, plural: str | None = None) -> str:
    """3, 'source' -> '3 sources'; 1 -> '1 source'."""
    return f"{count:,} {noun if count == 1 else plural or noun + 's'}"


def times(value: float) -> str:
    return f"{value:.1f} times"


def count(value: float) -> str:
    """Round a large count to a reader-friendly number of significant figures."""
    if value >= 1_000_000:
        return f"{value / 1_000_000:.1f} million"
    if value >= 10_000:
        return f"{round(value, -3):,.0f}"
    return f"{round(value, -1):,.0f}" if value >= 100 else f"{value:,.0f}"


# --- month spans and rounded tonnes ------------------------------------------------------------
def month_span(start: str, end: str, long: bool = True) -> str:
    """'2024-04', '2025-03' -> 'April 2024–March 2025'; same year: 'April–June 2025'; one month: 'June 2025'."""
    a, b = month(start, long), month(end, long)
    if start == end:
        return a
    return f"{a.split()[0]}–{b}" if start[:4] == end[:4] else f"{a}–{b}"


def month_list(periods, long: bool = True) -> str:
    """Months as runs: ['2026-01', '2026-02', '2026-03', '2026-05'] -> 'January–March 2026 and May 2026'."""
    runs: list[list[str]] = []
    for p in sorted(periods):
        if runs and month_add(runs[-1][-1], 1) == p:
            runs[-1].append(p)
        else:
            runs.append([p])
    return join([month_span(run[0], run[-1], long) for run in runs])


def join(items: list[str], word: str = "and") -> str:
    """['a', 'b', 'c'] -> 'a, b and c'."""
    items = list(items)
    return ", ".join(items[:-1]) + f" {word} " + items[-1] if len(items) > 1 else "".join(items)


def approx_tonnes(value: float) -> str:
    """Two significant figures with a thousands separator: 7,964 -> '~8,000 t'."""
    if value == 0 or math.isnan(value):
        return f"~{value:,.0f} t"
    digits = 1 - int(math.floor(math.log10(abs(value))))
    return f"~{round(value, digits):,.0f} t"


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def with_range(value: float | None, low: float | None, high: float | None, spec: str = ",.0f") -> str:
    """Table cells: '8,127 [7,967–8,264]'; the range only where its ends read differently from the
    value; 'n/a' when there is no value. Negative ends are joined by ' to ' ('-1,704 [-3,024 to -347]')."""
    if _missing(value):
        return "n/a"
    text = format(value, spec)
    if _missing(low) or _missing(high):
        return text
    lo, hi = format(low, spec), format(high, spec)
    if lo == hi == text:
        return text
    return f"{text} [{lo}{' to ' if min(low, high) < 0 else '–'}{hi}]"


def pct_range(value: float, low: float | None, high: float | None, digits: int = 0) -> str:
    """'68% (62–76%)', or '68%' where the range is no wider than the rounding shown."""
    rng = None if _missing(low) or _missing(high) else (low, high)
    return pct_with_range(value, rng, digits)


# --- ranges: a figure's range, stated where it is wider than the rounding shown ---------------
def wider_than_shown(low: float | None, high: float | None, digits: int = 0) -> bool:
    """Whether a range is wider than one unit of the rounding a value is shown with (a reported
    '3,188 t' spans 3,187.5-3,188.5: not wider than the tonne it is shown to)."""
    if low is None or high is None or low != low or high != high:
        return False
    return high - low > 10 ** (-digits) + 1e-9


def span(low: float, high: float, digits: int = 0, unit: str = "") -> str:
    """'4,951–5,061 t'; '-1.4 to -0.5%' when a bound is negative; an unbounded top reads 'at least
    4,951 t'."""
    if not math.isfinite(high):
        return f"at least {low:,.{digits}f}{unit}"
    joiner = " to " if low < 0 or high < 0 else "–"
    return f"{low:,.{digits}f}{joiner}{high:,.{digits}f}{unit}"


def tonnes_with_range(value: float | None, low: float | None, high: float | None) -> str:
    """'5,006 t (4,951–5,061 t)' when the range is wider than the tonne shown, else '5,006 t'."""
    text = tonnes(value)
    return f"{text} ({span(low, high, 0, ' t')})" if wider_than_shown(low, high) else text


def magnitude_range(rng: tuple[float, float] | None, digits: int = 0) -> str:
    """' (74–76%)' for the range of a change shown as a magnitude ('75% below'), lowest first;
    empty when there is no range or it is not wider than the rounding shown."""
    if rng is None or not wider_than_shown(min(rng), max(rng), digits):
        return ""
    a, b = sorted(abs(x) for x in rng)
    return f" ({span(a, b, digits, '%')})"


def pct_with_range(value: float, rng: tuple[float, float] | None, digits: int = 0) -> str:
    """'105% (103–107%)': a level as a % of another, with its range where wider than shown."""
    text = f"{value:.{digits}f}%"
    if rng is None or not wider_than_shown(rng[0], rng[1], digits):
        return text
    return f"{text} ({span(rng[0], rng[1], digits, '%')})"
