"""A notebook's code cells as Python source, magics and shell lines blanked.

Standard library only: the worker (server.py) reads notebook definitions with it inside the
sandbox, and the registry reads which names a notebook defines with it in the grader.
"""

from __future__ import annotations

import json


def code_cells(path) -> list[str]:
    """The source of each code cell of the notebook at `path`, in order, with every line that
    starts with % or ! (IPython magics and shell escapes) blanked, so line numbers still match
    the cell's."""
    with open(path, encoding="utf-8") as stream:
        cells = json.load(stream).get("cells", [])
    sources = []
    for cell in cells:
        if cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else str(source)
        lines = ["" if line.lstrip()[:1] in ("%", "!") else line for line in source.splitlines()]
        sources.append("\n".join(lines))
    return sources
