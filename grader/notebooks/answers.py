"""Inline answers: every markdown answer cell of the release, with what the student wrote there.

    answers = collect_answers(release, tree)          # [InlineAnswer, ...] in course order
    html = render_answers_page(project, answers, "alice.zip", "Assignment 1")

An answer cell is a markdown cell the release has an answer region in (the manifest's region
scopes); its question is the run of markdown cells right above it in the release. The student's
cell is found by its id, so inserted or moved cells do not shift the answers. Nothing here runs
student code: a notebook is only read as JSON.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import mistune
import nbformat

from grader.config import Project, notebooks_in_order
from grader.release import Release
from grader.templating import render_template

_SCOPE = re.compile(r"^cell\[(?P<id>.+)\]$")
MAX_ANSWER_CHARS = 20_000  # an answer longer than this is cut on the page


@dataclass(frozen=True)
class InlineAnswer:
    """One inline question and the student's answer to it ("" when the stub is untouched)."""

    notebook: str
    cell_number: int  # 1-based, in the release's notebook
    cell_id: str
    question: str  # markdown
    answer: str  # markdown, as the student left the cell
    problem: str = ""  # why no answer could be read, when none could

    @property
    def answered(self) -> bool:
        return bool(self.answer) and not self.problem


def collect_answers(release: Release, tree: Path) -> list[InlineAnswer]:
    """Each inline question of the release with the student's answer in `tree`, notebooks in
    the course's order, cells in notebook order."""
    scopes: dict[str, set[str]] = {}
    for region in release.manifest.get("regions", []):
        match = _SCOPE.match(region.get("scope", ""))
        if match and region["file"].endswith(".ipynb"):
            scopes.setdefault(region["file"], set()).add(match["id"])
    answers = []
    for notebook in notebooks_in_order(release.assignment):
        if notebook not in scopes:
            continue
        released = nbformat.reads(release.files[notebook].data.decode(), as_version=4)
        student, problem = _student_cells(tree / notebook)
        question: list[str] = []
        for index, cell in enumerate(released.cells):
            if cell.cell_type != "markdown":
                question = []
                continue
            if cell.get("id") not in scopes[notebook]:
                question.append(cell.source)
                continue
            answer = student.get(cell.id, "")
            if answer.strip() == cell.source.strip():
                answer = ""  # the stub as released
            answers.append(InlineAnswer(notebook, index + 1, cell.id, "\n\n".join(question),
                                        answer[:MAX_ANSWER_CHARS], problem))  # fmt: skip
            question = []
    return answers


def _student_cells(path: Path) -> tuple[dict[str, str], str]:
    """{cell id: source} of the student's markdown cells, or ({}, why) when unreadable."""
    try:
        nb = nbformat.read(path, as_version=4)
    except FileNotFoundError:
        return {}, f"{path.name} is not in the submission"
    except Exception as error:  # noqa: BLE001 - any unreadable notebook: a reason, not a crash
        return {}, f"{path.name} could not be read ({type(error).__name__})"
    return {c.get("id", ""): c.source for c in nb.cells if c.cell_type == "markdown"}, ""


def render_question_pages(
    project: Project, answers: dict[str, list[InlineAnswer]], title: str
) -> dict[str, str]:
    """For a batch: {file name: page}, one page per inline question with every student's
    answer (`answers` is {student: their answers}, all from the same release)."""
    markdown = mistune.create_markdown(escape=True)
    questions: dict[tuple[str, int], list[tuple[str, InlineAnswer]]] = {}
    for student, theirs in sorted(answers.items()):
        for answer in theirs:
            questions.setdefault((answer.notebook, answer.cell_number), []).append(
                (student, answer)
            )
    pages = {}
    for (notebook, cell), entries in questions.items():
        rows = [{"student": s, "answer": markdown(a.answer) if a.answered else "",
                 "problem": a.problem} for s, a in entries]  # fmt: skip
        name = f"{notebook.removesuffix('.ipynb')}-cell-{cell}.html"
        pages[name] = render_template(
            project, "reports/answers_by_question.html.j2", title=title, notebook=notebook,
            cell=cell, question=markdown(entries[0][1].question), entries=rows,
            answered=sum(a.answered for _, a in entries),
        )  # fmt: skip
    return pages


def render_answers_page(
    project: Project, answers: list[InlineAnswer], submission: str, title: str
) -> str:
    """One HTML page: each question, then the student's answer, grouped by notebook."""
    markdown = mistune.create_markdown(escape=True)  # the student's HTML is shown, not run
    notebooks: dict[str, list[dict]] = {}
    for answer in answers:
        notebooks.setdefault(answer.notebook, []).append({
            "cell": answer.cell_number,
            "question": markdown(answer.question),
            "answer": markdown(answer.answer) if answer.answered else "",
            "problem": answer.problem,
        })  # fmt: skip
    answered = sum(a.answered for a in answers)
    return render_template(project, "reports/answers.html.j2", title=title, submission=submission,
                           notebooks=notebooks, answered=answered, total=len(answers))  # fmt: skip
