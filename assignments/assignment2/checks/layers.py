"""Q1, the layers copied from assignment 1: affine, ReLU and softmax loss in cs231n/layers.py.

Assignment 1's tests apply (spec §4.1): its published affine and ReLU outputs, gradients against
the reference, and a softmax loss that stays finite for large scores (the BN weight-scale sweep
feeds it scores in the thousands).
"""

import numpy as np

from grader.checks import ExpectedOutput, GradientCheck, Inputs, Probe
from grader.compare import Tolerance

from ._common import GRADIENT, LAYERS, forward, forward_backward, leaves_inputs_alone

QUESTION = "fc_nets"
AFFINE_OUT = np.array([[1.49834967, 1.70660132, 1.91485297], [3.25553199, 3.5141327, 3.77273342]])
RELU_OUT = np.array([
    [0.0, 0.0, 0.0, 0.0],
    [0.0, 0.0, 0.04545455, 0.13636364],
    [0.22727273, 0.31818182, 0.40909091, 0.5],
])  # fmt: skip
SHIFT_HINT = "subtract each row's maximum score before np.exp, or large scores overflow"


def affine_notebook_inputs():
    """Assignment 1's affine_forward test: np.linspace inputs, no randomness."""
    num_inputs, input_shape, output_dim = 2, (4, 5, 6), 3
    D = int(np.prod(input_shape))
    return {
        "x": np.linspace(-0.1, 0.5, num=num_inputs * D).reshape(num_inputs, *input_shape),
        "w": np.linspace(-0.2, 0.3, num=output_dim * D).reshape(D, output_dim),
        "b": np.linspace(-0.3, 0.1, num=output_dim),
    }


def affine_inputs(rng, x_shape=(10, 2, 3), out_dim=5):
    """Assignment 1's affine_backward draws, in its order: x, w, b, dout."""
    D = int(np.prod(x_shape[1:]))
    x, w, b = rng.randn(*x_shape), rng.randn(D, out_dim), rng.randn(out_dim)
    return {"x": x, "w": w, "b": b, "dout": rng.randn(x_shape[0], out_dim)}


def relu_inputs(rng, shape=(10, 10)):
    """No exact zeros: relu_backward may pass the gradient at x == 0 or not."""
    return {"x": rng.randn(*shape), "dout": rng.randn(*shape)}


def scores_inputs(rng, num_inputs=50, num_classes=10, scale=0.001, offset=0.0):
    x = offset + scale * rng.randn(num_inputs, num_classes)
    return {"x": x, "y": rng.randint(num_classes, size=num_inputs)}


def softmax_call(student, d):
    return student.call(f"{LAYERS}:softmax_loss", d["x"], d["y"], returns=("loss", "dx"))


def softmax_gradient(student, d):
    grads = {"dx": softmax_call(student, d)["dx"]}
    return grads, {"dx": Probe(f"{LAYERS}:softmax_loss", (d["x"], d["y"]), vary=0, select=(0,))}


affine_forward = forward("affine_forward", "x", "w", "b")
affine_gradients = forward_backward("affine_forward", "affine_backward", ("x", "w", "b"),
                                    ("dx", "dw", "db"))  # fmt: skip
relu_forward = forward("relu_forward", "x")
relu_gradient = forward_backward("relu_forward", "relu_backward", ("x",), ("dx",))
LARGE_SCORES = {"scale": 2.0, "offset": 1000.0}  # np.exp(1000) is inf unless shifted first

CHECKS = [
    ExpectedOutput(
        unit="affine_forward",
        what="output on assignment 1's inputs (rel_error < 1e-8)",
        question=QUESTION,
        points=0.5,
        inputs=Inputs(affine_notebook_inputs, seed=None),
        call=affine_forward,
        expected={"out": AFFINE_OUT},
        tolerance=Tolerance("rel_error", 1e-8),
        hint="flatten each example with x.reshape(x.shape[0], -1) before multiplying by w",
    ),
    ExpectedOutput(
        unit="affine_forward",
        what="output on new shapes",
        question=QUESTION,
        points=0.25,
        hidden=True,
        inputs=Inputs(affine_inputs, seed=29, params={"x_shape": (4, 3, 2, 5), "out_dim": 6}),
        call=affine_forward,
        tolerance=Tolerance("rel_error", 1e-9),
    ),
    leaves_inputs_alone(
        "affine_forward",
        "leaves x, w and b unchanged",
        QUESTION,
        Inputs(affine_inputs),
        affine_forward,
        points=0.25,
    ),  # fmt: skip
    GradientCheck(
        unit="affine_backward",
        uses=("affine_forward",),
        what="dx, dw, db on assignment 1's inputs",
        question=QUESTION,
        points=0.5,
        inputs=Inputs(affine_inputs),
        case=affine_gradients,
        tolerance=GRADIENT,
        hint="dx is dout.dot(w.T) reshaped like x; dw is x_rows.T.dot(dout); db sums dout",
    ),
    GradientCheck(
        unit="affine_backward",
        uses=("affine_forward",),
        what="dx, dw, db on new shapes",
        question=QUESTION,
        points=0.25,
        hidden=True,
        inputs=Inputs(affine_inputs, seed=31, params={"x_shape": (3, 4, 5), "out_dim": 2}),
        case=affine_gradients,
        tolerance=GRADIENT,
    ),
    ExpectedOutput(
        unit="relu_forward",
        what="output on assignment 1's inputs (rel_error < 1e-7)",
        question=QUESTION,
        points=0.5,
        inputs=Inputs(lambda: {"x": np.linspace(-0.5, 0.5, num=12).reshape(3, 4)}, seed=None),
        call=relu_forward,
        expected={"out": RELU_OUT},
        tolerance=Tolerance("rel_error", 1e-7),
    ),
    leaves_inputs_alone(
        "relu_forward",
        "leaves x unchanged",
        QUESTION,
        Inputs(relu_inputs),
        relu_forward,
        points=0.25,
    ),  # fmt: skip
    GradientCheck(
        unit="relu_backward",
        uses=("relu_forward",),
        what="dx on random inputs (no gradient where x < 0)",
        question=QUESTION,
        points=0.5,
        inputs=Inputs(relu_inputs),
        case=relu_gradient,
        tolerance=GRADIENT,
        hint="pass dout through only where the input x was positive",
    ),
    leaves_inputs_alone(
        "relu_backward",
        "leaves dout and the cache unchanged",
        QUESTION,
        Inputs(relu_inputs),
        relu_gradient,
        points=0.25,
    ),  # fmt: skip
    ExpectedOutput(
        unit="softmax_loss",
        what="loss on assignment 1's inputs is 2.302545844500738",
        question=QUESTION,
        points=0.5,
        inputs=Inputs(scores_inputs),
        call=lambda student, d: {"loss": softmax_call(student, d)["loss"]},
        expected={"loss": 2.302545844500738},
        tolerance=Tolerance("abs", 1e-9),
    ),
    GradientCheck(
        unit="softmax_loss",
        what="dx on assignment 1's inputs",
        question=QUESTION,
        points=0.5,
        inputs=Inputs(scores_inputs),
        case=softmax_gradient,
        tolerance=GRADIENT,
    ),
    ExpectedOutput(
        unit="softmax_loss",
        what="loss and dx stay exact for scores near 1000 (exp overflows unless shifted)",
        question=QUESTION,
        points=0.5,
        inputs=Inputs(scores_inputs, seed=37, params=LARGE_SCORES),
        call=softmax_call,
        tolerance=Tolerance("rel_error", 1e-8),
        hint=SHIFT_HINT,
    ),
    leaves_inputs_alone(
        "softmax_loss",
        "leaves x and y unchanged",
        QUESTION,
        Inputs(scores_inputs),
        softmax_call,
        points=0.25,
    ),  # fmt: skip
]
