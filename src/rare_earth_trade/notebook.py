"""The one call at the top of every report notebook."""

from __future__ import annotations

from .context import ReportContext
from .present import Page


def start(notebook: str, figure_dir: str | None = None, **parameters) -> tuple[ReportContext, Page]:
    """Validate the parameters cell, load the data as of the month, and open the page.

    Parameters left as None take the defaults of `rare_earth_trade.params.Parameters`.
    """
    given = {k: v for k, v in parameters.items() if v is not None}
    ctx = ReportContext.from_notebook(notebook, figure_dir, **given)
    return ctx, Page(notebook, ctx.figure_dir)
