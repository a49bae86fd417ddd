"""Realistic faulty submissions each lose points on the right unit, and only there.

Each fault is one edit a student could make, applied to an otherwise solved submission.
Notebook runs are left out here (they take minutes and do not depend on these units'
corner cases); `grader validate` and test_notebooks.py cover them.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from grader.runner import RunOptions, grade_submission

FUNCTIONS_ONLY = RunOptions(skip_notebooks=True)


@dataclass(frozen=True)
class Fault:
    name: str
    path: str
    old: str
    new: str
    unit: str  # the only unit that may lose points
    reason: str  # a phrase the student must see in the reason


FAULTS = [
    Fault(
        "SVM gradient missing the regularization term",
        "cs231n/classifiers/linear_svm.py",
        "    dW /= num_train\n    dW += 2 * reg * W\n",
        "    dW /= num_train\n",
        unit="svm_loss_naive",
        reason="the gradient of reg * np.sum(W * W) is 2 * reg * W",
    ),
    Fault(
        "softmax loss without the max-shift, overflowing on large scores",
        "cs231n/layers.py",
        "shifted_logits = x - np.max(x, axis=1, keepdims=True)",
        "shifted_logits = x",
        unit="softmax_loss",
        reason="subtract the maximum score before np.exp",
    ),
    Fault(
        "TwoLayerNet regularizing with reg instead of 0.5 * reg",
        "cs231n/classifiers/fc_net.py",
        "loss = data_loss + 0.5 * self.reg * (",
        "loss = data_loss + self.reg * (",
        unit="TwoLayerNet.loss",
        reason="expected 26.5948426952",
    ),
    Fault(
        "relu_backward passing part of the gradient where x < 0 (a leaky-ReLU mix-up)",
        "cs231n/layers.py",
        "dx = dout * (x > 0)",
        "dx = dout * np.where(x > 0, 1.0, 0.01)",
        unit="relu_backward",
        reason="pass dout through only where the input x was positive",
    ),
    Fault(
        "predict_labels breaking ties towards the larger label",
        "cs231n/classifiers/k_nearest_neighbor.py",
        "y_pred[i] = np.argmax(votes)",
        "y_pred[i] = len(votes) - 1 - np.argmax(votes[::-1])",
        unit="KNearestNeighbor.predict_labels",
        reason="entries wrong",
    ),
]


@pytest.mark.parametrize("fault", FAULTS, ids=[f.unit for f in FAULTS])
def test_fault_costs_points_on_its_unit_only(project, submission, fault):
    folder = submission({fault.path: [(fault.old, fault.new)]})
    result = grade_submission(project, folder, options=FUNCTIONS_ONLY)
    lost = [r for r in result.results if r.points < r.max_points]
    assert lost, f"{fault.name}: no check noticed"
    assert {r.unit for r in lost} == {fault.unit}, [(r.check_id, r.reason) for r in lost]
    assert any(fault.reason in r.reason for r in lost), [r.reason for r in lost]
    for check in lost:
        assert check.reason and "Traceback" not in check.reason
    assert result.score < result.max_score


def test_relu_backward_passing_the_gradient_at_zero_is_allowed(project, submission):
    folder = submission({"cs231n/layers.py": [("dx = dout * (x > 0)", "dx = dout * (x >= 0)")]})
    result = grade_submission(
        project, folder, options=RunOptions(only=("relu_backward", "TwoLayerNet"))
    )
    assert result.score == result.max_score, [(r.check_id, r.reason) for r in result.results]


def test_softmax_either_regularization_factor_is_accepted(project, submission):
    folder = submission({
        "cs231n/classifiers/softmax.py": [
            ("loss = loss / num_examples + reg * np.sum(W * W)",
             "loss = loss / num_examples + 0.5 * reg * np.sum(W * W)"),
            ("dW = dW / num_examples + 2 * reg * W", "dW = dW / num_examples + reg * W"),
        ]
    })  # fmt: skip
    result = grade_submission(project, folder, options=RunOptions(only=("softmax_loss_naive",)))
    assert result.score == result.max_score, [(r.check_id, r.reason) for r in result.results]
