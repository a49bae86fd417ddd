"""Q4, the model: TwoLayerNet (cs231n/classifiers/fc_net.py) and two_layer_net.ipynb."""

import numpy as np

from grader.checks import (
    ExpectedOutput,
    GradientCheck,
    Inputs,
    LeavesInputsAlone,
    NotebookRun,
    Probe,
    Property,
    Training,
)
from grader.compare import Tolerance, Verdict

from ._data import accuracy, net_accuracy, net_images

NET = "cs231n.classifiers.fc_net:TwoLayerNet"
# TwoLayerNet.loss runs the student's layers: their bugs may cost its checks too.
LAYERS = ("affine_forward", "affine_backward", "relu_forward", "relu_backward", "softmax_loss")
SOLVER = "cs231n.solver:Solver"
REG_HINT = (
    "regularize with 0.5 * reg * (sum of W1 squared + sum of W2 squared); its gradient is reg * W"
)

CORRECT_SCORES = np.asarray(
    [
        [11.53165108, 12.2917344, 13.05181771, 13.81190102, 14.57198434, 15.33206765, 16.09215096],
        [12.05769098, 12.74614105, 13.43459113, 14.1230412, 14.81149128, 15.49994135, 16.18839143],
        [12.58373087, 13.20054771, 13.81736455, 14.43418138, 15.05099822, 15.66781506, 16.2846319],
    ]
)


def notebook_net_inputs():
    """The notebook's TwoLayerNet test: N, D, H, C = 3, 5, 50, 7 and np.linspace parameters."""
    N, D, H, C = 3, 5, 50, 7
    return {
        "dims": (D, H, C),
        "params": {
            "W1": np.linspace(-0.7, 0.3, num=D * H).reshape(D, H),
            "b1": np.linspace(-0.1, 0.9, num=H),
            "W2": np.linspace(-0.3, 0.4, num=H * C).reshape(H, C),
            "b2": np.linspace(-0.9, 0.1, num=C),
        },
        "X": np.linspace(-5.5, 4.5, num=N * D).reshape(D, N).T,
        "y": np.asarray([0, 5, 1]),
    }


def net_inputs(rng, N=4, D=6, H=8, C=5, reg=0.7):
    """Random parameters whose hidden pre-activations all lie at least 0.5 from zero: the first
    half of the hidden units is always off, the rest always on (X >= 0). So the ReLU mask shows
    in every gradient, and no input is within h of ReLU's kink."""
    W1, b1 = 0.5 * np.abs(rng.randn(D, H)), 0.5 + rng.rand(H)
    off = H // 2
    W1[:, :off], b1[:off] = -W1[:, :off], -b1[:off]
    return {
        "dims": (D, H, C),
        "params": {"W1": W1, "b1": b1, "W2": rng.randn(H, C), "b2": rng.randn(C)},
        "X": rng.rand(N, D),
        "y": rng.randint(C, size=N),
        "reg": reg,
    }


def build(student, d, reg=0.0):
    D, H, C = d["dims"]
    model = student.new(NET, input_dim=D, hidden_dim=H, num_classes=C, weight_scale=1e-3)
    student.set(model, "params", dict(d["params"]))
    student.set(model, "reg", reg)
    return model


def scores(student, d):
    return {"scores": student.method(build(student, d), "loss", d["X"])}


def training_loss(reg):
    def call(student, d):
        loss = student.method(
            build(student, d, reg), "loss", d["X"], d["y"], returns=("loss", "grads")
        )
        return {"loss": loss["loss"]}

    return call


def gradients(student, d):
    model = build(student, d, d["reg"])
    result = student.method(model, "loss", d["X"], d["y"], returns=("loss", "grads"))
    grads = result["grads"] if isinstance(result["grads"], dict) else {}
    probes = {
        name: Probe((model, "loss"), (d["X"], d["y"]), vary=("params", name), select=(0,))
        for name in ("W1", "b1", "W2", "b2")
    }
    return grads, probes


def initial_parameters(student, d):
    found = {}
    for D, H, C, std in ((5, 50, 7, 1e-3), (40, 30, 20, 1e-2)):
        student.seed(231)
        model = student.new(NET, input_dim=D, hidden_dim=H, num_classes=C, weight_scale=std)
        found[(D, H, C, std)] = student.get(model, "params")
    return found


def initialization_is_right(found) -> Verdict:
    """The notebook's asserts, plus shapes: weights ~ N(0, std^2), biases exactly zero."""
    for (D, H, C, std), params in found.items():
        if not isinstance(params, dict):
            return Verdict(0.0, f"self.params is {type(params).__name__}, expected a dict")
        shapes = {"W1": (D, H), "b1": (H,), "W2": (H, C), "b2": (C,)}
        for name, shape in shapes.items():
            value = params.get(name)
            if value is None:
                return Verdict(0.0, f"self.params has no {name!r} (keys: {sorted(params)})")
            if np.shape(value) != shape:
                return Verdict(0.0, f"{name}: shape {shape} expected, got {np.shape(value)} "
                               f"(input_dim={D}, hidden_dim={H}, num_classes={C})")  # fmt: skip
            value = np.asarray(value, dtype=np.float64)
            if name.startswith("b") and np.any(value != 0):
                return Verdict(0.0, f"{name} should start at zero")
            if name.startswith("W") and abs(value.std() - std) >= std / 10:
                return Verdict(0.0, f"{name}: standard deviation {value.std():.2e}, expected "
                               f"weight_scale = {std:g} (within 10%)")  # fmt: skip
    return Verdict(1.0)


def solver_run(student, d):
    """Train a TwoLayerNet with the provided Solver; validation accuracy computed here."""
    student.seed(231)
    model = student.new(NET, input_dim=d["X_train"][0].size, hidden_dim=50, num_classes=10)
    data = {
        "X_train": d["X_train"],
        "y_train": d["y_train"],
        "X_val": d["X_val"],
        "y_val": d["y_val"],
    }
    solver = student.new(SOLVER, model, data, optim_config={"learning_rate": 2e-3}, num_epochs=5,
                         batch_size=100, verbose=False)  # fmt: skip
    student.method(solver, "train")
    return accuracy(student.method(model, "loss", d["X_val"]), d["y_val"])


CHECKS = [
    Property(
        unit="TwoLayerNet.__init__",
        what="weights ~ N(0, weight_scale^2) of the right shapes, zero biases",
        question="two_layer_net",
        points=1.5,
        inputs=Inputs(dict, seed=None),
        call=initial_parameters,
        predicate=initialization_is_right,
        hint="W1 and W2 are weight_scale * np.random.randn(...); b1 (H,) and b2 (C,) are zeros",
    ),
    ExpectedOutput(
        unit="TwoLayerNet.loss",
        uses=LAYERS,
        what="test-time scores on the notebook's inputs (summed error < 1e-6)",
        question="two_layer_net",
        points=1,
        inputs=Inputs(notebook_net_inputs, seed=None),
        call=scores,
        expected={"scores": CORRECT_SCORES},
        tolerance=Tolerance("sum_abs", 1e-6),
    ),
    ExpectedOutput(
        unit="TwoLayerNet.loss",
        uses=LAYERS,
        what="training loss is 3.4702243556 (reg = 0)",
        question="two_layer_net",
        points=1,
        inputs=Inputs(notebook_net_inputs, seed=None),
        call=training_loss(0.0),
        expected={"loss": 3.4702243556},
        tolerance=Tolerance("abs", 1e-10),
    ),
    ExpectedOutput(
        unit="TwoLayerNet.loss",
        uses=LAYERS,
        what="regularized loss is 26.5948426952 (reg = 1.0)",
        question="two_layer_net",
        points=1,
        inputs=Inputs(notebook_net_inputs, seed=None),
        call=training_loss(1.0),
        expected={"loss": 26.5948426952},
        tolerance=Tolerance("abs", 1e-10),
        hint=REG_HINT,
    ),
    GradientCheck(
        unit="TwoLayerNet.loss",
        uses=LAYERS,
        what="gradients of all parameters (reg = 0.7)",
        question="two_layer_net",
        points=2,
        inputs=Inputs(net_inputs),
        case=gradients,
        tolerance=Tolerance("rel_error", 1e-7),
        hint=REG_HINT,
    ),
    GradientCheck(
        unit="TwoLayerNet.loss",
        uses=LAYERS,
        what="gradients on new shapes",
        question="two_layer_net",
        points=0.5,
        hidden=True,
        inputs=Inputs(net_inputs, seed=41, params={"N": 7, "D": 3, "H": 11, "C": 4, "reg": 0.05}),
        case=gradients,
        tolerance=Tolerance("rel_error", 1e-7),
    ),
    LeavesInputsAlone(
        unit="TwoLayerNet.loss",
        uses=LAYERS,
        what="leaves X and y unchanged",
        question="two_layer_net",
        points=0.5,
        inputs=Inputs(net_inputs),
        call=gradients,
        hint="compute on new arrays; the Solver reuses each minibatch",
    ),
    Training(
        unit="TwoLayerNet.loss",
        uses=(*LAYERS, "TwoLayerNet.__init__"),
        what="the provided Solver trains it on the generated data",
        question="two_layer_net",
        points=0.5,
        timeout_s=120,
        # 16x16 images: the run takes a quarter of its time on 32x32 (0.25 s, not 1.07 s), and
        # the reference reaches 0.44 (0.42 on 32x32) against a target of 0.35.
        inputs=Inputs(
            net_images,
            dataset="synthetic",
            params={"seed": 231, "num_train": 2000, "num_val": 500, "pool": 2},
        ),
        call=solver_run,
        target="net_train_run",
    ),
    NotebookRun(
        unit="two_layer_net.ipynb",
        what="run on the generated data, best_model reaches the validation target",
        question="two_layer_net",
        points=1,
        notebook="two_layer_net.ipynb",
        uses=("TwoLayerNet.__init__", "TwoLayerNet.loss", *LAYERS),
        exports={
            **{n: f"best_model.params['{n}']" for n in ("W1", "b1", "W2", "b2")},
            "X": "data['X_val']",
            "y": "data['y_val']",
        },  # fmt: skip
        claims={"validation accuracy": "(y_val_pred == data['y_val']).mean()"},
        measure=net_accuracy("validation accuracy"),
        targets_by_metric={"validation accuracy": "net_val"},
    ),
]
