"""Q2: the linear SVM (cs231n/classifiers/linear_svm.py, linear_classifier.py, svm.ipynb)."""

import numpy as np

from grader.checks import (
    Agreement,
    ExpectedOutput,
    GradientCheck,
    Inputs,
    LeavesInputsAlone,
    NotebookRun,
    Probe,
    Training,
    Vectorized,
)
from grader.compare import Tolerance

from ._data import accuracy, dev_set, linear_rows, loss_inputs, predicted_accuracy

NAIVE = "cs231n.classifiers.linear_svm:svm_loss_naive"
VECTORIZED = "cs231n.classifiers.linear_svm:svm_loss_vectorized"
LINEAR_SVM = "cs231n.classifiers.linear_classifier:LinearSVM"
SOFTMAX = "cs231n.classifiers.linear_classifier:Softmax"
EXACT = Tolerance("rel_error", 1e-8)  # naive and vectorized differ only by rounding
REG_HINT = "the gradient of reg * np.sum(W * W) is 2 * reg * W"
IN_PLACE_HINT = "compute on new arrays; the caller reuses W, X and y after the call"


def loss_and_gradient(function):
    def call(student, d):
        return student.call(function, d["W"], d["X"], d["y"], d["reg"], returns=("loss", "dW"))

    call.__name__ = function.rpartition(":")[2]
    return call


def gradient_case(function):
    """dW, and a probe of the loss as a function of W for the numeric gradient."""

    def case(student, d):
        result = student.call(function, d["W"], d["X"], d["y"], d["reg"], returns=("loss", "dW"))
        probe = Probe(function, (d["W"], d["X"], d["y"], d["reg"]), vary=0, select=(0,))
        return {"dW": result["dW"]}, {"dW": probe}

    return case


def time_loss(function, repeat):
    def time_it(student, d):
        return student.time(function, d["W"], d["X"], d["y"], 0.000005, repeat=repeat)

    return time_it


def dev_with_reg(rng):
    return dict(dev_set(rng), reg=0.000005)


def loss_only(function):
    def call(student, d):
        return {"loss": loss_and_gradient(function)(student, d)["loss"]}

    return call


def gradient_only(function):
    def call(student, d):
        return {"dW": loss_and_gradient(function)(student, d)["dW"]}

    return call


# (classifier, learning rate, regularization) that learn the generated data in 400 steps.
SVM_RUN = (LINEAR_SVM, 1e-7, 2.5e4)
SOFTMAX_RUN = (SOFTMAX, 1e-6, 5e3)


def seeded_run(runs):
    """Train each classifier from the same seed; the best validation accuracy counts, so a
    broken loss in one of them does not fail LinearClassifier.train."""

    def run(student, d):
        best = 0.0
        for cls, learning_rate, reg in runs:
            student.seed(231)
            classifier = student.new(cls)
            student.method(
                classifier, "train", d["X_train"], d["y_train"],
                learning_rate=learning_rate, reg=reg, num_iters=400, batch_size=200,
            )  # fmt: skip
            W = student.get(classifier, "W")
            if W is not None and np.ndim(W) == 2 and np.shape(W)[0] == d["X_val"].shape[1]:
                best = max(best, accuracy(d["X_val"] @ np.asarray(W, dtype=np.float64), d["y_val"]))
        return best

    return run


def predict_labels(student, d):
    classifier = student.new(LINEAR_SVM)
    student.set(classifier, "W", d["W"])
    return {"labels": student.method(classifier, "predict", d["X"])}


def predict_inputs(rng):
    return {"W": rng.randn(20, 7), "X": rng.randn(60, 20)}


CHECKS = [
    GradientCheck(
        unit="svm_loss_naive",
        what="dW matches the reference and numeric gradients (reg = 0)",
        question="svm",
        points=3,
        inputs=Inputs(
            loss_inputs, params={"num_train": 40, "dim": 20, "num_classes": 5, "reg": 0.0}
        ),
        case=gradient_case(NAIVE),
        tolerance=Tolerance("rel_error", 1e-7),
        hint="add X[i] to column j and subtract it from column y[i] for every positive margin, "
        "then divide by the number of examples once",
    ),
    GradientCheck(
        unit="svm_loss_naive",
        what="dW includes the regularization gradient (reg = 50)",
        question="svm",
        points=2,
        inputs=Inputs(
            loss_inputs,
            params={
                "num_train": 40,
                "dim": 20,
                "num_classes": 5,
                "reg": 50.0,
                "weight_scale": 0.0001,
            },
        ),  # fmt: skip
        case=gradient_case(NAIVE),
        tolerance=Tolerance("rel_error", 1e-7),
        hint=REG_HINT,
    ),
    GradientCheck(
        unit="svm_loss_naive",
        what="dW on new shapes",
        question="svm",
        points=1,
        hidden=True,
        inputs=Inputs(
            loss_inputs, seed=17, params={"num_train": 13, "dim": 7, "num_classes": 4, "reg": 0.3}
        ),
        case=gradient_case(NAIVE),
        tolerance=Tolerance("rel_error", 1e-7),
    ),
    LeavesInputsAlone(
        unit="svm_loss_naive",
        what="leaves W, X and y unchanged",
        question="svm",
        points=0.5,
        inputs=Inputs(dev_with_reg),
        call=loss_and_gradient(NAIVE),
        hint=IN_PLACE_HINT,
    ),
    Agreement(
        unit="svm_loss_vectorized",
        what="loss agrees with svm_loss_naive on a dev set",
        question="svm",
        points=2,
        inputs=Inputs(dev_with_reg),
        call=loss_only(VECTORIZED),
        twin=loss_only(NAIVE),
        tolerance=EXACT,
    ),
    Agreement(
        unit="svm_loss_vectorized",
        what="dW agrees with svm_loss_naive on a dev set",
        question="svm",
        points=3,
        inputs=Inputs(dev_with_reg),
        call=gradient_only(VECTORIZED),
        twin=gradient_only(NAIVE),
        tolerance=EXACT,
        hint="reuse the margins of the loss: count the positive margins of each row",
    ),
    Agreement(
        unit="svm_loss_vectorized",
        what="loss and dW agree on new shapes with strong regularization",
        question="svm",
        points=1,
        hidden=True,
        inputs=Inputs(
            loss_inputs, seed=19, params={"num_train": 37, "dim": 11, "num_classes": 6, "reg": 2.5}
        ),
        call=loss_and_gradient(VECTORIZED),
        twin=loss_and_gradient(NAIVE),
        tolerance=EXACT,
    ),
    LeavesInputsAlone(
        unit="svm_loss_vectorized",
        what="leaves W, X and y unchanged",
        question="svm",
        points=0.5,
        inputs=Inputs(dev_with_reg),
        call=loss_and_gradient(VECTORIZED),
        hint=IN_PLACE_HINT,
    ),
    Vectorized(
        unit="svm_loss_vectorized",
        what="no loops, >= 5x faster than svm_loss_naive (500 x 3073)",
        question="svm",
        points=2,
        timeout_s=30,
        function=VECTORIZED,
        inputs=Inputs(dev_with_reg),
        time_student=time_loss(VECTORIZED, repeat=5),
        time_twin=time_loss(NAIVE, repeat=2),
        # The reference is 9-11x faster than its naive twin here (CPU time, one BLAS thread);
        # 5x leaves room for noise and still fails code that loops over the examples.
        factor=5,
    ),
    Training(
        unit="LinearClassifier.train",
        what="a seeded LinearSVM (or Softmax) run learns the generated data",
        question="svm",
        uses=("svm_loss_vectorized", "softmax_loss_vectorized"),
        points=3,
        timeout_s=60,
        inputs=Inputs(
            linear_rows, seed=None, params={"seed": 231, "num_train": 2000, "num_val": 500}
        ),
        call=seeded_run((SVM_RUN, SOFTMAX_RUN)),
        target="linear_train_run",
        hint="sample batch_size rows with np.random.choice, then step W -= learning_rate * grad",
    ),
    ExpectedOutput(
        unit="LinearClassifier.predict",
        what="labels are the argmax of X.dot(W)",
        question="svm",
        points=2,
        inputs=Inputs(predict_inputs),
        call=predict_labels,
        tolerance=Tolerance("exact", 0.0),
    ),
    NotebookRun(
        unit="svm.ipynb",
        what="run on the generated data, best_svm reaches the validation target",
        question="svm",
        uses=("svm_loss_vectorized", "LinearClassifier.train", "LinearClassifier.predict"),
        points=5,
        notebook="svm.ipynb",
        variables=("best_svm", "X_val", "y_val"),
        measure=predicted_accuracy("validation accuracy", "best_svm", "X_val", "y_val"),
        targets={"validation accuracy": "svm_val"},
    ),
]
