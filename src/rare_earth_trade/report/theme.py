"""The house style of the report's charts: one seaborn theme and a colour-blind-safe palette.

Nothing changes on import. `apply()` sets the style for the whole kernel (the notebooks' `start`
call does this, so a researcher's own charts look like the report's); `theme()` sets it only inside
a `with` block and restores the previous settings after it.
"""

from __future__ import annotations

from contextlib import contextmanager

import matplotlib as mpl
import seaborn as sns

PALETTE = sns.color_palette("colorblind")
RC = {
    "figure.dpi": 100,
    "figure.figsize": (8.0, 4.2),
    "axes.titlesize": 11,
    "axes.titleweight": "bold",
    "font.family": "DejaVu Sans",
    "svg.fonttype": "path",
}


def apply() -> None:
    """Use the house style from now on (all figures of this kernel or process)."""
    sns.set_theme(style="whitegrid", palette=PALETTE, context="notebook", font_scale=0.9)
    mpl.rcParams.update(RC)


@contextmanager
def theme():
    """Use the house style inside the block only."""
    with mpl.rc_context():
        apply()
        yield
