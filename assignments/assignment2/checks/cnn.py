"""Q4, the model: ThreeLayerConvNet (cs231n/classifiers/cnn.py), conv - relu - 2x2 max pool -
affine - relu - affine - softmax.

The initialization's shapes and scale, the initial loss near log(10) (spec §7.3 prints no exact
value: the cell is unseeded), then scores and gradients with parameters set here against the
reference's, and a short Adam run on generated images.
"""

import numpy as np

from grader.checks import ExpectedOutput, GradientCheck, Inputs, Probe, Property, Training
from grader.compare import Problem, Tolerance, Verdict

from ._data import accuracy, net_images

NET = "cs231n.classifiers.cnn:ThreeLayerConvNet"
SOLVER = "cs231n.solver:Solver"
DTYPE = "float64"  # a dtype name travels to the worker; np.float64 (a type) cannot
USES = ("affine_forward", "affine_backward", "relu_forward", "relu_backward", "softmax_loss",
        "conv_forward_naive", "conv_backward_naive", "max_pool_forward_naive",
        "max_pool_backward_naive")  # fmt: skip
INIT = "ThreeLayerConvNet.__init__"
LOSS_UNIT = "ThreeLayerConvNet.loss"
REG_HINT = "add 0.5 * reg * (W1, W2 and W3 squared, summed) to the loss and reg * Wi to each dWi"
LOSS_SLACK = 0.02  # random images and weights of scale 1e-3: the loss is log(10) within 1e-3


def net_inputs(rng, N=3, input_dim=(3, 8, 8), F=3, filter_size=3, hidden=7, C=5, reg=0.5):
    """Explicit parameters of the shapes the TODO states, and a minibatch."""
    channels, H, W = input_dim
    shapes = {"W1": (F, channels, filter_size, filter_size), "b1": (F,),
              "W2": (F * (H // 2) * (W // 2), hidden), "b2": (hidden,), "W3": (hidden, C),
              "b3": (C,)}  # fmt: skip
    params = {}
    for name, shape in shapes.items():
        fan_in = int(np.prod(shape[1:])) if name == "W1" else shape[0]
        scale = 0.1 if name.startswith("b") else 1 / np.sqrt(fan_in)
        params[name] = scale * rng.randn(*shape)
    return {"X": rng.randn(N, *input_dim), "y": rng.randint(C, size=N), "params": params,
            "config": {"input_dim": input_dim, "num_filters": F, "filter_size": filter_size,
                       "hidden_dim": hidden, "num_classes": C, "reg": reg}}  # fmt: skip


def build(student, d):
    model = student.new(NET, dtype=DTYPE, **d["config"])
    student.set(model, "params", dict(d["params"]))
    return model


def scores(student, d):
    return {"scores": student.method(build(student, d), "loss", d["X"])}


def gradients(student, d):
    model = build(student, d)
    result = student.method(model, "loss", d["X"], d["y"], returns=("loss", "grads"))
    grads = result["grads"] if isinstance(result["grads"], dict) else {}
    probes = {
        name: Probe((model, "loss"), (d["X"], d["y"]), vary=("params", name), select=(0,))
        for name in d["params"]
    }
    return {**grads, "loss": result["loss"]}, probes


INIT_CONFIG = {"input_dim": (3, 16, 12), "num_filters": 6, "filter_size": 5, "hidden_dim": 50,
               "num_classes": 10, "weight_scale": 2e-2}  # fmt: skip


def initial_parameters(student, d):
    student.seed(231)
    return student.get(student.new(NET, dtype=DTYPE, **INIT_CONFIG), "params")


def initialization_is_right(params) -> Verdict:
    C, H, W = INIT_CONFIG["input_dim"]
    F, size, hidden = INIT_CONFIG["num_filters"], INIT_CONFIG["filter_size"], INIT_CONFIG[
        "hidden_dim"]  # fmt: skip
    classes, std = INIT_CONFIG["num_classes"], INIT_CONFIG["weight_scale"]
    shapes = {"W1": (F, C, size, size), "b1": (F,), "W2": (F * H * W // 4, hidden),
              "b2": (hidden,), "W3": (hidden, classes), "b3": (classes,)}  # fmt: skip
    if not isinstance(params, dict):
        return Verdict(0.0, f"self.params is {type(params).__name__}, expected a dict")
    for name, shape in shapes.items():
        if name not in params:
            return Verdict(0.0, f"self.params has no {name!r} (keys: {sorted(params)})")
        value = np.asarray(params[name], dtype=np.float64)
        if value.shape != shape:
            return Verdict(0.0, f"{name}: shape {shape} expected, got {value.shape} (input_dim="
                           f"{(C, H, W)}, the pool halves H and W)",
                           problems=(Problem("shape", name, expected=shape,
                                             got=value.shape),))  # fmt: skip
        if name.startswith("b") and np.any(value != 0):
            return Verdict(0.0, f"{name} should start at zero")
        if name.startswith("W") and abs(value.std() - std) >= std / 10:
            return Verdict(0.0, f"{name}: standard deviation {value.std():.2e}, expected "
                           f"weight_scale = {std:g} (within 10%)")  # fmt: skip
        if name.startswith("W") and abs(value.mean()) >= std / 5:
            return Verdict(0.0, f"{name}: mean {value.mean():.2e}, expected 0")
    return Verdict(1.0)


def sanity_losses(student, d):
    """The notebook's sanity check: the default net on random images (10 of them, not 50, so
    naive layers finish too), reg 0, then 0.5."""
    student.seed(231)
    model = student.new(NET, dtype=DTYPE)
    first = student.method(model, "loss", d["X"], d["y"], returns=("loss", "grads"))["loss"]
    student.set(model, "reg", 0.5)
    second = student.method(model, "loss", d["X"], d["y"], returns=("loss", "grads"))["loss"]
    return first, second


def near_log_10(losses) -> Verdict:
    try:
        first, second = (float(loss) for loss in losses)
    except (TypeError, ValueError):
        return Verdict(0.0, f"the losses are {losses!r}, expected two numbers")
    if not abs(first - np.log(10)) <= LOSS_SLACK:
        return Verdict(
            0.0,
            f"initial loss {first:.4f}, expected about log(10) = 2.3026 "
            "(small weights make every class about equally likely)",
            problems=(Problem("value", "loss", expected=np.log(10), got=first),),
        )
    if not second > first:
        return Verdict(
            0.0,
            f"with reg = 0.5 the loss is {second:.6f}, expected it to rise above {first:.6f}",
            problems=(Problem("value", "regularized loss"),),
        )
    return Verdict(1.0, detail=f"losses {first:.6f} and {second:.6f}")


def sanity_images(rng, N=10):
    return {"X": rng.randn(N, 3, 32, 32), "y": rng.randint(10, size=N)}


def train_run(student, d):
    """A small net, Adam, 8 epochs on 400 generated images at half size (16 x 16, so a net on
    the naive layers trains in seconds too); training accuracy measured here."""
    student.seed(231)
    model = student.new(NET, input_dim=(3, 16, 16), num_filters=8, filter_size=5, hidden_dim=50,
                        weight_scale=1e-2)  # fmt: skip
    data = {k: d[k] for k in ("X_train", "y_train", "X_val", "y_val")}
    solver = student.new(SOLVER, model, data, num_epochs=8, batch_size=50, update_rule="adam",
                         optim_config={"learning_rate": 1e-3}, verbose=False)  # fmt: skip
    student.method(solver, "train")
    return accuracy(student.method(model, "loss", d["X_train"]), d["y_train"])


def half_size_images(generator, **params):
    """net_images, every other row and column: (N, 3, 16, 16)."""
    images = net_images(generator, **params)
    return {k: v[:, :, ::2, ::2].copy() if k.startswith("X") else v for k, v in images.items()}


CHECKS = [
    Property(
        unit=INIT,
        what="weights ~ N(0, weight_scale^2) of the right shapes, zero biases",
        question="cnn",
        points=1,
        inputs=Inputs(dict, seed=None),
        call=initial_parameters,
        predicate=initialization_is_right,
        hint="W2 takes the pooled output: num_filters * (H // 2) * (W // 2) rows",
    ),
    Property(
        unit=LOSS_UNIT,
        uses=(INIT, *USES),
        what="the initial loss is about log(10) and rises with reg",
        question="cnn",
        points=0.5,
        timeout_s=60,
        inputs=Inputs(sanity_images),
        call=sanity_losses,
        predicate=near_log_10,
        hint=REG_HINT,
    ),
    ExpectedOutput(
        unit=LOSS_UNIT,
        uses=USES,
        what="test-time scores with given parameters",
        question="cnn",
        points=1,
        inputs=Inputs(net_inputs),
        call=scores,
        tolerance=Tolerance("rel_error", 1e-9),
        hint="conv (stride 1, pad (filter_size - 1) // 2) - relu - 2x2 max pool - affine - "
        "relu - affine",
    ),
    GradientCheck(
        unit=LOSS_UNIT,
        uses=USES,
        what="loss and gradients of every parameter with given parameters (reg = 0.5)",
        question="cnn",
        points=2,
        inputs=Inputs(net_inputs),
        case=gradients,
        tolerance=Tolerance("rel_error", 1e-7, partial_limit=1e-5),
        hint=REG_HINT,
    ),
    Training(
        unit=LOSS_UNIT,
        uses=(INIT, *USES),
        what="Adam trains it on 400 generated 16 x 16 images (8 epochs)",
        question="cnn",
        points=1.5,
        timeout_s=120,
        inputs=Inputs(
            half_size_images,
            dataset="synthetic",
            params={"seed": 231, "num_train": 400, "num_val": 100},
        ),
        call=train_run,
        target="cnn_train_run",
        metric="training accuracy",
    ),
]
