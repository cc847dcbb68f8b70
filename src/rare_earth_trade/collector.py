"""Pause Python's cyclic garbage collector while building large acyclic data.

Reading a ledger creates hundreds of thousands of small containers (a list of cells per record,
a string per cell). Each burst of allocations triggers a collection that walks every container
still alive, so at 100,000 observations the collector's repeated passes were about a quarter of
`make data` and found nothing to free. The previous state is restored on exit: nothing global
changes for the caller or for a notebook that imports the package.

Two places use it: `load_ledger`, where the ledger is built (every caller, kernels included), and
the `data` command as a whole (resolution, derivation and the CSV write also allocate a lot while
the ledger is alive).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
