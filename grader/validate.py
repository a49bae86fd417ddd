"""Staff tools: freeze the reference's outputs as fixtures, record its notebook cell times,
and prove every check is real.

    paths = make_fixtures(project, "assignment1")
    path = record_timings(project, "assignment1")
    found = validate(project, "assignment1")   # found.problems == () means valid

A check is real when the reference answers earn all its points and the released stubs none of
them, each with a reason, and no check ends in a grader error on either.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from grader.config import Project, notebooks_in_order
from grader.errors import GraderError
from grader.extensions import install_extensions
from grader.fixtures import compute_fixtures, stale_fixtures, write_fixtures
from grader.notebooks.timings import write_timings
from grader.release import render_release, write_tree
from grader.results import SubmissionResult
from grader.runner import Grading, RunOptions, grade_tree, prepare_grading
from grader.session import GradingSession


@dataclass(frozen=True)
class Validation:
    """What `grader validate` found: problems (empty means valid) and the two gradings."""

    problems: tuple[str, ...]
    reference: SubmissionResult
    stubs: SubmissionResult


def make_fixtures(project: Project, name: str, options: RunOptions = RunOptions()) -> list[Path]:
    """Recompute every fixture of an assignment from the reference and write the .npz files."""
    grading = prepare_grading(project, name, options, require_fixtures=False)
    return write_fixtures(grading.assignment, grading.checks, _reference_fixtures(grading))


def validate(project: Project, name: str, options: RunOptions = RunOptions()) -> Validation:
    """The reference earns every point, the stubs earn none, and the fixtures are current."""
    grading = prepare_grading(project, name, options)
    problems = stale_fixtures(grading.checks, grading.fixtures, _reference_fixtures(grading))
    with tempfile.TemporaryDirectory(prefix="grader-validate-") as scratch:
        solved = write_tree(
            render_release(project, grading.assignment, fill_answers=True), Path(scratch) / "solved"
        )
        reference = grade_tree(grading, solved, "reference answers")
        stubs = grade_tree(grading, write_tree(grading.release, Path(scratch) / "stubs"),
                           "released stubs")  # fmt: skip
    for label, graded in (("reference", reference), ("stubs", stubs)):
        problems += [
            f"grader error on the {label} in {r.check_id!r}: {r.reason}"
            for r in graded.internal_errors
        ]
    # A reference cell that fails costs no points when the targets are still reached, but every
    # student who runs the solved notebook in Jupyter would see it fail. (A cell cut at its
    # timeout on a loaded machine is not the reference's fault: its reason still says so.)
    problems += [f"a reference notebook cell fails: {p}" for p in reference.cell_errors]
    for result in reference.results:
        if result.status not in ("passed", "internal", "pending"):
            problems.append(f"the reference loses points on {result.check_id!r}: {result.reason}")
    for result in stubs.results:
        if result.status in ("internal", "pending"):
            continue
        if result.status == "passed":
            problems.append(f"vacuous check: {result.check_id!r} passes on the stubs")
        elif result.points > 0:
            problems.append(
                f"vacuous check: {result.check_id!r} earns {result.points:g} points on the stubs"
            )
        elif not result.reason:
            problems.append(f"{result.check_id!r} gives the stubs no reason for the lost points")
    return Validation(tuple(problems), reference, stubs)


def _reference_fixtures(grading: Grading):
    with GradingSession(grading, grading.assignment.reference) as session:
        return compute_fixtures(grading.checks, session.reference(), session.context)


def record_timings(project: Project, name: str, options: RunOptions = RunOptions()) -> Path:
    """Run every notebook of the reference in the sandbox, with only the notebook budget as a
    limit, and record each code cell's wall time (assignments/<name>/notebook_timings.json).

    Raises
    ------
    GraderError
        When a reference notebook does not run clean.
    """
    grading = prepare_grading(project, name, options)
    assignment = grading.assignment
    times = {}
    with tempfile.TemporaryDirectory(prefix="grader-timings-") as scratch:
        solved = write_tree(render_release(project, assignment, fill_answers=True),
                            Path(scratch) / "solved")  # fmt: skip
        install_extensions(grading.extensions, solved)  # time cells as they will be graded
        with GradingSession(grading, solved) as session:
            for notebook in notebooks_in_order(assignment):
                run = session.run_notebook(notebook, {}, timed=False)
                if run.problems:
                    problem = run.problems[0].describe(notebook)
                    raise GraderError(f"the reference does not run clean: {problem}")
                times[notebook] = run.cell_seconds
    return write_timings(assignment, times)
