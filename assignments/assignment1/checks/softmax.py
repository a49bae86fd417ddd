"""Q3: the softmax classifier (cs231n/classifiers/softmax.py, softmax.ipynb)."""

import numpy as np

from grader.checks import ExpectedOutput, GradientCheck, Inputs, NotebookRun
from grader.compare import Tolerance

from ._data import linear_accuracy, loss_inputs
from ._linear import (
    EXACT,
    SOFTMAX_RUN,
    dev_set_agreement,
    gradient_case,
    leaves_inputs_alone,
    loss_and_gradient,
    loss_only,
    speed_check,
    training_run,
)

NAIVE = "cs231n.classifiers.softmax:softmax_loss_naive"
VECTORIZED = "cs231n.classifiers.softmax:softmax_loss_vectorized"
SHIFT_HINT = "subtract the maximum score before np.exp, or large scores overflow"


def either_regularization(expected, d):
    """The spec leaves the linear softmax's L2 factor open: reg * sum(W^2) (as the SVM, and as
    the reference) or 0.5 * reg * sum(W^2). Accept the second as well."""
    alternative = dict(expected)
    if "loss" in expected:
        alternative["loss"] = expected["loss"] - 0.5 * d["reg"] * np.sum(d["W"] * d["W"])
    if "dW" in expected:
        alternative["dW"] = expected["dW"] - d["reg"] * d["W"]
    return [alternative]


def large_scores(rng, num_train=20, dim=30, num_classes=10, offset=1000.0):
    """Scores near 1000 with a spread of a few units (a bias column of ones meets a bias row of
    1000s): np.exp overflows unless the scores are shifted, and after a shift by the maximum no
    probability underflows, so probabilities and log-sum-exp alike stay finite and exact."""
    X = rng.randn(num_train, dim)
    X[:, -1] = 1.0
    W = 0.3 * rng.randn(dim, num_classes)  # the scores' spread: about 1.6 around the offset
    W[-1] = offset
    return {"W": W, "X": X, "y": rng.randint(num_classes, size=num_train), "reg": 0.0}


SMALL = {"num_train": 40, "dim": 20, "num_classes": 5}
# Every check that compares values accepts either L2 factor for both functions.
CONVENTIONS = {
    "softmax_loss_naive": either_regularization,
    "softmax_loss_vectorized": either_regularization,
}

CHECKS = [
    ExpectedOutput(
        unit="softmax_loss_naive",
        what="loss matches the reference (reg = 0; about -log(1/C) for tiny W)",
        question="softmax",
        points=1,
        inputs=Inputs(loss_inputs, params={**SMALL, "reg": 0.0, "weight_scale": 0.0001}),
        call=loss_only(NAIVE),
        tolerance=EXACT,
    ),
    GradientCheck(
        unit="softmax_loss_naive",
        what="dW matches the reference and numeric gradients (reg = 0)",
        question="softmax",
        points=2,
        inputs=Inputs(loss_inputs, params={**SMALL, "reg": 0.0}),
        case=gradient_case(NAIVE),
        tolerance=Tolerance("rel_error", 1e-7),
        hint="dW[:, c] collects (p_c - [c == y_i]) * X[i], averaged over the examples",
    ),
    ExpectedOutput(
        unit="softmax_loss_naive",
        what="loss and dW with regularization (reg = 0.5; either L2 factor)",
        question="softmax",
        points=2,
        inputs=Inputs(loss_inputs, params={**SMALL, "reg": 0.5}),
        call=loss_and_gradient(NAIVE),
        tolerance=EXACT,
        hint="regularize with reg * np.sum(W * W) (gradient 2 * reg * W), as svm_loss_naive does",
    ),
    ExpectedOutput(
        unit="softmax_loss_naive",
        what="loss and dW stay exact for scores near 1000 (exp overflows unless shifted)",
        question="softmax",
        points=1,
        inputs=Inputs(large_scores),
        call=loss_and_gradient(NAIVE),
        tolerance=EXACT,
        hint=SHIFT_HINT,
    ),
    leaves_inputs_alone("softmax_loss_naive", NAIVE, "softmax", Inputs(large_scores)),
    *dev_set_agreement("softmax_loss_vectorized", NAIVE, VECTORIZED, "softmax", points=(1, 2)),
    ExpectedOutput(
        unit="softmax_loss_vectorized",
        what="loss and dW stay exact for scores near 1000 (exp overflows unless shifted)",
        question="softmax",
        points=1,
        inputs=Inputs(large_scores),
        call=loss_and_gradient(VECTORIZED),
        tolerance=EXACT,
        hint=SHIFT_HINT,
    ),
    ExpectedOutput(
        unit="softmax_loss_vectorized",
        what="loss and dW on new shapes with regularization",
        question="softmax",
        points=1,
        hidden=True,
        inputs=Inputs(
            loss_inputs, seed=23, params={"num_train": 31, "dim": 9, "num_classes": 7, "reg": 1.5}
        ),
        call=loss_and_gradient(VECTORIZED),
        tolerance=EXACT,
    ),
    leaves_inputs_alone("softmax_loss_vectorized", VECTORIZED, "softmax", Inputs(large_scores)),
    speed_check("softmax_loss_vectorized", NAIVE, VECTORIZED, "softmax"),
    training_run(
        "softmax_loss_vectorized",
        "a seeded Softmax run learns the generated data",
        "softmax",
        points=2,
        runs=(SOFTMAX_RUN,),
        uses=("LinearClassifier.train",),
    ),  # fmt: skip
    NotebookRun(
        unit="softmax.ipynb",
        what="run on the generated data, best_softmax reaches the validation target",
        question="softmax",
        uses=("softmax_loss_vectorized", "LinearClassifier.train", "LinearClassifier.predict"),
        points=4,
        notebook="softmax.ipynb",
        exports={"W": "best_softmax.W", "X": "X_val", "y": "y_val"},
        claims={"validation accuracy": "best_val"},
        measure=linear_accuracy("validation accuracy"),
        targets_by_metric={"validation accuracy": "softmax_val"},
    ),
]
