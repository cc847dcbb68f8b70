"""Misattributions: figures a page prints under the wrong series or measure.

A raw row with `attribution` = `misattributed` stays in the ledger (status `misattributed`) but
never takes part in the resolution of the figure it was printed as, so it creates no conflict
there. When `belongs_to` names the figure it really is (`<series>/<measure>`, same period and
partner), the row counts as a source of that figure instead: it corroborates or conflicts there
like any other source, and says what it was printed as (`printed_as`).
"""

from __future__ import annotations

import pandas as pd

from .sources import cite_all

COLUMNS = ["file", "line", "printed_as", "belongs_to", "period", "partner", "value", "unit", "source",
           "source_url", "quote", "note"]  # fmt: skip


def resolution_rows(ledger: pd.DataFrame) -> pd.DataFrame:
    """The rows resolution uses: every row not misattributed, and misattributed rows with
    `belongs_to`, re-keyed to the figure they belong to (`printed_as` keeps the printed figure)."""
    if "status" not in ledger.columns:
        return ledger
    misattributed = ledger["status"] == "misattributed"
    if not misattributed.any():
        return ledger.assign(printed_as="")
    moved = ledger[misattributed & (ledger["belongs_to"] != "")]
    if moved.empty:
        return ledger[~misattributed].assign(printed_as="")
    parts = moved["belongs_to"].str.split("/", n=1, expand=True)
    moved = moved.assign(printed_as=moved["series"] + "/" + moved["measure"], series=parts[0], measure=parts[1])
    return pd.concat([ledger[~misattributed].assign(printed_as=""), moved], ignore_index=True)


def misattributions(ledger: pd.DataFrame) -> pd.DataFrame:
    """One row per misattributed observation: where it is (file, line), what the page printed it
    as, what it belongs to (empty when unclear), the value and the source (cited)."""
    if "status" not in ledger.columns:
        return pd.DataFrame(columns=COLUMNS)
    m = ledger[ledger["status"] == "misattributed"].sort_values(["file", "line"])
    return pd.DataFrame({
        "file": m["file"], "line": m["line"], "printed_as": m["series"] + "/" + m["measure"],
        "belongs_to": m["belongs_to"], "period": m["period"], "partner": m["partner"], "value": m["value"],
        "unit": m["unit"], "source": cite_all(m["origin"], m["outlet"], m["source_date"]),
        "source_url": m["source_url"], "quote": m["quote"], "note": m["note"],
    }, columns=COLUMNS).reset_index(drop=True)  # fmt: skip
