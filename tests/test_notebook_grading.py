"""Grading assignment 1's notebooks on sandboxed kernels: a looping cell is cut at its own
timeout while everything else is graded, the released stubs fail at a named cell, and staff
get the executed notebooks, their HTML and the inline answers.

(The reference earning full notebook credit is test_validate's job.)
"""

from __future__ import annotations

import html
import re

import nbformat
import pytest

from grader.notebooks.timings import cell_timeouts
from grader.runner import RunOptions, grade_submission

KNN_FILE = "cs231n/classifiers/k_nearest_neighbor.py"
ONE_LOOP = "KNearestNeighbor.compute_distances_one_loop"
NOTEBOOKS = ["knn.ipynb", "svm.ipynb", "softmax.ipynb", "two_layer_net.ipynb", "features.ipynb"]
CUT = re.compile(r"knn\.ipynb cell (\d+) \(In \[\d+\]\): timed out after (\d+) s")


@pytest.fixture(scope="module")
def looping(project, assignment1, tmp_path_factory):
    """A solved submission whose compute_distances_one_loop never returns, graded whole, with
    its notebooks and answers written for staff."""
    from tests.conftest import write_submission

    folder = tmp_path_factory.mktemp("looping")
    write_submission(project, assignment1, folder / "student", {KNN_FILE: [(
        "            if i == 0:  # the training norms",
        "            while True:\n                pass\n"
        "            if i == 0:  # the training norms",
    )]})  # fmt: skip
    artifacts = folder / "artifacts"
    result = grade_submission(project, folder / "student", artifacts=artifacts)
    return result, artifacts


@pytest.mark.slow
def test_a_looping_cell_is_cut_at_its_timeout_and_everything_else_is_graded(looping, assignment1):
    result, _ = looping
    knn = next(r for r in result.results if r.unit == "knn.ipynb")
    cuts = CUT.findall(knn.reason + "\n" + knn.detail)
    assert cuts, knn
    released = nbformat.read(assignment1.reference / "knn.ipynb", as_version=4)
    timeouts = cell_timeouts(assignment1, "knn.ipynb")
    for number, seconds in cuts:
        cell = released.cells[int(number) - 1]
        assert "compute_distances_one_loop" in cell.source
        assert int(seconds) == round(timeouts[cell.id])
    # The notebook went on past the cut cells: its cross-validation still chose a k that works.
    assert knn.status == "passed"
    one_loop = [r for r in result.results if r.unit == ONE_LOOP]
    assert one_loop and all(r.status in ("timeout", "skipped") for r in one_loop)
    others = [r for r in result.results if r.unit != ONE_LOOP and r.status != "pending"]
    assert [r.check_id for r in others if r.status != "passed"] == []


@pytest.mark.slow
def test_staff_get_executed_notebooks_their_html_and_every_inline_answer(looping, release1):
    _, artifacts = looping
    for name in NOTEBOOKS:
        nb = nbformat.read(artifacts / name, as_version=4)
        code = [c for c in nb.cells if c.cell_type == "code"]
        assert sum(bool(c.outputs) for c in code) > len(code) // 3, name
        assert any("image/png" in o.get("data", {}) for c in code for o in c.outputs), name
        page = (artifacts / name.replace(".ipynb", ".html")).read_text()
        assert page.startswith("<!DOCTYPE html>") and "jp-Notebook" in page
    knn = nbformat.read(artifacts / "knn.ipynb", as_version=4)
    assert any("timed out" in p for p in knn.metadata["grader"]["problems"])

    page = (artifacts / "answers.html").read_text()
    assert "10 of 10 questions answered" in page
    assert page.count("<section") == 10
    solved = nbformat.read(release1.assignment.reference / "svm.ipynb", as_version=4)
    answer = next(c.source for c in solved.cells if "<!-- BEGIN SOLUTION" in c.source)
    words = answer.split("<!-- BEGIN SOLUTION -->")[1].split()[:6]
    assert html.escape(" ".join(words), quote=False) in " ".join(page.split())


def test_the_released_stubs_fail_each_notebook_at_a_named_cell(project, collected_stubs, tmp_path):
    folder = collected_stubs.parent
    options = RunOptions(only=(".ipynb",))
    result = grade_submission(project, collected_stubs, options=options,
                              artifacts=tmp_path / "artifacts")  # fmt: skip
    notebooks = [r for r in result.results if r.kind == "notebook"]
    assert sorted(r.unit for r in notebooks) == sorted(NOTEBOOKS)
    for check in notebooks:
        assert check.status == "failed" and check.points == 0, check
        named = re.search(rf"\(first problem: {re.escape(check.unit)} cell (\d+) \(In \[\d+\]\): "
                          r"\w+(Error|Exception)", check.reason)  # fmt: skip
        assert named, check.reason
        nb = nbformat.read(folder / check.unit, as_version=4)
        assert nb.cells[int(named[1]) - 1].cell_type == "code"
    page = (tmp_path / "artifacts" / "answers.html").read_text()
    assert "0 of 10 questions answered" in page and page.count("Not answered") == 10
