"""Alt text and a fallback caption for a figure, written from the facts the kernel recorded.

The facts (see `report.figures.facts`) hold the chart's kind, titles, axis labels and a summary of
each plotted series, so a figure nobody described still gets alt text that says what it shows.
"""

from __future__ import annotations

import re

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
ISO_DATE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2})(T.*)?)?$")
PLACEHOLDERS = {
    "",
    "chart",
    "figure",
    "graph",
    "image",
    "img",
    "picture",
    "plot",
    "png",
    "svg",
    "alt",
    "no description",
}
MAX_SERIES = 6


def is_placeholder(alt: str | None) -> bool:
    return alt is None or alt.strip().strip(".").lower() in PLACEHOLDERS


def value(v) -> str:
    """A plotted value as a reader says it: dates as months or days, numbers with sensible digits."""
    if isinstance(v, bool) or v is None:
        return str(v)
    if isinstance(v, (int, float)):
        return f"{v:,.0f}" if abs(v) >= 10_000 else f"{v:,.4g}"
    m = ISO_DATE.match(str(v))
    if m:
        year, month, day = m.group(1), int(m.group(2)), int(m.group(3) or 1)
        if not 1 <= month <= 12:
            return str(v)
        return f"{MONTHS[month - 1]} {year}" if day == 1 else f"{day} {MONTHS[month - 1]} {year}"
    return str(v)


def _axes(panel: dict) -> str:
    x, y = panel.get("xlabel"), panel.get("ylabel")
    if x and y:
        return f"{y} against {x}"
    if y:
        return f"y axis: {y}"
    if x:
        return f"x axis: {x}"
    return ""


def _series(s: dict, alone: bool) -> str:
    name = "" if alone and s["name"].startswith("series ") else f"{s['name']}: "
    if not s.get("n"):
        return f"{name}no values"
    if s["n"] == 1:
        return f"{name}{value(s['y_first'])} at {value(s['x_first'])}"
    text = (
        f"{s['n']} values from {value(s['x_first'])} to {value(s['x_last'])}, "
        f"lowest {value(s['y_min'])} ({value(s['x_at_min'])}), highest {value(s['y_max'])} ({value(s['x_at_max'])}), "
        f"last {value(s['y_last'])}"
    )
    return name + (text if name else text[0].upper() + text[1:])


def alt_text(facts: dict) -> str:
    """What the figure shows, in sentences: kind, title, axes, and each series' range."""
    kind = facts.get("kind") or "chart"
    title = facts.get("title")
    parts = [kind[0].upper() + kind[1:] + (f" titled '{title}'" if title else "") + "."]
    panels = [p for p in facts.get("panels", []) if p.get("kinds")]
    listed = 0
    for p in panels:
        head = f"Panel '{p['title']}': " if len(panels) > 1 and p.get("title") else ""
        axes = _axes(p)
        if axes:
            parts.append(f"{head}{axes}." if head else f"{axes[0].upper()}{axes[1:]}.")
            head = ""
        alone = len(p.get("series", [])) == 1
        for s in p.get("series", []):
            if listed >= MAX_SERIES:
                break
            parts.append(f"{head}{_series(s, alone)}.")
            head, listed = "", listed + 1
        for r in p.get("references", []):
            parts.append(f"Reference line at {r['axis']} = {value(r['value'])}.")
        grid = p.get("grid")
        if grid:
            parts.append(
                f"Grid of {grid['rows']} rows by {grid['columns']} columns, values from {value(grid['min'])} "
                f"to {value(grid['max'])}."
            )
    hidden = sum(len(p.get("series", [])) for p in panels) - listed
    if hidden > 0:
        parts.append(f"{hidden} more series in the figure data.")
    if not panels:
        parts.append("No plotted data was recorded.")
    return " ".join(parts)


def default_caption(facts: dict) -> str:
    """A caption for a figure with neither a caption option nor a title."""
    kind = facts.get("kind") or "chart"
    panels = [p for p in facts.get("panels", []) if p.get("kinds")]
    axes = _axes(panels[0]) if len(panels) == 1 else ""
    names = [s["name"] for p in panels for s in p.get("series", []) if not s["name"].startswith("series ")]
    text = kind[0].upper() + kind[1:] + (f" of {axes}" if axes and " against " in axes else "")
    return text + (f": {', '.join(names[:MAX_SERIES])}" if names else "")
