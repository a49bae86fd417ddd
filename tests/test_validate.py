"""`grader validate`: reference full marks, stubs zero, fixtures current; vacuous checks caught."""

from __future__ import annotations

import shutil

import pytest

from grader.cli import main
from grader.config import Project, list_assignments
from grader.errors import ConfigError
from grader.runner import validate
from tests.conftest import ROOT


@pytest.mark.parametrize("name", list_assignments(Project(ROOT)))
def test_every_assignment_validates(name, capsys):
    assert main(["--root", str(ROOT), "validate", name]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"{name}: reference ") and "problem" not in out


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
CHECKS.append(SourceRules(
    unit=NONE, what="no np.linalg.norm (without a correctness gate)", question="knn", points=0,
    function=f"{KNN}.compute_distances_no_loops", forbidden=NORM,
))
""",
    )
    found = validate(scratch, "assignment1")
    assert found.problems == (
        "vacuous check: 'KNearestNeighbor.compute_distances_no_loops: no np.linalg.norm "
        "(without a correctness gate)' passes on the stubs",
    )


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
