"""Executed notebook -> self-contained HTML (nbconvert: our preprocessors and template) -> PDF (WeasyPrint).

The preprocessors (`build.preprocessors`) add the report's anatomy: numbered figures and tables
with captions, alt text, unit/Source/Note lines and figure CSVs, the table of contents, and hide
code and parameters. The template lays it out. The result must not reference anything outside
itself: rendering refuses scripts and remote resources.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from bs4 import BeautifulSoup

from .. import __version__
from ..errors import BuildError
from .preprocessors import PREPROCESSORS

TEMPLATES = Path(__file__).parent / "templates"


def exporter():
    from nbconvert import HTMLExporter

    html = HTMLExporter(
        template_name="report",
        extra_template_basedirs=[str(TEMPLATES)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    for preprocessor in PREPROCESSORS:
        html.register_preprocessor(preprocessor(), enabled=True)
    return html


def refuse_remote(html: str) -> None:
    """A report reads offline and runs nothing: no scripts, no remote images, no linked stylesheets."""
    soup = BeautifulSoup(html, "html.parser")
    if soup.find("script") is not None:
        raise BuildError("the rendered HTML holds a <script> element; reports must be static")
    for tag in soup.find_all(src=True):
        if not tag["src"].startswith("data:"):
            raise BuildError(f"the rendered HTML loads {tag['src'][:80]!r}; reports must be self-contained")
    for tag in soup.find_all("link", href=True):
        raise BuildError(f"the rendered HTML links a stylesheet {tag['href'][:80]!r}; reports must be self-contained")


def render_html(notebook: Path, name: str, running_header: str, colophon: str, lang: str = "en") -> tuple[str, dict]:
    """The report HTML of an executed notebook, and the files to write beside it (path: bytes).

    `name` is the report's file stem (e.g. `00_brief_2025-06`); figure CSVs are named after it.
    """
    nb = nbformat.read(str(notebook), as_version=4)
    resources = {
        "metadata": {"name": name},
        "report": {
            "lang": lang,
            "version": __version__,
            "title": running_header,
            "running_header": running_header,
            "colophon": colophon,
            "css": (TEMPLATES / "report" / "report.css").read_text(encoding="utf-8"),
        },
    }
    body, resources = exporter().from_notebook_node(nb, resources=resources)
    refuse_remote(body)
    return body, dict(resources.get("outputs", {}))


def render_pdf(html: str, target: Path) -> None:
    import logging

    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    # Images are data: URIs; nothing else may be fetched, so a PDF never depends on the network.
    fetcher = URLFetcher(allowed_protocols=["data"], fail_on_errors=True)
    HTML(string=html, base_url=str(target.parent), url_fetcher=fetcher).write_pdf(str(target))
