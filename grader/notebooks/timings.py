"""Per-cell timeouts of graded notebooks, from the reference's own cell times.

    timeouts = cell_timeouts(assignment, "knn.ipynb")    # {cell id: seconds}

`grader timings NAME` (make notebook-timings) runs the reference notebooks in the sandbox and
writes each code cell's wall time to assignments/<name>/notebook_timings.json; a cell's
timeout is a multiple of that with a floor ([notebooks] in assignment.toml), so a looping cell
is cut in seconds while a slow, correct one is not. A notebook with no recorded times gets the
new-cell timeout for every cell.
"""

from __future__ import annotations

import json
from pathlib import Path

from grader.config import Assignment

TIMINGS_FILE = "notebook_timings.json"


def timings_path(assignment: Assignment) -> Path:
    return assignment.directory / TIMINGS_FILE


def load_timings(assignment: Assignment) -> dict[str, dict[str, float]]:
    """{notebook: {cell id: seconds}} as recorded, or {} when nothing is."""
    path = timings_path(assignment)
    return json.loads(path.read_text()) if path.is_file() else {}


def cell_timeouts(assignment: Assignment, notebook: str) -> dict[str, float]:
    """{cell id: timeout in seconds} for the cells the reference has."""
    settings = assignment.notebooks
    recorded = load_timings(assignment).get(notebook, {})
    return {
        cell: max(settings.cell_timeout_floor_s, settings.cell_timeout_multiple * seconds)
        for cell, seconds in recorded.items()
    }


def write_timings(assignment: Assignment, times: dict[str, dict[str, float]]) -> Path:
    """Record reference cell times, rounded to 10 ms so a rerun changes few lines."""
    rounded = {nb: {c: round(s, 2) for c, s in cells.items()} for nb, cells in times.items()}
    path = timings_path(assignment)
    path.write_text(json.dumps(rounded, indent=1, sort_keys=True) + "\n")
    return path
