"""Strip solved notebooks for release: answers stubbed, outputs and editor state cleared.

    released = strip_notebook(text, "knn.ipynb", templates, width=80)

Code cells use the Python marker grammar and markdown cells the markdown one (see markers).
"""

from __future__ import annotations

from dataclasses import dataclass

import nbformat

from grader.markers import MARKDOWN, PYTHON, Region, StubTemplates, strip_solutions

# Cell metadata worth keeping in a release; editor state and timings are dropped.
KEPT_CELL_METADATA = ("tags",)
KEPT_NOTEBOOK_METADATA = ("kernelspec", "language_info")


@dataclass(frozen=True)
class CellRegion:
    """An answer region inside one notebook cell."""

    cell_index: int
    cell_id: str
    region: Region
    stub: str


@dataclass(frozen=True)
class StrippedNotebook:
    text: str
    regions: tuple[CellRegion, ...]


def read_notebook(text: str) -> nbformat.NotebookNode:
    """Parse notebook JSON as nbformat 4."""
    return nbformat.reads(text, as_version=4)


def strip_notebook(
    text: str,
    where: str,
    templates: StubTemplates,
    width: int,
    trailer: bool = False,
    fill: bool = False,
) -> StrippedNotebook:
    """Stub every answer, clear outputs and execution counts, and drop editor metadata.

    `fill` keeps the answers inside the stubs (see markers.StubTemplates.render).
    """
    nb = read_notebook(text)
    regions: list[CellRegion] = []
    for index, cell in enumerate(nb.cells):
        cell.setdefault("id", f"cell-{index}")
        syntax = {"code": PYTHON, "markdown": MARKDOWN}.get(cell.cell_type)
        if syntax is not None:
            stripped = strip_solutions(
                cell.source, f"{where} cell {index}", syntax, templates, width, trailer, fill
            )
            cell.source = stripped.text
            regions.extend(
                CellRegion(index, cell.id, region, stub)
                for region, stub in zip(stripped.regions, stripped.stubs, strict=True)
            )
    return StrippedNotebook(write_notebook(clear_outputs(nb)), tuple(regions))


def clear_outputs(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Remove outputs, execution counts and editor metadata, in place; returns `nb`."""
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        cell.metadata = {k: v for k, v in cell.metadata.items() if k in KEPT_CELL_METADATA}
    nb.metadata = {k: v for k, v in nb.metadata.items() if k in KEPT_NOTEBOOK_METADATA}
    return nb


def write_notebook(nb: nbformat.NotebookNode) -> str:
    """Serialise after validating; the JSON is key-sorted, so equal notebooks give equal bytes."""
    nbformat.validate(nb)
    return nbformat.writes(nb) + "\n"
