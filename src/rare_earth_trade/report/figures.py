"""What a matplotlib figure shows, read from its artists: kind, titles, axis labels and the plotted data.

The report needs, for every figure, alt text and the figure's data as CSV. Neither can be read back
from an SVG at render time, so the kernel records them when the figure is displayed (see
`report.display`): `facts(fig)` turns lines, scatter points, bars and images into a small summary
per series and a long table of the plotted values. It works on any figure, a researcher's plain
`sns.lineplot(...)` as well as the package's charts.
"""

from __future__ import annotations

import math
from datetime import datetime

import numpy as np
import pandas as pd

MAX_ROWS = 5000  # plotted values kept as data per figure


def _converter(axis):
    get = getattr(axis, "get_converter", None)  # matplotlib >= 3.10
    return get() if get else getattr(axis, "converter", None)


def _is_date_axis(axis) -> bool:
    import matplotlib.dates as mdates

    conv = _converter(axis)
    return isinstance(conv, (mdates.DateConverter, mdates.ConciseDateConverter, mdates._SwitchableDateConverter))


def _categories(axis) -> dict[int, str] | None:
    units = axis.get_units()
    mapping = getattr(units, "_mapping", None)
    return {int(v): str(k) for k, v in mapping.items()} if mapping else None


def _values(raw, axis) -> list:
    """Plotted coordinates as readable values: dates as ISO text, categories by name, numbers as floats."""
    arr = np.asarray(raw)
    if arr.dtype.kind == "M":
        return [None if pd.isna(v) else pd.Timestamp(v).isoformat() for v in arr]
    if arr.dtype.kind in "OUS":
        return [v.isoformat() if isinstance(v, datetime) else v for v in arr.tolist()]
    numbers = arr.astype(float)
    if _is_date_axis(axis):
        import matplotlib.dates as mdates

        return [None if math.isnan(v) else mdates.num2date(v).replace(tzinfo=None).isoformat() for v in numbers]
    cats = _categories(axis)
    if cats:
        return [cats.get(int(round(v)), v) if not math.isnan(v) else None for v in numbers]
    return [None if math.isnan(v) else float(v) for v in numbers]


def _short(value) -> object:
    """ISO timestamps at midnight read as dates."""
    if isinstance(value, str) and value.endswith("T00:00:00"):
        return value[:10]
    return value


def _legend_names(ax) -> dict[str, str]:
    """Legend text by the colour of its handle, to name lines that seaborn leaves unlabelled."""
    from matplotlib.colors import to_hex

    legend = ax.get_legend()
    if legend is None:
        return {}
    names = {}
    for handle, text in zip(legend.legend_handles, legend.get_texts()):
        colour = None
        for getter in ("get_color", "get_facecolor"):
            try:
                c = getattr(handle, getter)()
                colour = to_hex(c[0] if np.ndim(c) == 2 else c)
                break
            except (AttributeError, ValueError, IndexError, TypeError):
                continue
        if colour:
            names.setdefault(colour, text.get_text())
    return names


def _name(artist, index: int, legend: dict[str, str], colour) -> str:
    from matplotlib.colors import to_hex

    label = artist.get_label() or ""
    if label and not label.startswith("_"):
        return label
    try:
        c = to_hex(colour[0] if np.ndim(colour) == 2 else colour)
    except (ValueError, IndexError, TypeError):
        c = None
    return legend.get(c, f"series {index + 1}")


def _summary(name: str, kind: str, xs: list, ys: list) -> dict:
    pairs = [(x, y) for x, y in zip(xs, ys) if isinstance(y, float) and not math.isnan(y)]
    out = {"name": name, "kind": kind, "n": len(pairs)}
    if pairs:
        lo = min(pairs, key=lambda p: p[1])
        hi = max(pairs, key=lambda p: p[1])
        out |= {
            "x_first": _short(pairs[0][0]),
            "x_last": _short(pairs[-1][0]),
            "y_first": pairs[0][1],
            "y_last": pairs[-1][1],
            "y_min": lo[1],
            "x_at_min": _short(lo[0]),
            "y_max": hi[1],
            "x_at_max": _short(hi[0]),
        }
    return out


def _axes_facts(ax, index: int) -> tuple[dict, list[dict]]:
    from matplotlib.collections import PathCollection, QuadMesh

    legend = _legend_names(ax)
    panel = ax.get_title() or ax.get_title("left") or ax.get_title("right") or f"panel {index + 1}"
    facts = {
        "title": ax.get_title() or ax.get_title("left") or ax.get_title("right"),
        "xlabel": ax.get_xlabel(),
        "ylabel": ax.get_ylabel(),
        "series": [],
        "references": [],
        "kinds": [],
    }
    rows: list[dict] = []

    def add(kind: str, name: str, xs: list, ys: list) -> None:
        facts["series"].append(_summary(name, kind, xs, ys))
        if kind not in facts["kinds"]:
            facts["kinds"].append(kind)
        rows.extend({"panel": panel, "series": name, "x": _short(x), "y": y} for x, y in zip(xs, ys))

    n = 0
    for line in ax.get_lines():
        if not line.get_visible():
            continue
        transform = line.get_transform()
        if transform != ax.transData:  # axhline / axvline: a reference, not data
            if transform == ax.get_yaxis_transform():
                facts["references"].append({"axis": "y", "value": _values(line.get_ydata()[:1], ax.yaxis)[0]})
            elif transform == ax.get_xaxis_transform():
                facts["references"].append({"axis": "x", "value": _short(_values(line.get_xdata()[:1], ax.xaxis)[0])})
            continue
        xs, ys = _values(line.get_xdata(), ax.xaxis), _values(line.get_ydata(), ax.yaxis)
        if not any(isinstance(y, float) for y in ys):  # empty, or error bars of single values
            continue
        add("line", _name(line, n, legend, line.get_color()), xs, ys)
        n += 1
    for coll in ax.collections:
        if isinstance(coll, PathCollection) and coll.get_visible() and len(coll.get_offsets()):
            off = np.asarray(coll.get_offsets())
            xs, ys = _values(off[:, 0], ax.xaxis), _values(off[:, 1], ax.yaxis)
            add("scatter", _name(coll, n, legend, coll.get_facecolor()), xs, ys)
            n += 1
        elif isinstance(coll, QuadMesh) and coll.get_visible():
            _grid(ax, np.ma.filled(np.ma.asarray(coll.get_array(), dtype=float), np.nan), facts, rows, panel)
    for container in getattr(ax, "containers", []):
        values = getattr(container, "datavalues", None)
        patches = getattr(container, "patches", None)
        if values is None or not patches:
            continue
        vertical = getattr(container, "orientation", "vertical") == "vertical"
        if vertical:
            pos = [p.get_x() + p.get_width() / 2 for p in patches]
            xs, ys = _values(pos, ax.xaxis), [float(v) for v in np.asarray(values, dtype=float)]
        else:
            pos = [p.get_y() + p.get_height() / 2 for p in patches]
            xs, ys = _values(pos, ax.yaxis), [float(v) for v in np.asarray(values, dtype=float)]
        add("bar", _name(container, n, legend, patches[0].get_facecolor()), xs, ys)
        n += 1
    wedges = [p for p in ax.patches if type(p).__name__ == "Wedge" and p.get_visible()]
    if wedges:  # a pie: each slice's share of the circle, in %
        names = [w.get_label() if not w.get_label().startswith("_") else f"slice {i + 1}" for i, w in enumerate(wedges)]
        add("pie", "% of the whole", names, [float((w.theta2 - w.theta1) / 360 * 100) for w in wedges])
    for image in ax.get_images():
        if image.get_visible():
            _grid(ax, np.ma.filled(np.ma.asarray(image.get_array(), dtype=float), np.nan), facts, rows, panel)
    return facts, rows


def _grid(ax, values: np.ndarray, facts: dict, rows: list[dict], panel: str) -> None:
    """A heatmap or image: its shape, its value range and, for small grids, one row per cell."""
    if values.ndim != 2:
        return
    if "heatmap" not in facts["kinds"]:
        facts["kinds"].append("heatmap")
    finite = values[np.isfinite(values)]
    facts["grid"] = {
        "rows": int(values.shape[0]),
        "columns": int(values.shape[1]),
        "min": float(finite.min()) if finite.size else None,
        "max": float(finite.max()) if finite.size else None,
    }
    ylabels = [t.get_text() for t in ax.get_yticklabels()]
    xlabels = [t.get_text() for t in ax.get_xticklabels()]
    ylabels = ylabels if len(ylabels) == values.shape[0] else [str(i) for i in range(values.shape[0])]
    xlabels = xlabels if len(xlabels) == values.shape[1] else [str(j) for j in range(values.shape[1])]
    if values.size <= MAX_ROWS:
        for i, r in enumerate(values):
            for j, v in enumerate(r):
                rows.append(
                    {"panel": panel, "series": ylabels[i], "x": xlabels[j], "y": None if np.isnan(v) else float(v)}
                )


KIND_WORDS = {
    "line": "line chart",
    "scatter": "scatter plot",
    "bar": "bar chart",
    "heatmap": "heatmap",
    "pie": "pie chart",
}


def facts(fig) -> dict:
    """Kind, titles, axes and a summary of each plotted series; `data` is the plotted values as CSV."""
    panels, rows = [], []
    for i, ax in enumerate(fig.get_axes()):
        if not ax.get_visible() or ax.get_label() == "<colorbar>":
            continue
        f, r = _axes_facts(ax, i)
        if f["kinds"] or f["title"] or f["xlabel"] or f["ylabel"]:
            panels.append(f)
            rows.extend(r)
    suptitle = fig.get_suptitle() if hasattr(fig, "get_suptitle") else ""
    kinds = []
    for p in panels:
        kinds += [k for k in p["kinds"] if k not in kinds]
    if "line" in kinds and "scatter" in kinds:
        kinds.remove("scatter")  # points on a line chart mark its values
    kind = " and ".join(KIND_WORDS[k] for k in kinds) or "chart"
    with_data = [p for p in panels if p["kinds"]]
    if len(with_data) > 1:
        kind = f"{len(with_data)}-panel {kind}"
    titles = [p["title"] for p in panels if p["title"]]
    out = {
        "kind": kind,
        "title": suptitle or (titles[0] if len(panels) == 1 and titles else ""),
        "panels": panels,
        "data": _table(rows, panels),
    }
    return out


def _table(rows: list[dict], panels: list[dict]) -> str:
    if not rows:
        return ""
    frame = pd.DataFrame(rows[:MAX_ROWS])
    xl = {p["xlabel"] for p in panels if p["kinds"]}
    yl = {p["ylabel"] for p in panels if p["kinds"]}
    names = {}
    if len(xl) == 1 and (x := xl.pop()):
        names["x"] = x
    if len(yl) == 1 and (y := yl.pop()):
        names["y"] = y
    if len(set(names.values())) == len(names) and not set(names.values()) & {"panel", "series", "x", "y"}:
        frame = frame.rename(columns=names)
    if frame["panel"].nunique() == 1:
        frame = frame.drop(columns="panel")
    return frame.to_csv(index=False, lineterminator="\n")
