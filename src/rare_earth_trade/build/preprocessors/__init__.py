"""The report's anatomy, added at render time: one nbconvert preprocessor per concern.

In the order the exporter runs them:

1. `CellOptionsPreprocessor` reads the Quarto cell options (`#| fig-cap: ...`) of each code cell;
2. `HideCellsPreprocessor` removes the parameters cells and cells marked `include: false`;
3. `CleanOutputsPreprocessor` drops object reprs (`<Axes: ...>`) and repeated images;
4. `FigurePreprocessor` numbers figures, adds caption, alt text, unit/Source/Note lines, and
   writes each figure's data as CSV beside the report;
5. `TablePreprocessor` numbers tables and adds their caption and Source/Note lines;
6. `HeadingsPreprocessor` gives headings stable ids and collects the table of contents and title.

The template (`build/templates/report`) lays out what they record in each output's metadata.
"""

from .clean import CleanOutputsPreprocessor
from .figures import FigurePreprocessor
from .headings import HeadingsPreprocessor
from .hide import HideCellsPreprocessor
from .options import CellOptionsPreprocessor
from .tables import TablePreprocessor

PREPROCESSORS = [
    CellOptionsPreprocessor,
    HideCellsPreprocessor,
    CleanOutputsPreprocessor,
    FigurePreprocessor,
    TablePreprocessor,
    HeadingsPreprocessor,
]

__all__ = [
    "PREPROCESSORS",
    "CellOptionsPreprocessor",
    "CleanOutputsPreprocessor",
    "FigurePreprocessor",
    "HeadingsPreprocessor",
    "HideCellsPreprocessor",
    "TablePreprocessor",
]
