"""Q1-Q3, the model: FullyConnectedNet (cs231n/classifiers/fc_net.py), plain and with batch
norm, layer norm and dropout.

The published initial losses (spec §6.3-6.5) need the notebook's RNG order: W1, W2, ... drawn
in turn and nothing else, and for dropout the one-rand mask. Every other check sets the
parameters itself, so the loss is graded apart from the initialization: scores, loss and
gradients against the reference's, on the student's own layers (their bugs may cost these
checks too, hence `uses`). A short Solver run overfits 50 generated images.
"""

import numpy as np

from grader.checks import (
    ExpectedOutput,
    GradientCheck,
    Inputs,
    LeavesInputsAlone,
    Probe,
    Property,
    Training,
)
from grader.compare import Tolerance, Verdict

from ._data import accuracy, net_images

NET = "cs231n.classifiers.fc_net:FullyConnectedNet"
SOLVER = "cs231n.solver:Solver"
DTYPE = "float64"  # a dtype name travels to the worker; np.float64 (a type) cannot
LAYERS = ("affine_forward", "affine_backward", "relu_forward", "relu_backward", "softmax_loss")
NORMS = ("batchnorm_forward", "batchnorm_backward", "batchnorm_backward_alt",
         "layernorm_forward", "layernorm_backward")  # fmt: skip
DROPOUT = ("dropout_forward", "dropout_backward")
USES = (*LAYERS, *NORMS, *DROPOUT)
GRADIENT = Tolerance("rel_error", 1e-7, partial_limit=1e-5)
# Biases that feed a batch norm layer have a true gradient of 0 (spec §6.4): rounding noise
# there is measured against this floor instead of against itself.
NORM_GRADIENT = Tolerance("rel_error", 1e-7, partial_limit=1e-5, floor=1e-6)
NORM_NUMERIC = Tolerance("rel_error", 1e-5, floor=1e-5)
LOSS = Tolerance("abs", 1e-9)
REG_HINT = "add 0.5 * reg * (sum of every W squared) to the loss, and reg * W to each dW"
INIT_HINT = (
    "draw W1, W2, ... in that order as weight_scale * np.random.randn(d_in, d_out), with "
    "zero biases, and nothing else from the random generator"
)


def net_inputs(rng, N=5, D=6, hidden=(7, 8), C=4, reg=0.7, normalization=None, keep=1):
    """Explicit parameters (weights ~ N(0, 1 / d_in), small random biases, gamma near 1) and a
    minibatch; the keys are the ones the TODO names."""
    dims = [D, *hidden, C]
    params = {}
    for layer in range(1, len(dims)):
        d_in, d_out = dims[layer - 1], dims[layer]
        params[f"W{layer}"] = rng.randn(d_in, d_out) / np.sqrt(d_in)
        params[f"b{layer}"] = 0.1 * rng.randn(d_out)
        if normalization and layer < len(dims) - 1:
            params[f"gamma{layer}"] = 1 + 0.2 * rng.randn(d_out)
            params[f"beta{layer}"] = 0.1 * rng.randn(d_out)
    return {"dims": (D, tuple(hidden), C), "params": params, "X": rng.randn(N, D),
            "y": rng.randint(C, size=N), "reg": reg, "normalization": normalization,
            "keep": keep}  # fmt: skip


def build(student, d):
    """The net of the inputs' sizes and options, with the inputs' parameters set on it."""
    D, hidden, C = d["dims"]
    model = student.new(
        NET,
        list(hidden),
        input_dim=D,
        num_classes=C,
        dropout_keep_ratio=d["keep"],
        normalization=d["normalization"],
        reg=d["reg"],
        dtype=DTYPE,
        seed=123 if d["keep"] != 1 else None,
    )
    student.set(model, "params", dict(d["params"]))
    return model


def scores(student, d):
    return {"scores": student.method(build(student, d), "loss", d["X"])}


def train_then_scores(student, d):
    """Test-time scores after one training-mode call (batch norm's running averages)."""
    model = build(student, d)
    student.method(model, "loss", d["X"], d["y"], returns=("loss", "grads"))
    return {"scores": student.method(model, "loss", d["X"])}


def loss_value(student, d):
    result = student.method(build(student, d), "loss", d["X"], d["y"], returns=("loss", "grads"))
    return {"loss": result["loss"]}


def gradients(student, d):
    model = build(student, d)
    result = student.method(model, "loss", d["X"], d["y"], returns=("loss", "grads"))
    grads = result["grads"] if isinstance(result["grads"], dict) else {}
    probes = {
        name: Probe((model, "loss"), (d["X"], d["y"]), vary=("params", name), select=(0,))
        for name in d["params"]
    }
    return grads, probes


def published_losses(normalization=None, keeps=(1,), regs=(0.0, 3.14)):
    """The notebooks' cell: np.random.seed(231), X and y drawn, then one model per setting,
    built one after the other on the same global stream; each model's loss in turn."""

    def call(student, d):
        student.seed(231)
        X = student.call("numpy.random:randn", 2, 15)
        y = student.call("numpy.random:randint", 10, size=(2,))
        found = {}
        for keep in keeps:
            for reg in regs:
                model = student.new(NET, [20, 30], input_dim=15, num_classes=10, reg=reg,
                                    weight_scale=5e-2, dtype=DTYPE, normalization=normalization,
                                    dropout_keep_ratio=keep, seed=123)  # fmt: skip
                result = student.method(model, "loss", X, y, returns=("loss", "grads"))
                found[f"loss (keep {keep}, reg {reg})"] = result["loss"]
        return found

    return call


def initial_parameters(normalization):
    def call(student, d):
        student.seed(231)
        model = student.new(NET, [100, 80], input_dim=60, num_classes=10, weight_scale=0.05,
                            normalization=normalization, dtype=DTYPE)  # fmt: skip
        return student.get(model, "params")

    return call


def initialization_is_right(normalization):
    """Keys, shapes, zero biases, weights ~ N(0, weight_scale^2); gamma ones, beta zeros."""
    dims, std = [60, 100, 80, 10], 0.05

    def predicate(params) -> Verdict:
        if not isinstance(params, dict):
            return Verdict(0.0, f"self.params is {type(params).__name__}, expected a dict")
        expected = {}
        for layer in range(1, 4):
            expected[f"W{layer}"] = (dims[layer - 1], dims[layer])
            expected[f"b{layer}"] = (dims[layer],)
            if normalization and layer < 3:
                expected[f"gamma{layer}"] = expected[f"beta{layer}"] = (dims[layer],)
        if set(params) != set(expected):
            missing = sorted(set(expected) - set(params))
            extra = sorted(set(params) - set(expected))
            return Verdict(0.0, f"self.params keys: missing {missing}, unexpected {extra} "
                           f"(normalization={normalization!r})")  # fmt: skip
        for name, shape in expected.items():
            value = np.asarray(params[name], dtype=np.float64)
            if value.shape != shape:
                return Verdict(0.0, f"{name}: shape {shape} expected, got {value.shape}")
            want = {"b": 0.0, "beta": 0.0, "gamma": 1.0}.get(name.rstrip("0123456789"))
            if want is not None and np.any(value != want):
                return Verdict(0.0, f"{name} should start at {want:g} everywhere")
            if name.startswith("W") and abs(value.std() - std) >= std / 10:
                return Verdict(0.0, f"{name}: standard deviation {value.std():.2e}, expected "
                               f"weight_scale = {std:g} (within 10%)")  # fmt: skip
            if name.startswith("W") and abs(value.mean()) >= std / 5:
                return Verdict(0.0, f"{name}: mean {value.mean():.2e}, expected 0")
        return Verdict(1.0)

    return predicate


def overfit(student, d):
    """FullyConnectedNet([100, 100]) on 50 generated images: SGD, 20 epochs, batch 25, as the
    notebook's overfitting cell; the training accuracy is computed here. The Solver keeps the
    parameters of its best validation epoch, so the 50 images are the validation set too."""
    student.seed(231)
    model = student.new(NET, [100, 100], weight_scale=d["weight_scale"], dtype=DTYPE)
    data = {"X_train": d["X_train"], "y_train": d["y_train"], "X_val": d["X_train"],
            "y_val": d["y_train"]}  # fmt: skip
    solver = student.new(SOLVER, model, data, num_epochs=20, batch_size=25, update_rule="sgd",
                         optim_config={"learning_rate": d["learning_rate"]},
                         verbose=False)  # fmt: skip
    student.method(solver, "train")
    return accuracy(student.method(model, "loss", d["X_train"]), d["y_train"])


def overfit_images(generator, **params):
    settings = {k: params.pop(k) for k in ("weight_scale", "learning_rate")}
    return {**net_images(generator, **params), **settings}


BN = {"normalization": "batchnorm", "reg": 0.3}
LN = {"normalization": "layernorm", "reg": 0.3}
DROP = {"keep": 0.6, "reg": 0.2, "N": 6}
PLAIN_LOSSES = {"loss (keep 1, reg 0.0)": 2.3004790897684924,
                "loss (keep 1, reg 3.14)": 7.052114776533016}  # fmt: skip
BN_LOSSES = {"loss (keep 1, reg 0.0)": 2.2611955101340957,
             "loss (keep 1, reg 3.14)": 6.996533220108303}  # fmt: skip
DROPOUT_LOSSES = {"loss (keep 1, reg 0.0)": 2.3004790897684924,
                  "loss (keep 0.75, reg 0.0)": 2.302371489704412,
                  "loss (keep 0.5, reg 0.0)": 2.3042759220785896}  # fmt: skip
INIT = "FullyConnectedNet.__init__"
LOSS_UNIT = "FullyConnectedNet.loss"

# The checks that need __init__ (published initial losses, the Solver run) come after the
# loss unit's gated check, so a bug in __init__ never holds back "leaves X and y unchanged".
CHECKS = [
    Property(
        unit=INIT,
        what="weights ~ N(0, weight_scale^2) of the right shapes, zero biases",
        question="fc_nets",
        points=1,
        inputs=Inputs(dict, seed=None),
        call=initial_parameters(None),
        predicate=initialization_is_right(None),
        hint=INIT_HINT,
    ),
    ExpectedOutput(
        unit=INIT,
        what="W1, W2, W3 drawn in that order after np.random.seed(231), as the TODO asks",
        question="fc_nets",
        points=0.5,
        inputs=Inputs(dict, seed=None),
        call=initial_parameters(None),
        tolerance=Tolerance("rel_error", 1e-12),
        hint=INIT_HINT,
    ),
    Property(
        unit=INIT,
        what="gamma (ones) and beta (zeros) per hidden layer, for batchnorm and layernorm",
        question="batchnorm",
        points=0.5,
        inputs=Inputs(dict, seed=None),
        call=lambda student, d: {
            n: initial_parameters(n)(student, d) for n in ("batchnorm", "layernorm")
        },  # fmt: skip
        predicate=lambda found: min(
            (initialization_is_right(n)(found[n]) for n in found), key=lambda v: v.fraction
        ),
        hint="create gamma1, beta1, ... for every hidden layer whenever normalization is set "
        "(layernorm too), and none for the output layer",
    ),
    ExpectedOutput(
        unit=LOSS_UNIT,
        uses=USES,
        what="test-time scores with given parameters",
        question="fc_nets",
        points=1,
        inputs=Inputs(net_inputs),
        call=scores,
        tolerance=Tolerance("rel_error", 1e-9),
    ),
    ExpectedOutput(
        unit=LOSS_UNIT,
        uses=USES,
        what="training loss with given parameters (reg = 0.7)",
        question="fc_nets",
        points=1,
        inputs=Inputs(net_inputs),
        call=loss_value,
        tolerance=LOSS,
        hint=REG_HINT,
    ),
    GradientCheck(
        unit=LOSS_UNIT,
        uses=USES,
        what="gradients of every parameter (reg = 0.7)",
        question="fc_nets",
        points=3,
        inputs=Inputs(net_inputs),
        case=gradients,
        tolerance=GRADIENT,
        hint=REG_HINT,
    ),
    GradientCheck(
        unit=LOSS_UNIT,
        uses=USES,
        what="gradients of a deeper net on new shapes (three hidden layers)",
        question="fc_nets",
        points=0.5,
        hidden=True,
        inputs=Inputs(
            net_inputs, seed=109, params={"N": 4, "D": 3, "hidden": (5, 6, 4), "C": 3, "reg": 0.05}
        ),
        case=gradients,
        tolerance=GRADIENT,
    ),
    LeavesInputsAlone(
        unit=LOSS_UNIT,
        uses=USES,
        what="leaves X and y unchanged",
        question="fc_nets",
        points=0.5,
        inputs=Inputs(net_inputs),
        call=gradients,
        hint="compute on new arrays; the Solver reuses each minibatch",
    ),
    Training(
        unit=LOSS_UNIT,
        uses=(INIT, *USES),
        what="overfits 50 generated images with the provided Solver (SGD, 20 epochs)",
        question="fc_nets",
        points=2,
        timeout_s=120,
        inputs=Inputs(
            overfit_images,
            dataset="synthetic",
            params={
                "seed": 231,
                "num_train": 50,
                "num_val": 50,
                "weight_scale": 2e-2,
                "learning_rate": 4e-3,
            },
        ),
        call=overfit,
        target="fc_overfit_run",
        metric="training accuracy",
    ),
    ExpectedOutput(
        unit=LOSS_UNIT,
        uses=(INIT, *USES),
        what="the notebook's initial losses 2.3004790897684924 and 7.052114776533016",
        question="fc_nets",
        points=1.5,
        inputs=Inputs(dict, seed=None),
        call=published_losses(),
        expected=PLAIN_LOSSES,
        tolerance=LOSS,
        hint=f"{INIT_HINT}; {REG_HINT}",
    ),
    ExpectedOutput(
        unit=LOSS_UNIT,
        uses=(INIT, *USES),
        what="the notebook's initial losses with batchnorm, 2.2611955101340957 and "
        "6.996533220108303",
        question="batchnorm",
        points=1,
        inputs=Inputs(dict, seed=None),
        call=published_losses("batchnorm"),
        expected=BN_LOSSES,
        tolerance=LOSS,
        hint="affine - batchnorm - relu in every hidden layer, with self.bn_params[i] for layer "
        "i + 1",
    ),
    GradientCheck(
        unit=LOSS_UNIT,
        uses=USES,
        what="gradients of every parameter with batchnorm (reg = 0.3)",
        question="batchnorm",
        points=1.5,
        inputs=Inputs(net_inputs, params=BN),
        case=gradients,
        tolerance=NORM_GRADIENT,
        numeric_tolerance=NORM_NUMERIC,
        hint="gamma and beta get gradients and no regularization",
    ),
    ExpectedOutput(
        unit=LOSS_UNIT,
        uses=USES,
        what="batchnorm test-time scores use the running averages of training",
        question="batchnorm",
        points=0.5,
        inputs=Inputs(net_inputs, params=BN),
        call=train_then_scores,
        tolerance=Tolerance("rel_error", 1e-8),
        hint="pass self.bn_params[i] (the same dict every call) to the batchnorm layers",
    ),
    GradientCheck(
        unit=LOSS_UNIT,
        uses=USES,
        what="gradients of every parameter with layernorm (reg = 0.3)",
        question="batchnorm",
        points=1.5,
        inputs=Inputs(net_inputs, params=LN),
        case=gradients,
        tolerance=NORM_GRADIENT,
        numeric_tolerance=NORM_NUMERIC,
        hint="with normalization='layernorm' use layernorm_forward/backward in every hidden layer",
    ),
    ExpectedOutput(
        unit=LOSS_UNIT,
        uses=(INIT, *USES),
        what="the notebook's initial losses with dropout (keep 1, 0.75, 0.5; seed 123)",
        question="dropout",
        points=1,
        inputs=Inputs(dict, seed=None),
        call=published_losses(keeps=(1, 0.75, 0.5), regs=(0.0,)),
        expected=DROPOUT_LOSSES,
        tolerance=LOSS,
        hint="dropout after every hidden ReLU, with self.dropout_param",
    ),
    GradientCheck(
        unit=LOSS_UNIT,
        uses=USES,
        what="gradients of every parameter with dropout (keep 0.6, seed 123)",
        question="dropout",
        points=1.5,
        inputs=Inputs(net_inputs, params=DROP),
        case=gradients,
        tolerance=GRADIENT,
        hint="backpropagate through each dropout layer with its own cache",
    ),
    ExpectedOutput(
        unit=LOSS_UNIT,
        uses=USES,
        what="dropout is off at test time (scores as without dropout)",
        question="dropout",
        points=0.5,
        inputs=Inputs(net_inputs, params=DROP),
        call=scores,
        tolerance=Tolerance("rel_error", 1e-9),
        hint="loss() puts self.dropout_param in test mode when y is None; pass it to every "
        "dropout layer",
    ),
]
