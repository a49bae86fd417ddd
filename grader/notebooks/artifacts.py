"""What staff read besides the report: the executed notebooks, their HTML, the inline answers.

    paths = write_artifacts(folder, project, executed, answers, "alice.zip", "Assignment 1")

For each notebook that ran: `<name>.ipynb` with its outputs (opens in Jupyter and with
nbformat.read) and `<name>.html` rendered by nbconvert; then `answers.html` with every inline
question and the student's answer. Student HTML in markdown and outputs is sanitised: staff
open these pages in their browser.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import nbformat

from grader.config import Project
from grader.files import write_atomically
from grader.notebooks.answers import InlineAnswer, render_answers_page

if TYPE_CHECKING:
    from grader.notebooks.execute import ExecutedNotebook

ANSWERS_PAGE = "answers.html"


def write_artifacts(
    folder: Path,
    project: Project,
    executed: dict[str, ExecutedNotebook],
    answers: list[InlineAnswer],
    submission: str,
    title: str,
) -> list[Path]:
    """Write the executed notebooks, their HTML and the answers page into `folder`; returns
    the paths written. Each file is written whole or not at all (temp file, then rename)."""
    from nbconvert import HTMLExporter  # 0.2 s to import: only when there is HTML to write

    folder.mkdir(parents=True, exist_ok=True)
    written = []
    exporter = HTMLExporter(sanitize_html=True, embed_images=True)
    for name, run in executed.items():
        stem = Path(name).stem
        nb = run.notebook
        nb.metadata["grader"] = {
            "problems": [p.describe(name) for p in run.problems],
            "elapsed_s": round(run.elapsed_s, 2),
        }
        written.append(write_atomically(folder / f"{stem}.ipynb", nbformat.writes(nb) + "\n"))
        html, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": stem}})
        written.append(write_atomically(folder / f"{stem}.html", html))
    if answers:
        page = render_answers_page(project, answers, submission, title)
        written.append(write_atomically(folder / ANSWERS_PAGE, page))
    return written
