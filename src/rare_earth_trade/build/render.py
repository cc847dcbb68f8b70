"""Executed notebook -> self-contained HTML (nbconvert, our template) -> PDF (WeasyPrint).

The HTML hides code and the parameters cells, gets a table of contents from its headings, and
must not reference anything outside itself: render refuses scripts and remote resources.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
from bs4 import BeautifulSoup

from .. import __version__
from ..errors import BuildError

TEMPLATES = Path(__file__).parent / "templates"
HIDDEN_TAGS = ("parameters", "injected-parameters", "remove-cell")


def _exporter():
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor

    exporter = HTMLExporter(
        template_name="report",
        extra_template_basedirs=[str(TEMPLATES)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    exporter.register_preprocessor(TagRemovePreprocessor(remove_cell_tags=set(HIDDEN_TAGS), enabled=True), enabled=True)
    return exporter


def _slug(text: str, used: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "section"
    slug, n = base, 2
    while slug in used:
        slug, n = f"{base}-{n}", n + 1
    used.add(slug)
    return slug


def finish_html(html: str, running_header: str) -> str:
    """Fill the table of contents and the title; refuse anything that would need the network."""
    soup = BeautifulSoup(html, "html.parser")
    main = soup.find("main")
    used: set[str] = set()
    entries = []
    for h in main.find_all(["h1", "h2", "h3"]):
        for anchor in h.find_all("a", class_="anchor-link"):
            anchor.decompose()
        h["id"] = _slug(h.get_text(" ", strip=True), used)
        if h.name in ("h2", "h3"):
            entries.append((h.name, h["id"], h.get_text(" ", strip=True)))
    h1 = main.find("h1")
    title = h1.get_text(" ", strip=True) if h1 else running_header
    soup.title.string = title
    nav = soup.find("nav", id="toc")
    if entries:
        nav.append(soup.new_tag("p", attrs={"class": "toc-title"}))
        nav.p.string = "Contents"
        ol = soup.new_tag("ol")
        for level, ident, text in entries:
            li = soup.new_tag("li", attrs={"class": f"toc-{level}"})
            a = soup.new_tag("a", href=f"#{ident}")
            a.string = text
            li.append(a)
            ol.append(li)
        nav.append(ol)
        if h1 is not None:  # the contents come after the title block
            nav.extract()
            (h1.find_parent("section") or h1).insert_after(nav)
    else:
        nav.decompose()
    _refuse_remote(soup)
    return str(soup)


def _refuse_remote(soup: BeautifulSoup) -> None:
    if soup.find("script") is not None:
        raise BuildError("the rendered HTML holds a <script> element; reports must be static")
    for tag in soup.find_all(src=True):
        if not tag["src"].startswith("data:"):
            raise BuildError(f"the rendered HTML loads {tag['src'][:80]!r}; reports must be self-contained")
    for tag in soup.find_all("link", href=True):
        raise BuildError(f"the rendered HTML links a stylesheet {tag['href'][:80]!r}; reports must be self-contained")


def render_html(notebook: Path, running_header: str, colophon: str, lang: str = "en") -> str:
    nb = nbformat.read(str(notebook), as_version=4)
    resources = {
        "report": {
            "lang": lang,
            "version": __version__,
            "title": running_header,
            "running_header": running_header,
            "colophon": colophon,
            "css": (TEMPLATES / "report" / "report.css").read_text(encoding="utf-8"),
        }
    }
    body, _ = _exporter().from_notebook_node(nb, resources=resources)
    return finish_html(body, running_header)


def render_pdf(html: str, target: Path) -> None:
    import logging

    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    # Images are data: URIs; nothing else may be fetched, so a PDF never depends on the network.
    fetcher = URLFetcher(allowed_protocols=["data"], fail_on_errors=True)
    HTML(string=html, base_url=str(target.parent), url_fetcher=fetcher).write_pdf(str(target))
