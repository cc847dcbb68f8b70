"""How numbers and months read in the report: one place, so every sentence and table agrees."""

from __future__ import annotations

import math

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


def times(value: float) -> str:
    return f"{value:.1f} times"


def count(value: float) -> str:
    """Round a large count to a reader-friendly number of significant figures."""
    if value >= 1_000_000:
        return f"{value / 1_000_000:.1f} million"
    if value >= 10_000:
        return f"{round(value, -3):,.0f}"
    return f"{round(value, -1):,.0f}" if value >= 100 else f"{value:,.0f}"
