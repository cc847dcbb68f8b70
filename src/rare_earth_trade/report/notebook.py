"""The one call at the top of every report notebook."""

from __future__ import annotations

from ..build.params import NOTEBOOK_PARAMETERS, parameters_from
from .asof import AsOf, load_as_of


def start(namespace: dict) -> AsOf:
    """Check the parameters cell, load the data as of the month, and set up the kernel for the report.

    `namespace` is the notebook's `globals()`: the parameters cell's names are read from it, with the
    same parsing and validation as the command line. In an IPython kernel, `start` also applies the
    house style to every chart (`theme.apply`) and installs the display formatters that record each
    figure's data and each output's report options (`display.register`). Importing the package does
    neither.
    """
    params = parameters_from({k: namespace[k] for k in NOTEBOOK_PARAMETERS if namespace.get(k) is not None})
    data = load_as_of(params)
    shell = _shell()
    if shell is not None:
        import matplotlib.pyplot  # noqa: F401  (activates the kernel's inline backend before we adjust it)

        from . import display, theme

        theme.apply()
        display.register(shell)
    return data


def _shell():
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    return get_ipython()
