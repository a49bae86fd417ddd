"""Q4, the layers: cs231n/layers.py (affine, ReLU, SVM and softmax losses)."""

import numpy as np

from grader.checks import ExpectedOutput, GradientCheck, Inputs, LeavesInputsAlone, Probe
from grader.compare import Tolerance

LAYERS = "cs231n.layers"
GRADIENT = Tolerance("rel_error", 1e-8)  # against the reference's analytic gradient


def affine_notebook_inputs():
    """The notebook's affine_forward test: np.linspace inputs, no randomness."""
    num_inputs, input_shape, output_dim = 2, (4, 5, 6), 3
    input_size = num_inputs * np.prod(input_shape)
    weight_size = output_dim * np.prod(input_shape)
    return {
        "x": np.linspace(-0.1, 0.5, num=input_size).reshape(num_inputs, *input_shape),
        "w": np.linspace(-0.2, 0.3, num=weight_size).reshape(np.prod(input_shape), output_dim),
        "b": np.linspace(-0.3, 0.1, num=output_dim),
    }


AFFINE_OUT = np.array([[1.49834967, 1.70660132, 1.91485297], [3.25553199, 3.5141327, 3.77273342]])
RELU_OUT = np.array(
    [
        [0.0, 0.0, 0.0, 0.0],
        [0.0, 0.0, 0.04545455, 0.13636364],
        [0.22727273, 0.31818182, 0.40909091, 0.5],
    ]
)


def affine_random_inputs(rng, x_shape=(10, 2, 3), out_dim=5):
    """The notebook's affine_backward draws, in its order: x, w, b, dout."""
    D = int(np.prod(x_shape[1:]))
    x = rng.randn(*x_shape)
    w = rng.randn(D, out_dim)
    b = rng.randn(out_dim)
    dout = rng.randn(x_shape[0], out_dim)
    return {"x": x, "w": w, "b": b, "dout": dout}


def relu_inputs(rng, shape=(10, 10)):
    x = rng.randn(*shape)
    return {"x": x, "dout": rng.randn(*shape)}


def scores_inputs(rng, num_inputs=50, num_classes=10, scale=0.001):
    """The notebook's loss-layer test: x first, then y."""
    x = scale * rng.randn(num_inputs, num_classes)
    y = rng.randint(num_classes, size=num_inputs)
    return {"x": x, "y": y}


def offset_scores(rng, num_inputs=50, num_classes=10, offset=1000.0, spread=2.0):
    """Scores near 1000 with a spread of a few units: np.exp overflows (exp(710) is inf) unless
    the scores are shifted first, while after a shift by the maximum (of each row, or of all)
    no probability underflows, so every shifted solution, probabilities or log-sum-exp, stays
    finite and exact."""
    x = offset + spread * rng.randn(num_inputs, num_classes)
    return {"x": x, "y": rng.randint(num_classes, size=num_inputs)}


def affine_forward(student, d):
    out = student.call(f"{LAYERS}:affine_forward", d["x"], d["w"], d["b"], returns=2)[0]
    return {"out": out}


def affine_gradients(student, d):
    """The backward pass on the cache the starter's forward stores, (x, w, b): built here, so
    a broken affine_forward costs affine_backward nothing."""
    forward = f"{LAYERS}:affine_forward"
    cache = (d["x"], d["w"], d["b"])
    grads = student.call(f"{LAYERS}:affine_backward", d["dout"], cache, returns=("dx", "dw", "db"))
    probes = {
        name: Probe(forward, (d["x"], d["w"], d["b"]), vary=index, select=(0,), dout=d["dout"])
        for index, name in enumerate(("dx", "dw", "db"))
    }
    return grads, probes


def relu_forward(student, d):
    return {"out": student.call(f"{LAYERS}:relu_forward", d["x"], returns=2)[0]}


def relu_gradient(student, d):
    """The backward pass on the cache the starter's forward stores, x itself."""
    forward = f"{LAYERS}:relu_forward"
    dx = student.call(f"{LAYERS}:relu_backward", d["dout"], d["x"])
    return {"dx": dx}, {"dx": Probe(forward, (d["x"],), vary=0, select=(0,), dout=d["dout"])}


def loss_layer(name):
    function = f"{LAYERS}:{name}"

    def call(student, d):
        return student.call(function, d["x"], d["y"], returns=("loss", "dx"))

    def loss(student, d):
        return {"loss": call(student, d)["loss"]}

    def gradient(student, d):
        return {"dx": call(student, d)["dx"]}, {
            "dx": Probe(function, (d["x"], d["y"]), vary=0, select=(0,))
        }

    return call, loss, gradient


svm_call, svm_loss, svm_gradient = loss_layer("svm_loss")
softmax_call, softmax_loss, softmax_gradient = loss_layer("softmax_loss")
SHIFT_HINT = "subtract the maximum score before np.exp, or large scores overflow"
IN_PLACE_HINT = "compute the result in a new array (x.copy(), or an expression such as x * mask)"


def leaves_inputs_alone(unit, what, question, inputs, call, **extra):
    """0.5 points: the unit changes none of the arrays it is given (see LeavesInputsAlone)."""
    return LeavesInputsAlone(unit=unit, what=what, question=question, points=0.5, inputs=inputs,
                             call=call, hint=IN_PLACE_HINT, **extra)  # fmt: skip


CHECKS = [
    ExpectedOutput(
        unit="affine_forward",
        what="output on the notebook's inputs (rel_error < 1e-8)",
        question="two_layer_net",
        points=2,
        inputs=Inputs(affine_notebook_inputs, seed=None),
        call=affine_forward,
        expected={"out": AFFINE_OUT},
        tolerance=Tolerance("rel_error", 1e-8),
        hint="flatten each example with x.reshape(x.shape[0], -1) before multiplying by w",
    ),
    ExpectedOutput(
        unit="affine_forward",
        what="output on new shapes",
        question="two_layer_net",
        points=0.5,
        hidden=True,
        inputs=Inputs(
            affine_random_inputs, seed=29, params={"x_shape": (4, 3, 2, 5), "out_dim": 6}
        ),
        call=affine_forward,
        tolerance=Tolerance("rel_error", 1e-9),
    ),
    GradientCheck(
        unit="affine_backward",
        what="dx, dw, db on the notebook's inputs",
        question="two_layer_net",
        points=2,
        inputs=Inputs(affine_random_inputs),
        case=affine_gradients,
        tolerance=GRADIENT,
        hint="dx is dout.dot(w.T) reshaped like x; dw is x_rows.T.dot(dout); db sums dout",
    ),
    GradientCheck(
        unit="affine_backward",
        what="dx, dw, db on new shapes",
        question="two_layer_net",
        points=0.5,
        hidden=True,
        inputs=Inputs(affine_random_inputs, seed=31, params={"x_shape": (3, 4, 5), "out_dim": 2}),
        case=affine_gradients,
        tolerance=GRADIENT,
    ),
    leaves_inputs_alone(
        "affine_forward",
        "leaves x, w and b unchanged",
        "two_layer_net",
        Inputs(affine_random_inputs),
        affine_forward,
    ),  # fmt: skip
    leaves_inputs_alone(
        "affine_backward",
        "leaves dout and the cache unchanged",
        "two_layer_net",
        Inputs(affine_random_inputs),
        affine_gradients,
    ),  # fmt: skip
    ExpectedOutput(
        unit="relu_forward",
        what="output on the notebook's inputs (rel_error < 1e-7)",
        question="two_layer_net",
        points=1,
        inputs=Inputs(lambda: {"x": np.linspace(-0.5, 0.5, num=12).reshape(3, 4)}, seed=None),
        call=relu_forward,
        expected={"out": RELU_OUT},
        tolerance=Tolerance("rel_error", 1e-7),
    ),
    # The inputs hold no exact zeros: relu_backward may pass the gradient at x == 0 or not.
    GradientCheck(
        unit="relu_backward",
        what="dx on the notebook's inputs (no gradient where x < 0)",
        question="two_layer_net",
        points=2,
        inputs=Inputs(relu_inputs),
        case=relu_gradient,
        tolerance=GRADIENT,
        hint="pass dout through only where the input x was positive",
    ),
    leaves_inputs_alone(
        "relu_forward", "leaves x unchanged", "two_layer_net", Inputs(relu_inputs), relu_forward
    ),
    leaves_inputs_alone(
        "relu_backward",
        "leaves dout and the cache unchanged",
        "two_layer_net",
        Inputs(relu_inputs),
        relu_gradient,
    ),  # fmt: skip
    ExpectedOutput(
        unit="svm_loss",
        what="loss on the notebook's inputs is 8.999602749096233",
        question="two_layer_net",
        points=1,
        inputs=Inputs(scores_inputs),
        call=svm_loss,
        expected={"loss": 8.999602749096233},
        tolerance=Tolerance("abs", 1e-9),
    ),
    GradientCheck(
        unit="svm_loss",
        what="dx on the notebook's inputs",
        question="two_layer_net",
        points=1,
        inputs=Inputs(scores_inputs),
        case=svm_gradient,
        tolerance=GRADIENT,
    ),
    leaves_inputs_alone(
        "svm_loss", "leaves x and y unchanged", "two_layer_net", Inputs(scores_inputs), svm_call
    ),
    ExpectedOutput(
        unit="softmax_loss",
        what="loss on the notebook's inputs is 2.302545844500738",
        question="two_layer_net",
        points=1,
        inputs=Inputs(scores_inputs),
        call=softmax_loss,
        expected={"loss": 2.302545844500738},
        tolerance=Tolerance("abs", 1e-9),
    ),
    GradientCheck(
        unit="softmax_loss",
        what="dx on the notebook's inputs",
        question="two_layer_net",
        points=1,
        inputs=Inputs(scores_inputs),
        case=softmax_gradient,
        tolerance=GRADIENT,
    ),
    ExpectedOutput(
        unit="softmax_loss",
        what="loss and dx stay exact for scores near 1000 (exp overflows unless shifted)",
        question="two_layer_net",
        points=1,
        inputs=Inputs(offset_scores, seed=37),
        call=softmax_call,
        tolerance=Tolerance("rel_error", 1e-8),
        hint=SHIFT_HINT,
    ),
    leaves_inputs_alone(
        "softmax_loss",
        "leaves x and y unchanged",
        "two_layer_net",
        Inputs(offset_scores),
        softmax_call,
    ),  # fmt: skip
]
