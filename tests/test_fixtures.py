"""Fixtures are the reference's outputs; a test fails when they drift from the reference."""

from __future__ import annotations

import numpy as np
import pytest

from grader.errors import GraderError
from grader.fixtures import compute_fixtures, load_fixtures, stale_fixtures
from grader.runner import prepare_grading
from grader.session import GradingSession


@pytest.fixture(scope="module")
def fresh(project):
    grading = prepare_grading(project, "assignment1")
    with GradingSession(grading, grading.assignment.reference) as session:
        return grading.checks, compute_fixtures(grading.checks, session.reference(),
                                                session.context)  # fmt: skip


def test_stored_fixtures_match_the_reference_now(assignment1, fresh):
    checks, computed = fresh
    assert stale_fixtures(checks, load_fixtures(assignment1), computed) == []


def test_a_changed_fixture_is_reported_stale(assignment1, fresh):
    checks, computed = fresh
    stored = load_fixtures(assignment1)
    name = next(iter(stored))
    output = next(iter(stored[name]))
    stored[name][output] = stored[name][output] * (1 + 1e-6) + 1e-6
    problems = stale_fixtures(checks, stored, computed)
    assert problems == [f"fixture {name!r} output {output!r} is stale (run make fixtures)"]


def test_missing_and_orphaned_fixtures_are_reported(assignment1, fresh):
    checks, computed = fresh
    stored = load_fixtures(assignment1)
    name = next(iter(stored))
    stored["old check: gone"] = stored.pop(name)
    problems = stale_fixtures(checks, stored, computed)
    assert f"{name!r} has no fixture (run make fixtures)" in problems
    assert "fixture for 'old check: gone' belongs to no check (run make fixtures)" in problems


def test_fixtures_record_their_input_seeds(assignment1):
    path = assignment1.fixtures_dir / "knn.npz"
    with np.load(path, allow_pickle=False) as stored:
        meta = str(stored["__meta__"])
    assert '"seed": 231' in meta and '"make": "images"' in meta


def test_grading_refuses_to_start_without_fixtures(project, monkeypatch):
    monkeypatch.setattr("grader.runner.load_fixtures", lambda assignment: {})
    with pytest.raises(GraderError, match="have no fixture.*run `make fixtures`"):
        prepare_grading(project, "assignment1")
