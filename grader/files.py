"""Writing files that other programs read while the grader runs (reports, pages, results)."""

from __future__ import annotations

import os
from pathlib import Path


def write_atomically(path: Path, text: str) -> Path:
    """Write via a temporary file and a rename, so a reader never sees half a file; returns
    `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, path)
    return path
