"""The one call at the top of every report notebook."""

from __future__ import annotations

from ..build.params import ALLOWED
from .context import ReportContext
from .present import Page


def start(notebook: str, namespace: dict) -> tuple[ReportContext, Page]:
    """Validate the parameters cell, load the data as of the month, and open the page.

    `namespace` is the notebook's globals(): the parameters cell's names are read from it.
    Parameters left as None take the defaults of `rare_earth_trade.build.params.Parameters`.
    """
    given = {k: namespace[k] for k in ALLOWED if namespace.get(k) is not None}
    ctx = ReportContext.from_notebook(notebook, namespace.get("figure_dir"), **given)
    # Figure files carry the as-of month, like the reports beside them.
    return ctx, Page(f"{notebook}_{ctx.as_of}", ctx.figure_dir)
