"""Helpers shared by the two linear classifiers' checks (svm.py, softmax.py): calls of a loss
(W, X, y, reg) -> (loss, dW), its speed check, its in-place check, and seeded training runs."""

import numpy as np

from grader.checks import (
    Agreement,
    Inputs,
    LeavesInputsAlone,
    Probe,
    Training,
    Vectorized,
)
from grader.compare import FULL, Problem, Tolerance, Verdict

from ._data import accuracy, dev_set, linear_rows

LINEAR_SVM = "cs231n.classifiers.linear_classifier:LinearSVM"
SOFTMAX = "cs231n.classifiers.linear_classifier:Softmax"
EXACT = Tolerance("rel_error", 1e-8)  # naive and vectorized differ only by rounding
IN_PLACE_HINT = "compute on new arrays; the caller reuses W, X and y after the call"
# The svm and softmax notebooks' training split for the seeded runs, as 16x16 images: a run
# takes a quarter of the time it takes on 32x32 (0.36 s, not 1.5 s, for the reference), and the
# reference still reaches 0.41 (LinearSVM) and 0.40 (Softmax) against a target of 0.30.
TRAINING_ROWS = Inputs(
    linear_rows,
    dataset="synthetic",
    params={"seed": 231, "num_train": 2000, "num_val": 500, "pool": 2},
)
# (classifier, learning rate, regularization) that learn the generated data in 400 steps.
SVM_RUN = (LINEAR_SVM, 1e-7, 2.5e4)
SOFTMAX_RUN = (SOFTMAX, 1e-6, 5e3)


def loss_and_gradient(function):
    def call(student, d):
        return student.call(function, d["W"], d["X"], d["y"], d["reg"], returns=("loss", "dW"))

    call.__name__ = function.rpartition(":")[2]
    return call


def loss_only(function):
    def call(student, d):
        return {"loss": loss_and_gradient(function)(student, d)["loss"]}

    return call


def gradient_only(function):
    def call(student, d):
        return {"dW": loss_and_gradient(function)(student, d)["dW"]}

    return call


def gradient_case(function):
    """dW, and a probe of the loss as a function of W for the numeric gradient."""

    def case(student, d):
        result = student.call(function, d["W"], d["X"], d["y"], d["reg"], returns=("loss", "dW"))
        probe = Probe(function, (d["W"], d["X"], d["y"], d["reg"]), vary=0, select=(0,))
        return {"dW": result["dW"]}, {"dW": probe}

    return case


def dev_with_reg(rng):
    return dict(dev_set(rng), reg=0.000005)


def time_loss(function, repeat):
    def time_it(student, d):
        return student.time(function, d["W"], d["X"], d["y"], 0.000005, repeat=repeat)

    return time_it


def dev_set_agreement(unit, naive, vectorized, question, points, hint=""):
    """The notebook's two comparisons on a dev set: the loss, then dW, against the naive
    twin's (the reference's). `points` is (loss points, dW points)."""
    twin = naive.rpartition(":")[2]
    return [
        Agreement(unit=unit, what=f"loss agrees with {twin} on a dev set", question=question,
                  points=points[0], inputs=Inputs(dev_with_reg), call=loss_only(vectorized),
                  twin=loss_only(naive), tolerance=EXACT),
        Agreement(unit=unit, what=f"dW agrees with {twin} on a dev set", question=question,
                  points=points[1], inputs=Inputs(dev_with_reg), call=gradient_only(vectorized),
                  twin=gradient_only(naive), tolerance=EXACT, hint=hint),
    ]  # fmt: skip


def leaves_inputs_alone(unit, function, question, inputs):
    """0.5 points: the loss changes none of W, X and y."""
    return LeavesInputsAlone(unit=unit, what="leaves W, X and y unchanged", question=question,
                             points=0.5, inputs=inputs, call=loss_and_gradient(function),
                             hint=IN_PLACE_HINT)  # fmt: skip


def speed_check(unit, naive, vectorized, question):
    """2 points: no loops, and at least 3x faster than the naive loss at the notebook's size."""
    return Vectorized(
        unit=unit,
        what=f"no loops, >= 3x faster than {naive.rpartition(':')[2]} (500 x 3073)",
        question=question,
        points=2,
        timeout_s=30,
        function=vectorized,
        inputs=Inputs(dev_with_reg),
        time_student=time_loss(vectorized, repeat=5),
        time_twin=time_loss(naive, repeat=2),
        # The reference is 9-11x faster than its naive twin here (CPU time, one BLAS thread) on
        # a quiet machine, but only 4.8x with eight other processes on two cores (a memory-bound
        # product suffers more from shared caches than the interpreter-bound twin): 3x keeps
        # correct code passing there, and the no-loop rule, not the clock, fails loopy code.
        factor=3,
    )


def training_run(unit, what, question, points, runs, uses, hint=""):
    """A seeded run of each classifier on the generated training split; the best validation
    accuracy counts."""
    return Training(unit=unit, what=what, question=question, points=points, uses=uses,
                    timeout_s=60, inputs=TRAINING_ROWS, call=seeded_run(runs),
                    target="linear_train_run", hint=hint)  # fmt: skip


def trained_weights(student, d, cls, learning_rate, reg):
    """W of a `cls` trained from seed 231 for 400 steps of 200 rows on d["X_train"]."""
    student.seed(231)
    classifier = student.new(cls)
    student.method(
        classifier, "train", d["X_train"], d["y_train"],
        learning_rate=learning_rate, reg=reg, num_iters=400, batch_size=200,
    )  # fmt: skip
    return student.get(classifier, "W")


def seeded_run(runs):
    """Train each classifier from the same seed; the best validation accuracy counts, so a
    broken loss in one of them does not fail LinearClassifier.train."""

    def run(student, d):
        best = 0.0
        for cls, learning_rate, reg in runs:
            # LinearClassifier.train and the loss checks train the same seeded Softmax.
            key = ("linear run", repr(TRAINING_ROWS.describe()), cls, learning_rate, reg)
            W = student.once(key, trained_weights, student, d, cls, learning_rate, reg)
            if W is not None and np.ndim(W) == 2 and np.shape(W)[0] == d["X_val"].shape[1]:
                best = max(best, accuracy(d["X_val"] @ np.asarray(W, dtype=np.float64), d["y_val"]))
        return best

    return run


def one_hot_rows(rng, num_train=600, num_classes=10):
    """Each example has a feature of its own (X is the identity), so after training from W = 0
    the rows of W that moved are exactly the examples some minibatch held."""
    return {"X": np.eye(num_train), "y": rng.randint(num_classes, size=num_train)}


def rows_reached(student, d):
    """The fraction of training examples that 30 steps of 200 reached, for LinearSVM and for
    Softmax (the better counts, so one broken loss does not decide)."""
    best = 0.0
    for cls in (LINEAR_SVM, SOFTMAX):
        student.seed(231)
        classifier = student.new(cls)
        student.set(classifier, "W", np.zeros((len(d["X"]), int(d["y"].max()) + 1)))
        student.method(classifier, "train", d["X"], d["y"], learning_rate=1e-3, reg=0.0,
                       num_iters=30, batch_size=200)  # fmt: skip
        W = student.get(classifier, "W")
        if np.ndim(W) == 2 and np.shape(W)[0] == len(d["X"]):
            best = max(best, float(np.mean(np.any(np.asarray(W) != 0, axis=1))))
    return best


def reaches_most_rows(reached) -> Verdict:
    """With 6000 draws from 600 examples, a uniform sampler misses almost none of them."""
    if reached >= 0.9:
        return FULL
    return Verdict(
        0.0,
        f"30 minibatches of 200 reached only {reached:.0%} of the 600 training examples; "
        "draw each batch's indices from all num_train rows",
        problems=(Problem("value", "examples reached", expected=0.9, got=reached),),
    )
