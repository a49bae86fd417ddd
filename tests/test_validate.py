"""`grader validate`: reference full marks, stubs zero, fixtures current; vacuous checks caught."""

from __future__ import annotations

import json
import re
import shutil

import nbformat
import pytest

from grader.cli import main
from grader.config import Project, list_assignments, load_assignment
from grader.errors import ConfigError
from grader.registry import load_checks
from grader.runner import RunOptions
from grader.validate import validate
from tests.conftest import ROOT

NONE_UNIT = "KNearestNeighbor.compute_distances_no_loops"


RECORDED = ROOT / "tests" / "data"


def scores(found) -> list[dict]:
    """Per check: name, points, and what the reference and the stubs earn."""
    return [
        {"check": r.check_id, "points": r.max_points, "reference": r.points, "stubs": s.points}
        for r, s in zip(found.reference.results, found.stubs.results, strict=True)
    ]


def record(name: str = "assignment1") -> None:
    """Re-record tests/data/<name>_checks.json after a deliberate change to the checks:
    .venv/bin/python -c 'from tests.test_validate import record; record()'"""
    found = validate(Project(ROOT), name)
    (RECORDED / f"{name}_checks.json").write_text(json.dumps(scores(found), indent=1) + "\n")


# Validating runs every notebook of the reference and of the stubs: assignment 2's take ~9 min.
SLOW_TO_VALIDATE = ("assignment2", "assignment3")


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(n, marks=[pytest.mark.slow] if n in SLOW_TO_VALIDATE else [])
        for n in list_assignments(Project(ROOT))
    ],
)
def test_every_assignment_validates_with_the_recorded_checks_and_points(project, name):
    found = validate(project, name)
    assert found.problems == ()
    every_point = found.reference.max_score + found.reference.extra_credit_points
    assert found.reference.score == every_point and found.stubs.score == 0
    recorded = json.loads((RECORDED / f"{name}_checks.json").read_text())
    assert scores(found) == recorded
    # Every point the stubs lose comes with a reason, and each released stub notebook fails
    # at a cell it names, with the error the student sees.
    assert [
        r.check_id for r in found.stubs.results if r.points < r.max_points and not r.reason
    ] == []
    for result in found.stubs.results:
        if result.kind == "notebook":
            assert re.search(r"cell \d+ \(In \[\d+\]\): \w+", result.reason), result


def test_validate_prints_one_line_per_assignment(capsys):
    args = ["--root", str(ROOT), "validate", "assignment1", "--unit", "relu_forward"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert out.startswith("assignment1: reference 1.5 / 1.5, stubs 0 / 1.5, 2 checks")
    assert "problem" not in out


@pytest.fixture
def scratch(project, tmp_path):
    for folder in ("assignments/assignment1", "reference/assignment1", "templates"):
        shutil.copytree(project.root / folder, tmp_path / folder)
    return Project(tmp_path)


def add_check(scratch, code: str) -> None:
    path = scratch.assignments / "assignment1" / "checks" / "knn.py"
    path.write_text(path.read_text() + code)


def test_a_check_that_passes_on_the_stubs_is_reported_as_vacuous(scratch):
    add_check(
        scratch,
        """
from grader.checks import Property
from grader.compare import FULL

CHECKS.append(Property(
    unit=NONE, what="returns anything at all", question="knn", points=0,
    inputs=Inputs(images, params={"num_train": 4, "num_test": 3, "dim": 5}),
    call=distances("compute_distances_no_loops"), predicate=lambda outputs: FULL,
))
""",
    )
    found = validate(scratch, "assignment1", RunOptions(units=(NONE_UNIT,)))
    assert found.problems == (
        "vacuous check: 'KNearestNeighbor.compute_distances_no_loops: returns anything at all' "
        "passes on the stubs",
    )


def test_static_checks_get_a_correctness_gate_of_their_own(project):
    checks = load_checks(load_assignment(project, "assignment1"))
    vectorized = next(c for c in checks if c.kind == "vectorization" and c.unit == NONE_UNIT)
    functional = [c.name for c in checks if c.unit == NONE_UNIT and not c.gated]
    assert set(vectorized.requires) == set(functional) and functional


def test_points_that_do_not_add_up_fail_before_grading(scratch):
    add_check(
        scratch,
        """
CHECKS.append(SourceRules(
    unit=ONE, what="an extra point", question="knn", points=1,
    function=f"{KNN}.compute_distances_one_loop", forbidden=NORM,
))
""",
    )
    with pytest.raises(
        ConfigError, match="question 'knn' is worth 20 points, but its checks add up to 21"
    ):
        validate(scratch, "assignment1")


def test_a_check_on_an_undefined_function_fails_at_load(scratch):
    add_check(
        scratch,
        """
CHECKS.append(SourceRules(
    unit=ONE, what="typo", question="knn", points=0,
    function=f"{KNN}.compute_distances_one_lop",
))
""",
    )
    with pytest.raises(
        ConfigError, match="inspects .*compute_distances_one_lop, which the reference"
    ):
        validate(scratch, "assignment1")


def test_a_grader_error_is_never_a_valid_zero(scratch):
    add_check(
        scratch,
        """
def _broken_call(student, data):
    raise KeyError("a bug in the check itself")


CHECKS.append(ExpectedOutput(
    unit=LABEL, what="a check with a bug", question="knn", points=0,
    inputs=Inputs(distance_matrix, params={"num_train": 3, "num_test": 2}),
    call=_broken_call, expected={"labels": np.zeros(2)}, tolerance=LABELS,
))
""",
    )
    found = validate(scratch, "assignment1", RunOptions(units=("KNearestNeighbor.predict_labels",)))
    name = "KNearestNeighbor.predict_labels: a check with a bug"
    assert [p for p in found.problems if name in p] == [
        f"grader error on the reference in {name!r}: the grader failed in this check "
        "(KeyError: 'a bug in the check itself'); this is not a verdict on your code, "
        "please tell the course staff",
        f"grader error on the stubs in {name!r}: the grader failed in this check "
        "(KeyError: 'a bug in the check itself'); this is not a verdict on your code, "
        "please tell the course staff",
    ]
    stubbed = {r.check_id: r for r in found.stubs.results}[name]
    assert stubbed.status == "internal" and "KeyError" in stubbed.detail


def test_a_failing_reference_cell_is_a_problem_even_when_no_point_is_lost(scratch):
    path = scratch.root / "reference" / "assignment1" / "features.ipynb"
    notebook = nbformat.read(path, as_version=4)
    notebook.cells.append(nbformat.v4.new_code_cell('raise RuntimeError("planted")'))
    nbformat.write(notebook, path)
    found = validate(scratch, "assignment1", RunOptions(units=("features.ipynb",)))
    assert found.reference.score == found.reference.max_score  # the targets are still reached
    (problem,) = found.problems
    number = len(notebook.cells)
    assert re.fullmatch(
        rf"a reference notebook cell fails: features\.ipynb cell {number} \(In \[\d+\]\): "
        r"RuntimeError: planted",
        problem,
    ), problem
