"""What the press reported happening in the sectors: counts, per-sector summaries, a timeline.

Input is the frame of `ledger.evidence.load_sector_disruptions`: one row per reported event with
its sector, kind, evidence grade and source.

Severity order (most severe first), used to pick each sector's most severe event:
halt > licence_refused > slowdown > warning > licence_granted = resumption. Among events of the
same severity the better-sourced (first-hand, then second-hand) and then the earlier one is shown.
Weak reports are counted and shown as such, but one is picked as a sector's most severe event only
when the sector has no first- or second-hand report.
"""

from __future__ import annotations

import pandas as pd

from ..ledger.evidence import EVIDENCE, KIND_LABELS, KINDS, SECTOR_LABELS, SECTORS, citation, format_date
from ..report import fmt

SEVERITY = {"halt": 0, "licence_refused": 1, "slowdown": 2, "warning": 3, "licence_granted": 4, "resumption": 4}
EVIDENCE_RANK = {e: i for i, e in enumerate(EVIDENCE)}  # first-hand, second-hand, weak


def counts(disruptions: pd.DataFrame, by: str = "kind") -> pd.DataFrame:
    """Events by sector (rows, the article's five in order) and kind or evidence (columns), with totals.

    Sectors and kinds without events are kept as zeros: no evidence is a finding too.
    """
    columns = {"kind": KINDS, "evidence": EVIDENCE}[by]
    table = pd.crosstab(disruptions["sector"], disruptions[by]).reindex(index=SECTORS, columns=columns, fill_value=0)
    table["total"] = table.sum(axis=1)
    table.loc["total"] = table.sum(axis=0)
    table.index.name, table.columns.name = "sector", by
    return table


def ranked(disruptions: pd.DataFrame) -> pd.DataFrame:
    """Events from most to least severe: severity, then evidence (weak last), then date."""
    out = disruptions.assign(
        severity=disruptions["kind"].map(SEVERITY),
        evidence_rank=disruptions["evidence"].map(EVIDENCE_RANK),
        weak=disruptions["evidence"].eq("weak"),
    )
    return out.sort_values(["weak", "severity", "evidence_rank", "date"], kind="stable")


def sector_summary(disruptions: pd.DataFrame) -> pd.DataFrame:
    """One row per article sector: events, weak events, first and last date, the most severe event.

    The most severe event comes with its kind, company, date, what happened, evidence grade, and
    source citation ("Origin, 20 Aug 2025 (read at Outlet)") and URL. A sector with no event has
    events = 0 and empty fields.
    """
    rows = []
    for sector in SECTORS:
        sel = disruptions[disruptions["sector"] == sector]
        row = {"sector": sector, "label": SECTOR_LABELS[sector], "events": len(sel),
               "weak": int(sel["evidence"].eq("weak").sum())}  # fmt: skip
        for kind in KINDS:
            row[f"n_{kind}"] = int(sel["kind"].eq(kind).sum())
        if sel.empty:
            rows.append(row)
            continue
        top = ranked(sel).iloc[0]
        row.update(
            first_date=sel["date"].min(), last_date=sel["date"].max(),
            severe_kind=top["kind"], severe_company=top["company"], severe_date=top["date"],
            severe_what=top["what"], severe_evidence=top["evidence"], severe_source=citation(top),
            severe_url=top["source_url"],
        )  # fmt: skip
        rows.append(row)
    cols = ["sector", "label", "events", "weak", *[f"n_{k}" for k in KINDS], "first_date", "last_date", "severe_kind",
            "severe_company", "severe_date", "severe_what", "severe_evidence", "severe_source", "severe_url"]  # fmt: skip
    return pd.DataFrame(rows).reindex(columns=cols)


def timeline(disruptions: pd.DataFrame, weak: bool = True) -> pd.DataFrame:
    """Events per month, sector and kind (month, sector, kind, n, n_weak), for a timeline chart.

    Events known only to the month sit in their month like the others. `weak=False` leaves weak
    reports out.
    """
    sel = disruptions if weak else disruptions[disruptions["evidence"] != "weak"]
    out = (
        sel.assign(is_weak=sel["evidence"].eq("weak"))
        .groupby(["month", "sector", "kind"], sort=True)
        .agg(n=("kind", "size"), n_weak=("is_weak", "sum"))
        .reset_index()
    )
    out["n_weak"] = out["n_weak"].astype(int)
    out["timestamp"] = pd.to_datetime(out["month"] + "-15")
    return out


def events_table(disruptions: pd.DataFrame) -> pd.DataFrame:
    """The events as a reader sees them: date, sector, kind, company, what, evidence, source."""
    out = ranked(disruptions).sort_values(["date", "severity"], kind="stable")
    return pd.DataFrame({
        "date": out["date"].map(format_date), "sector": out["sector"].map(SECTOR_LABELS),
        "kind": out["kind"].map(KIND_LABELS), "company": out["company"], "what": out["what"],
        "evidence": out["evidence"], "source": [citation(r) for _, r in out.iterrows()], "url": out["source_url"],
    }).reset_index(drop=True)  # fmt: skip


def halt_examples(disruptions: pd.DataFrame, n: int = 2, start: str | None = None, end: str | None = None,
                  kinds: tuple[str, ...] = ("halt",)) -> pd.DataFrame:
    """The earliest first- or second-hand events of `kinds` (one per company) between two months.

    Month-precision events sort at the start of their month.
    """  # fmt: skip
    sel = disruptions[disruptions["kind"].isin(kinds) & disruptions["evidence"].ne("weak")]
    if start:
        sel = sel[sel["month"] >= start]
    if end:
        sel = sel[sel["month"] <= end]
    return sel.sort_values(["date", "line"], kind="stable").drop_duplicates("company").head(n)


def _event_phrase(r) -> str:
    return f"{r['company']} ({format_date(r['date'])}, reported by {r['origin']})"


def disruption_sentence(disruptions: pd.DataFrame, n_examples: int = 2, start: str | None = None,
                        end: str | None = None) -> str:
    """Plain text: how many events, in which sectors, how many halts, and named stoppages.

    Counts are of first- and second-hand reports; weak ones are counted apart. The named stoppages
    are the earliest first- or second-hand halts (one per company), from `start` to `end` (YYYY-MM)
    when given. Every number and name comes from the frame.
    """  # fmt: skip
    firm, weak, nothing = _firm(disruptions)
    if nothing:
        return nothing
    per_sector = firm["sector"].value_counts()
    sectors = [f"{SECTOR_LABELS[s]} {per_sector[s]}" for s in SECTORS if s in per_sector.index]
    none = [SECTOR_LABELS[s] for s in SECTORS if s not in per_sector.index]
    halts = int(firm["kind"].eq("halt").sum())
    months = f"{format_date(firm['month'].min())} to {format_date(firm['month'].max())}"
    text = (f"The stored press documents {len(firm)} first- or second-hand sector events from {months} "
            f"({', '.join(sectors)}{'; none for ' + fmt.join(none, 'or') if none else ''}), "
            f"{halts} of them production or supply halts")  # fmt: skip
    text += f"; {weak} more rest on weak reports." if weak else "."
    examples = halt_examples(disruptions, n_examples, start, end)
    if not examples.empty:
        phrases = [_event_phrase(r) for _, r in examples.iterrows()]
        lead = "The first documented stoppages" if start is None else "Documented stoppages"
        text += f" {lead}: {fmt.join(phrases)}."
    return text


def _firm(disruptions: pd.DataFrame) -> tuple[pd.DataFrame, int, str]:
    """The first- and second-hand reports, the number of weak ones, and what to say instead of a
    summary when there is no firm report ('' when there is one)."""
    firm = disruptions[disruptions["evidence"] != "weak"]
    weak = len(disruptions) - len(firm)
    if disruptions.empty:
        return firm, weak, "We hold no reported disruption."
    if firm.empty:
        return firm, weak, (f"We hold {weak} weak report{'s' if weak != 1 else ''} of sector disruptions "
                            "and no first- or second-hand one.")  # fmt: skip
    return firm, weak, ""


def disruption_brief_sentence(disruptions: pd.DataFrame, n_examples: int = 2) -> str:
    """The short form for the brief: how many first- or second-hand events over which months, how
    many in the sector with most and how many halts, weak reports apart, and the first named
    stoppages. Every number and name comes from the frame."""
    firm, weak, nothing = _firm(disruptions)
    if nothing:
        return nothing
    per_sector = firm["sector"].value_counts().reindex(SECTORS).dropna()
    top = per_sector.idxmax()  # the first of the article's order on a tie
    halts = int(firm["kind"].eq("halt").sum())
    text = (f"From {format_date(firm['month'].min())} to {format_date(firm['month'].max())} the stored press documents "
            f"{len(firm)} first- or second-hand sector events, {int(per_sector[top])} of them in {SECTOR_LABELS[top]} and "
            f"{halts} of them halts" + (f" ({weak} more weak report{'s' if weak != 1 else ''})." if weak else "."))  # fmt: skip
    examples = halt_examples(disruptions, n_examples)
    if not examples.empty:
        text += f" The first documented stoppages: {fmt.join([_event_phrase(r) for _, r in examples.iterrows()])}."
    return text

