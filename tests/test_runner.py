"""The runner: a grading travels to another process as its description, never as checks."""

from __future__ import annotations

import dataclasses
import json
import pickle
import subprocess
import sys

import pytest

from grader.runner import GradingSpec, RunOptions, grade_tree
from tests.conftest import ROOT

UNITS = ("relu_forward", "relu_backward", "KNearestNeighbor.predict_labels")
OTHER_PROCESS = """
import json, pickle, sys
from pathlib import Path
from grader.runner import grade_tree
spec = pickle.loads(sys.stdin.buffer.read())
result = grade_tree(spec.load(), Path(sys.argv[1]), "elsewhere")
print(json.dumps([[r.check_id, r.points, r.status] for r in result.results]))
"""


def test_a_grading_is_rebuilt_in_another_process_from_its_pickled_description(submission):
    folder = submission({"cs231n/layers.py": [("dx = dout * (x > 0)", "dx = dout * (x < 0)")]})
    spec = GradingSpec(ROOT, "assignment1", RunOptions(units=UNITS))
    here = grade_tree(spec.load(), folder, "here")
    payload = pickle.dumps(spec)
    assert len(payload) < 2000  # a description: paths, names and options, no checks
    done = subprocess.run(
        [sys.executable, "-c", OTHER_PROCESS, str(folder)], input=payload, capture_output=True,
        check=True, cwd=ROOT,
    )  # fmt: skip
    there = json.loads(done.stdout)
    assert there == [[r.check_id, r.points, r.status] for r in here.results]
    assert any(status == "failed" for _, _, status in there)  # the planted bug is graded
    assert spec.load().spec == spec


def test_reference_timing_baselines_are_measured_once_per_grading(project, submission):
    from grader.runner import RunOptions, grade_submission, prepare_grading

    unit = "KNearestNeighbor.compute_distances_no_loops"
    grading = prepare_grading(project, "assignment1", RunOptions(units=(unit,)))
    seen = []
    for name in ("first", "second"):
        result = grade_submission(project, submission(name=name), grading=grading)
        assert result.score == result.max_score
        seen.append(dict(grading.baselines))
    # One timing of the two-loop twin, kept: a second measurement would differ in its digits.
    assert list(seen[0]) == [f"{unit}: no loops, no scipy or np.linalg.norm, >= 10x faster "
                             "than two loops"] and seen[1] == seen[0]  # fmt: skip


def test_a_seeded_run_several_checks_share_is_trained_once_per_submission(project, submission):
    """LinearClassifier.train and softmax_loss_vectorized's run train the same seeded Softmax:
    once, with both checks passing on it; a second submission trains its own."""
    from grader.runner import grade_submission, prepare_grading
    from grader.session import GradingSession

    units = ("LinearClassifier.train", "softmax_loss_vectorized")
    grading = prepare_grading(project, "assignment1", RunOptions(units=units))
    calls, train = [], GradingSession.student

    def counting(self, check):
        student = train(self, check)
        method = student.method

        def counted(obj, name, *args, **kwargs):
            if name == "train" and kwargs.get("num_iters") == 400:
                calls.append(obj)
            return method(obj, name, *args, **kwargs)

        student.method = counted
        return student

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(GradingSession, "student", counting)
        for name in ("first", "second"):
            training = [r for r in grade_submission(project, submission(name=name),
                                                    grading=grading).results
                        if r.kind == "training"]  # fmt: skip
            assert len(training) == 2 and all(r.status == "passed" for r in training)
    # Per submission: a LinearSVM and a Softmax trained 400 steps once each, not Softmax twice.
    assert len(calls) == 4


def test_inputs_are_made_once_per_grading_and_each_check_gets_a_copy_of_its_own():
    """A batch builds a check's seeded inputs once; a check (or a student's reply written
    into them) that changes its copy cannot change the next submission's inputs."""
    import numpy as np

    from grader.checks.base import GradeContext, Inputs

    made = []

    def factory(scale):
        def make(rng):
            made.append(scale)
            return {"x": scale * rng.randn(3)}

        return make

    context = GradeContext(root=ROOT, assignment=None, reference=None, notebook_dataset="",
                           built_inputs={})  # fmt: skip
    small, large = Inputs(factory(1.0)), Inputs(factory(100.0))  # one name, two closures
    first = small.build(context)
    first["x"][:] = 0.0
    again = small.build(context)
    expected = np.random.RandomState(231).randn(3)
    np.testing.assert_array_equal(again["x"], expected)
    np.testing.assert_array_equal(large.build(context)["x"], 100.0 * expected)
    assert made == [1.0, 100.0]
    uncached = dataclasses.replace(context, built_inputs=None)
    small.build(uncached), small.build(uncached)
    assert made == [1.0, 100.0, 1.0, 1.0]
