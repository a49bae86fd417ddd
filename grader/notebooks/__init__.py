"""Notebooks: strip solved ones for release (strip.py), and run submitted ones for grading on a
sandboxed IPython kernel (kernel.py, execute.py) with per-cell timeouts from the reference's
own times (timings.py); collect their inline answers for staff (answers.py)."""

from grader.notebooks.strip import (
    CellRegion,
    StrippedNotebook,
    clear_outputs,
    read_notebook,
    strip_notebook,
    write_notebook,
)

__all__ = [
    "CellRegion", "StrippedNotebook", "clear_outputs", "read_notebook", "strip_notebook",
    "write_notebook",
]  # fmt: skip
