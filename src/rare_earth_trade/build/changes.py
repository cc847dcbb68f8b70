"""What changed between two published reports, from what each report keeps (its summary file).

Every published report writes `summary_<as-of>.json` beside its manifest: the parameters, every
resolved figure (value, range, status, source), the conflicts, the headline numbers and the claims'
verdicts. Comparing two summaries needs no rebuild of the old report. The comparison is used by the
brief ("What changed since <date>"), by `reports/index.html` (one line) and by the command
`python -m rare_earth_trade diff reports/A reports/B [--json]`.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..errors import ReportError
from ..report import fmt

SUMMARY = "summary_{as_of}.json"
SCHEMA = 1


class ComparisonError(ReportError):
    """A report folder or summary that cannot be compared."""

    exit_code = 2


@dataclass(frozen=True)
class Report:
    """One published report: its date folder and as-of month."""

    folder: Path
    as_of: str

    @property
    def date(self) -> str:
        return self.folder.name

    @property
    def summary_path(self) -> Path:
        return self.folder / SUMMARY.format(as_of=self.as_of)

    def label(self) -> str:
        return f"{self.date} (data as of {fmt.month(self.as_of)})"


def published(reports_dir: Path) -> list[Report]:
    """Every published report that kept a summary, oldest first (by report date, then as-of month)."""
    out = []
    root = Path(reports_dir)
    for folder in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")) if root.is_dir() else []:
        for path in sorted(folder.glob(SUMMARY.format(as_of="*"))):
            out.append(Report(folder, path.stem.removeprefix("summary_")))
    return sorted(out, key=lambda r: (r.date, r.as_of))


def previous(reports_dir: Path, report_date: str, as_of: str) -> Report | None:
    """The report published just before (report_date, as_of): the latest earlier report date, or an
    earlier as-of month on the same date."""
    earlier = [r for r in published(reports_dir) if (r.date, r.as_of) < (report_date, as_of)]
    return earlier[-1] if earlier else None


def resolve_report(path: Path, as_of: str | None = None) -> Report:
    """A report named by its date folder (latest as-of month in it unless `as_of`) or its summary file."""
    path = Path(path)
    if path.is_file() and path.name.startswith("summary_"):
        return Report(path.parent, path.stem.removeprefix("summary_"))
    if not path.is_dir():
        raise ComparisonError(f"{path} is not a published report folder")
    found = sorted(p.stem.removeprefix("summary_") for p in path.glob(SUMMARY.format(as_of="*")))
    if not found:
        raise ComparisonError(f"{path} holds no summary_<as-of>.json: it was published before reports kept summaries")
    if as_of is None:
        return Report(path, found[-1])
    if as_of not in found:
        raise ComparisonError(f"{path} holds no report as of {as_of}; it holds: {', '.join(found)}")
    return Report(path, as_of)


def load(report: Report) -> dict:
    try:
        data = json.loads(report.summary_path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as e:
        raise ComparisonError(f"cannot read {report.summary_path}: {e}") from None
    if data.get("schema") != SCHEMA:
        raise ComparisonError(f"{report.summary_path} has summary schema {data.get('schema')!r}; this version reads {SCHEMA}")
    return data


def write(summary: dict, folder: Path) -> Path:
    path = Path(folder) / SUMMARY.format(as_of=summary["as_of"])
    path.write_text(json.dumps(summary, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


# --- the comparison -----------------------------------------------------------------------------
@dataclass
class Changes:
    old: str  # labels of the two reports
    new: str
    old_date: str
    months_added: list[str] = field(default_factory=list)  # world magnet tonnages new in `new`
    months_removed: list[str] = field(default_factory=list)
    figures_added: int = 0  # every new figure (any series, partner, measure)
    revised: list[dict] = field(default_factory=list)  # figure, period, what, old, new
    conflicts_new: list[str] = field(default_factory=list)
    conflicts_resolved: list[str] = field(default_factory=list)
    headline: list[dict] = field(default_factory=list)  # name, old, new (display strings), old_short, new_short
    claims: list[dict] = field(default_factory=list)  # claim, old, new
    parameters: list[dict] = field(default_factory=list)  # name, old, new

    @property
    def empty(self) -> bool:
        return not (self.months_added or self.months_removed or self.figures_added or self.revised
                    or self.conflicts_new or self.conflicts_resolved or self.headline or self.claims
                    or self.parameters)

    def as_dict(self) -> dict:
        return asdict(self)


WORLD_TONNES = ("magnet_exports", "WLD", "tonnes")


def _key(f: dict) -> str:
    return f"{f['series']}/{f['partner']}/{f['period']}/{f['measure']}"


def describe_key(key: str) -> str:
    """'magnet_exports/USA/2025-06/tonnes' -> 'magnet exports, USA, Jun 2025, tonnes'."""
    series, partner, period, measure = key.split("/")
    what = {"tonnes": "tonnes", "mom_pct": "% on month", "yoy_pct": "% on year", "ytd_tonnes": "year-to-date tonnes",
            "ytd_yoy_pct": "year-to-date %", "rank": "rank"}.get(measure, measure)
    return f"{series.replace('_', ' ')}, {partner}, {fmt.month(period)}, {what}"


def _show(f: dict) -> str:
    v = f["value"]
    text = f"{v:,.0f}" if f["measure"] in ("tonnes", "ytd_tonnes") else f"{v:g}"
    status, source = f.get("status", ""), f.get("source", "")
    about = ", ".join(dict.fromkeys(x for x in (status, source) if x))  # 'derived' once, not twice
    return f"{text} ({about})" if about else text


def compare(old: dict, new: dict) -> Changes:
    """What `new` says differently from `old`."""
    ch = Changes(old=_label(old), new=_label(new), old_date=old["report_date"])
    a = {_key(f): f for f in old.get("figures", [])}
    b = {_key(f): f for f in new.get("figures", [])}
    world = "/".join(WORLD_TONNES[:2])
    ch.months_added = sorted(k.split("/")[2] for k in b.keys() - a.keys() if k.startswith(world) and k.endswith("/tonnes"))
    ch.months_removed = sorted(k.split("/")[2] for k in a.keys() - b.keys() if k.startswith(world) and k.endswith("/tonnes"))
    ch.figures_added = len(b.keys() - a.keys())
    for k in sorted(a.keys() & b.keys()):
        fa, fb = a[k], b[k]
        moved = abs(fa["value"] - fb["value"]) > 1e-6 * max(1.0, abs(fa["value"]))
        if moved or fa.get("status") != fb.get("status") or fa.get("source") != fb.get("source"):
            what = [w for w, changed in (("value", moved), ("status", fa.get("status") != fb.get("status")),
                                          ("source", fa.get("source") != fb.get("source"))) if changed]
            ch.revised.append({"figure": describe_key(k), "period": fa["period"], "what": ", ".join(what),
                               "old": _show(fa), "new": _show(fb)})
    ca = {c["figure"] for c in old.get("conflicts", [])}
    cb = {c["figure"] for c in new.get("conflicts", [])}
    ch.conflicts_new = sorted(cb - ca)
    ch.conflicts_resolved = sorted(ca - cb)
    ha, hb = old.get("headline", {}), new.get("headline", {})
    for name in hb:
        b = hb[name]
        if name in ha and _typeset(ha[name]["text"]) != _typeset(b["text"]):
            a = ha[name]
            ch.headline.append({"name": b["label"], "old": a["text"], "new": b["text"],
                                "old_short": a.get("short", a["text"]), "new_short": b.get("short", b["text"])})
        elif name not in ha:
            ch.headline.append({"name": b["label"], "old": "not measured", "new": b["text"],
                                "old_short": "not measured", "new_short": b.get("short", b["text"])})
    va, vb = old.get("claims", {}), new.get("claims", {})
    for cid in vb:
        if cid in va and va[cid]["verdict"] != vb[cid]["verdict"]:
            ch.claims.append({"claim": vb[cid]["claim"], "old": va[cid]["verdict"], "new": vb[cid]["verdict"]})
    pa, pb = old.get("parameters", {}), new.get("parameters", {})
    for name in sorted(pa.keys() | pb.keys()):
        if name in ("report_date", "data_dir", "reports_dir") or pa.get(name) == pb.get(name):
            continue
        ch.parameters.append({"name": name, "old": _param(pa.get(name)), "new": _param(pb.get(name))})
    return ch


def _label(summary: dict) -> str:
    return f"{summary['report_date']} (data as of {fmt.month(summary['as_of'])})"


def _typeset(text: str) -> str:
    """A headline's text without typography: summaries written before month spans took an en
    dash ("Apr-Jun 2025") say the same as today's ("Apr–Jun 2025")."""
    return text.replace("\u2013", "-")


def _param(value) -> str:
    if value is None:
        return "default"
    return ", ".join(map(str, value)) if isinstance(value, list) else str(value)


def month_span(periods: list[str]) -> str:
    """['2026-01', '2026-02', '2026-03', '2026-05'] -> 'January–March 2026 and May 2026'."""
    return fmt.month_list(periods)


def one_line(ch: Changes | None) -> str:
    """The line on reports/index.html."""
    if ch is None:
        return "First report: nothing to compare with."
    if ch.empty:
        return f"No change since {ch.old}."
    bits = []
    if ch.months_added:
        bits.append(f"{month_span(ch.months_added)} new")
    if ch.revised:
        bits.append(f"{len(ch.revised)} figure(s) revised")
    if ch.conflicts_new:
        bits.append(f"{len(ch.conflicts_new)} new conflict(s)")
    if ch.conflicts_resolved:
        bits.append(f"{len(ch.conflicts_resolved)} conflict(s) resolved")
    if ch.claims:
        bits.append(f"{len(ch.claims)} claim verdict(s) changed")
    differ = [p["name"] for p in ch.parameters if p["name"] != "as_of"]  # the labels carry the as-of month
    if differ:
        bits.append("parameters differ: " + ", ".join(differ))
    if not bits and ch.figures_added:
        bits.append(f"{ch.figures_added} figure(s) added")
    if not bits and ch.headline:
        bits.append("headline numbers moved")
    return f"Since {ch.old}: " + "; ".join(bits) + "."


def lines(ch: Changes | None) -> list[str]:
    """The comparison as plain sentences, one per change (the diff command; the brief condenses
    them, report/summary.brief_lines)."""
    if ch is None:
        return ["This is the first published report: there is nothing to compare with."]
    if ch.empty:
        return [f"Nothing changed since the report of {ch.old}: same figures, same parameters."]
    out = []
    if ch.months_added:
        n = len(ch.months_added)
        out.append(f"{month_span(ch.months_added)} {'is' if n == 1 else 'are'} new (world magnet exports).")
    if ch.months_removed:
        out.append(f"No longer in the data: {month_span(ch.months_removed)} (world magnet exports).")
    others = ch.figures_added - len(ch.months_added)
    if others > 0:
        out.append(f"{others} other figure(s) are new (destinations, % changes, cumulative totals, other series).")
    for r in ch.revised:
        out.append(f"Revised: {r['figure']} ({r['what']}): {r['old']} → {r['new']}.")
    for c in ch.conflicts_new:
        out.append(f"New conflict between sources: {c}.")
    for c in ch.conflicts_resolved:
        out.append(f"Conflict no longer present: {c}.")
    for h in ch.headline:
        out.append(f"{h['name'][:1].upper()}{h['name'][1:]}: {h['old']} → {h['new']}.")
    for c in ch.claims:
        out.append(f"Claim “{c['claim']}”: {c['old']} → {c['new']}.")
    for p in ch.parameters:
        out.append(f"Parameter {p['name']}: {p['old']} → {p['new']}.")
    return out


def since_previous(reports_dir: Path, summary: dict) -> Changes | None:
    """Compare a new summary with the report published before it in `reports_dir` (None: the first)."""
    prev = previous(reports_dir, summary["report_date"], summary["as_of"])
    return compare(load(prev), summary) if prev else None
