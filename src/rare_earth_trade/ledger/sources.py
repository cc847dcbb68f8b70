"""Who produced a figure and where it was read: origin, outlet, their standing, and citations.

Every raw row names two things:
- `origin`: who produced the figure (Reuters, Bloomberg, South China Morning Post, The Wall Street
  Journal, China customs (GACC), SMM, ... or the outlet itself for its own reporting). The source
  tier of the resolution rule is the origin's (data/reference/publishers.csv; not listed: tier 4).
- `outlet`: the site where it was read, named as a reader names it (Kitco, Daily Mail, TimesLIVE,
  ...; a page on a bare-IP host is `unnamed mirror`). Its standing (data/reference/outlets.csv:
  1 the origin's own site or a major established outlet, 2 an established regional or trade
  outlet, 3 an aggregator, blog, forum or mirror; not listed: 3) decides, among copies of one
  story, which copy is preferred.

`cite(row)` is the one way anything names a source: "Reuters, 20 Aug 2025 (read at Kitco)", the
outlet left out when it is the origin. `source_name(origin, outlet)` is the same without the date
(the ledger's `publisher` column, kept for readers of older code).
"""

from __future__ import annotations

import csv
import re
from functools import cache
from pathlib import Path

from ..paths import REFERENCE_DIR

UNRATED_TIER = 4
UNRATED_STANDING = 3
UNNAMED_MIRROR = "unnamed mirror"
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

# An IPv4 address (optionally with a port), or an IPv6 address, anywhere in a name.
IP_ADDRESS = re.compile(r"(?<![\w.])\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?(?![\w.])|(?<![\w:])[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?![\w:])")
IP_MESSAGE = f"is an IP address, not a name; name who produced the figure, and call a page on a bare-IP host '{UNNAMED_MIRROR}'"


def has_ip_address(name: str) -> bool:
    return bool(IP_ADDRESS.search(name or ""))


@cache
def origin_tiers(reference_dir: Path = REFERENCE_DIR) -> dict[str, int]:
    """Tier of each origin (data/reference/publishers.csv): 1 official statistics, 2 wire agencies,
    3 established outlets; lower wins."""
    with open(Path(reference_dir) / "publishers.csv", encoding="utf-8", newline="") as f:
        return {r["origin"].casefold(): int(r["tier"]) for r in csv.DictReader(f)}


@cache
def outlet_standing(reference_dir: Path = REFERENCE_DIR) -> dict[str, int]:
    """Standing of each outlet (data/reference/outlets.csv); lower is more established."""
    path = Path(reference_dir) / "outlets.csv"
    if not path.is_file():
        return {}
    with open(path, encoding="utf-8", newline="") as f:
        return {r["outlet"].casefold(): int(r["standing"]) for r in csv.DictReader(f)}


def tier_of(origin: str, reference_dir: Path = REFERENCE_DIR) -> int:
    return origin_tiers(Path(reference_dir)).get(origin.strip().casefold(), UNRATED_TIER)


def standing_of(outlet: str, reference_dir: Path = REFERENCE_DIR) -> int:
    return outlet_standing(Path(reference_dir)).get(outlet.strip().casefold(), UNRATED_STANDING)


def is_own_outlet(origin: str, outlet: str) -> bool:
    """Whether the outlet is the origin itself ('SMM' at 'SMM', or 'CCMN (mobile)' at 'CCMN')."""
    o, u = (origin or "").strip().casefold(), (outlet or "").strip().casefold()
    return not u or u == o or u.startswith(o + " (")


def source_name(origin: str, outlet: str) -> str:
    """'Reuters (read at Kitco)'; 'Trading Economics' when the outlet is the origin."""
    return origin if is_own_outlet(origin, outlet) else f"{origin} (read at {outlet})"


def format_date(source_date: str) -> str:
    """'2025-08-20' -> '20 Aug 2025'; '2024-08' (known to the month) -> 'Aug 2024'."""
    text = str(source_date or "")
    m = re.match(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$", text)
    if not m:
        return text
    month = MONTHS[int(m.group(2)) - 1]
    return f"{int(m.group(3))} {month} {m.group(1)}" if m.group(3) else f"{month} {m.group(1)}"


def cite_parts(origin: str, outlet: str, source_date: str) -> str:
    """'Reuters, 20 Aug 2025 (read at Kitco)'."""
    when = format_date(source_date)
    head = f"{origin}, {when}" if when else origin
    return head if is_own_outlet(origin, outlet) else f"{head} (read at {outlet})"


def cite(row) -> str:
    """The citation of one ledger row (a Series, a namedtuple or a dict with origin, outlet and
    source_date): "Reuters, 20 Aug 2025 (read at Kitco)"."""
    get = row.get if isinstance(row, dict) else (lambda k, default="": getattr(row, k, default))
    return cite_parts(get("origin", ""), get("outlet", ""), get("source_date", ""))


def cite_all(origin, outlet, source_date) -> list[str]:
    """`cite_parts` over columns (lists, arrays or Series), each distinct source cited once."""
    rows = list(zip(*(c.tolist() if hasattr(c, "tolist") else list(c) for c in (origin, outlet, source_date))))
    cited = {r: cite_parts(*r) for r in dict.fromkeys(rows)}
    return [cited[r] for r in rows]
