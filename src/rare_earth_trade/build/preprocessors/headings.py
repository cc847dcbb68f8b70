"""Headings: stable, unique ids, the table of contents and the document title.

Headings are written in Markdown cells (`## Recovery`) or computed in the kernel
(`display.heading(...)`). Each ATX heading line becomes an HTML heading with an id made from its
text (deduplicated), so the contents can link to it; the first level-1 heading is the title, and
the contents follow the cell that holds it.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup
from nbconvert.filters.markdown_mistune import markdown2html_mistune
from nbconvert.preprocessors import Preprocessor
from traitlets import Integer

HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$")
FENCE = re.compile(r"^ {0,3}(```|~~~)")


def _slug(text: str, used: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "section"
    slug, n = base, 2
    while slug in used:
        slug, n = f"{base}-{n}", n + 1
    used.add(slug)
    return slug


class HeadingsPreprocessor(Preprocessor):
    """Rewrite headings with ids; collect `resources["report"]["toc"]` and `["title"]`."""

    toc_depth = Integer(3, help="Deepest heading level listed in the contents.").tag(config=True)

    def preprocess(self, nb, resources):
        self.used: set[str] = set()
        report = resources.setdefault("report", {})
        report["toc"], report["title"] = [], report.get("title", "")
        self.title_found = False
        return super().preprocess(nb, resources)

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type == "markdown":
            cell.source = self.rewrite(cell.source, cell, resources)
        elif cell.cell_type == "code":
            for out in cell.get("outputs", []):
                text = out.get("data", {}).get("text/markdown")
                if text is not None:
                    out["data"]["text/markdown"] = self.rewrite("".join(text), cell, resources)
        return cell, resources

    def rewrite(self, source: str, cell, resources) -> str:
        lines, fenced = [], False
        for line in source.splitlines():
            if FENCE.match(line):
                fenced = not fenced
            m = None if fenced else HEADING.match(line)
            if not m:
                lines.append(line)
                continue
            level = len(m.group(1))
            rendered = BeautifulSoup(markdown2html_mistune(line.strip()), "html.parser").find(f"h{level}")
            for anchor in rendered.find_all("a", class_="anchor-link"):
                anchor.decompose()
            text = rendered.get_text(" ", strip=True)
            ident = _slug(text, self.used)
            if level == 1 and not self.title_found:
                self.title_found = True
                resources["report"]["title"] = text
                cell.metadata.setdefault("report", {})["toc_after"] = True
            elif 1 < level <= self.toc_depth:
                resources["report"]["toc"].append({"level": level, "id": ident, "text": text})
            lines += ["", f'<h{level} id="{ident}">{rendered.decode_contents().strip()}</h{level}>', ""]
        return "\n".join(lines)
