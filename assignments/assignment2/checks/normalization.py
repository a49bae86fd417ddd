"""Q2, batch and layer normalization: the batchnorm_* and layernorm_* layers of cs231n/layers.py.

The notebook's printed statistics are the published numbers (spec §4.2, §4.5): means and stds
of the output, at train time with and without gamma/beta, and at test time after 50 training
steps. The running averages themselves are compared with the reference's (momentum formula, the
uncorrected variance, eps kept out). Backward passes run on the student's own cache and are
graded against the reference's gradients; the numeric gradient of the student's own forward
pass says whether a wrong gradient comes from the forward.
"""

import numpy as np

from grader.checks import Agreement, ExpectedOutput, GradientCheck, Inputs
from grader.compare import Tolerance

from ._common import (
    GRADIENT,
    LAYERS,
    forward,
    forward_backward,
    kept_dict,
    kept_values,
    leaves_inputs_alone,
    statistics,
)

QUESTION = "batchnorm"
# The notebook prints 8 decimals; a variance with ddof=1 is off by 2.5e-3, eps outside the
# square root or left out by more than 2e-8 on the layer norm rows.
PRINTED = Tolerance("abs", 2e-8)
# Test-time statistics: a running variance that folds eps in moves them by ~1e-7 (spec §4.11);
# the running averages check below grades that convention, this one the normalization.
TEST_TIME = Tolerance("abs", 1e-6)
FIXTURE_TOLERANCE = Tolerance("rel_error", 1e-8)
TRAIN_STEPS = 50

BN_HINT = (
    "normalize with the batch mean and the uncorrected variance (x.var(axis=0), divided by N): "
    "(x - mean) / np.sqrt(var + eps), then gamma * x_hat + beta"
)
RUNNING_HINT = (
    "in train mode update running_mean = momentum * running_mean + (1 - momentum) * mean, and "
    "running_var likewise with the batch variance itself (eps is added only when dividing)"
)
TEST_HINT = "at test time normalize with running_mean and running_var, not the batch statistics"
LN_HINT = "normalize each row (axis=1) with its own mean and uncorrected variance"
BACKWARD_HINT = "check the gradient of the mean and the variance: both depend on every x"


def two_layer_activations(rng, N, D1, D2, D3, draws_x_first=True):
    """The notebooks' relu(X W1) W2 activations, drawn in their order."""
    if draws_x_first:
        X = rng.randn(N, D1)
    W1, W2 = rng.randn(D1, D2), rng.randn(D2, D3)
    if not draws_x_first:
        X = rng.randn(N, D1)
    return np.maximum(0, X.dot(W1)).dot(W2), (W1, W2)


def bn_train_inputs(rng):
    """BatchNormalization.ipynb cell [4]: N, D1, D2, D3 = 200, 50, 60, 3."""
    a, _ = two_layer_activations(rng, 200, 50, 60, 3)
    return {"a": a, "gamma": np.asarray([1.0, 2.0, 3.0]), "beta": np.asarray([11.0, 12.0, 13.0])}


def bn_test_inputs(rng):
    """BatchNormalization.ipynb cell [5]: W1 and W2 first, 50 training batches, a test batch."""
    N, D1, D2, D3 = 200, 50, 60, 3
    W1, W2 = rng.randn(D1, D2), rng.randn(D2, D3)
    batches = [np.maximum(0, rng.randn(N, D1).dot(W1)).dot(W2) for _ in range(TRAIN_STEPS + 1)]
    return {"train": batches[:-1], "test": batches[-1], "gamma": np.ones(D3), "beta": np.zeros(D3)}


def running_inputs(rng, N=20, D=4):
    """Three batches from zero running averages (default momentum), then two with momentum 0.5."""
    batches = [rng.randn(N, D) * np.array([1.0, 3.0, 0.5, 2.0]) + 4.0 for _ in range(5)]
    return {"batches": batches, "gamma": rng.randn(D), "beta": rng.randn(D)}


def wide_range_inputs(rng, N=9, D=4, eps=1e-5):
    """Features of very different spread, one far below eps (std 1e-4): eps must sit under the
    square root, as the formula has it; gamma and beta random."""
    x = rng.randn(N, D) * np.array([1e-4, 1.0, 10.0, 0.3]) + np.array([1.0, -2.0, 5.0, 0.0])
    return {"x": x, "gamma": rng.randn(D), "beta": rng.randn(D), "param": {"mode": "train",
            "eps": eps}}  # fmt: skip


def backward_inputs(rng, N=4, D=5, param=None):
    """The notebooks' backward tests: x = 5 * randn + 12, then gamma, beta, dout."""
    x = 5 * rng.randn(N, D) + 12
    gamma, beta, dout = rng.randn(D), rng.randn(D), rng.randn(N, D)
    return {"x": x, "gamma": gamma, "beta": beta, "dout": dout,
            "param": dict(param or {"mode": "train"})}  # fmt: skip


def ln_inputs(rng):
    """BatchNormalization.ipynb cell [14]: N, D1, D2, D3 = 4, 50, 60, 3."""
    a, _ = two_layer_activations(rng, 4, 50, 60, 3)
    return {"a": a, "gamma": np.full(3, 3.0), "beta": np.full(3, 5.0)}


def normalized_statistics(name, axis, param):
    """Means and stds of the output with gamma = 1, beta = 0, then with the given ones."""

    def call(student, d):
        a, D = d["a"], d["a"].shape[1]
        plain = student.call(f"{LAYERS}:{name}", a, np.ones(D), np.zeros(D), dict(param),
                             returns=2)[0]  # fmt: skip
        scaled = student.call(f"{LAYERS}:{name}", a, d["gamma"], d["beta"], dict(param),
                              returns=2)[0]  # fmt: skip
        found = statistics(plain, axis, a.shape)
        scaled_statistics = statistics(scaled, axis, a.shape)
        found.update({f"{k} (gamma, beta)": v for k, v in scaled_statistics.items()})
        return found

    return call


def test_time_statistics(student, d):
    """50 training steps on one bn_param that lives in the worker, then a test-time batch."""
    bn_param = kept_dict(student, {"mode": "train"})
    for a in d["train"]:
        student.call(f"{LAYERS}:batchnorm_forward", a, d["gamma"], d["beta"], bn_param, returns=2)
    student.set(bn_param, ("data", "mode"), "test")
    out = student.call(f"{LAYERS}:batchnorm_forward", d["test"], d["gamma"], d["beta"], bn_param,
                       returns=2)[0]  # fmt: skip
    return statistics(out, 0, d["test"].shape)


def running_averages(student, d):
    """running_mean and running_var after three steps at the default momentum, and after two
    more at momentum 0.5."""
    bn_param = kept_dict(student, {"mode": "train"})
    found = {}
    for step, x in enumerate(d["batches"]):
        if step == 3:
            student.set(bn_param, ("data", "momentum"), 0.5)
        student.call(f"{LAYERS}:batchnorm_forward", x, d["gamma"], d["beta"], bn_param, returns=2)
        if step in (2, 4):
            values = kept_values(student, bn_param)
            values = values if isinstance(values, dict) else {}
            found[f"running_mean after {step + 1}"] = values.get("running_mean")
            found[f"running_var after {step + 1}"] = values.get("running_var")
    return found


def test_time_output(student, d):
    """The output in test mode after the training steps of running_averages, eps = 1e-3: the
    variances are near 1, so where eps goes shows."""
    bn_param = kept_dict(student, {"mode": "train", "eps": 1e-3})
    for x in d["batches"]:
        student.call(f"{LAYERS}:batchnorm_forward", x, d["gamma"], d["beta"], bn_param, returns=2)
    student.set(bn_param, ("data", "mode"), "test")
    x = d["batches"][0][::-1] * 1.5  # a batch of other statistics than the running ones
    out = student.call(f"{LAYERS}:batchnorm_forward", x, d["gamma"], d["beta"], bn_param,
                       returns=2)[0]  # fmt: skip
    return {"out": out}


bn_out = forward("batchnorm_forward", "x", "gamma", "beta", "param")
bn_gradients = forward_backward("batchnorm_forward", "batchnorm_backward",
                                ("x", "gamma", "beta", "param"), ("dx", "dgamma", "dbeta"),
                                params=("param",))  # fmt: skip
bn_alt_gradients = forward_backward("batchnorm_forward", "batchnorm_backward_alt",
                                    ("x", "gamma", "beta", "param"), ("dx", "dgamma", "dbeta"),
                                    params=("param",))  # fmt: skip
ln_out = forward("layernorm_forward", "x", "gamma", "beta", "param")
ln_gradients = forward_backward("layernorm_forward", "layernorm_backward",
                                ("x", "gamma", "beta", "param"), ("dx", "dgamma", "dbeta"),
                                params=("param",))  # fmt: skip


def values_of(case):
    """The gradients of a gradient case, as an agreement check compares them."""
    return lambda student, d: case(student, d)[0]


BN_TRAIN_EXPECTED = {
    "means": np.zeros(3),
    "stds": np.asarray([0.99999999, 1.0, 1.0]),
    "means (gamma, beta)": np.asarray([11.0, 12.0, 13.0]),
    "stds (gamma, beta)": np.asarray([0.99999999, 1.99999999, 2.99999999]),
}
BN_TEST_EXPECTED = {
    "means": np.asarray([-0.03927354, -0.04349152, -0.10452688]),
    "stds": np.asarray([1.01531428, 1.01238373, 0.97819988]),
}
LN_EXPECTED = {
    "means": np.zeros(4),
    "stds": np.asarray([0.99999995, 0.99999999, 1.0, 0.99999969]),
    "means (gamma, beta)": np.full(4, 5.0),
    "stds (gamma, beta)": np.asarray([2.99999985, 2.99999998, 2.99999999, 2.99999907]),
}
ALT_INPUTS = Inputs(backward_inputs, params={"N": 100, "D": 500})  # the notebook's cell [7]

CHECKS = [
    ExpectedOutput(
        unit="batchnorm_forward",
        what="train-time means and stds of the notebook's activations, as printed",
        question=QUESTION,
        points=2,
        inputs=Inputs(bn_train_inputs),
        call=normalized_statistics("batchnorm_forward", 0, {"mode": "train"}),
        expected=BN_TRAIN_EXPECTED,
        tolerance=PRINTED,
        hint=BN_HINT,
    ),
    ExpectedOutput(
        unit="batchnorm_forward",
        what="train-time output with eps from bn_param and a feature of tiny variance",
        question=QUESTION,
        points=1,
        hidden=True,
        inputs=Inputs(wide_range_inputs, seed=47, params={"eps": 1e-6}),
        call=bn_out,
        tolerance=FIXTURE_TOLERANCE,
        hint="eps comes from bn_param and goes under the square root: np.sqrt(var + eps)",
    ),
    ExpectedOutput(
        unit="batchnorm_forward",
        what="running_mean and running_var follow the momentum formula (eps not stored)",
        question=QUESTION,
        points=1,
        inputs=Inputs(running_inputs, seed=53),
        call=running_averages,
        tolerance=FIXTURE_TOLERANCE,
        hint=RUNNING_HINT,
    ),
    ExpectedOutput(
        unit="batchnorm_forward",
        what="test-time output from the running averages, eps = 1e-3",
        question=QUESTION,
        points=0.5,
        hidden=True,
        inputs=Inputs(running_inputs, seed=53),
        call=test_time_output,
        tolerance=FIXTURE_TOLERANCE,
        hint="out = gamma * (x - running_mean) / np.sqrt(running_var + eps) + beta",
    ),
    ExpectedOutput(
        unit="batchnorm_forward",
        what=f"test-time means and stds after {TRAIN_STEPS} training steps, as printed",
        question=QUESTION,
        points=1.5,
        inputs=Inputs(bn_test_inputs),
        call=test_time_statistics,
        expected=BN_TEST_EXPECTED,
        tolerance=TEST_TIME,
        hint=TEST_HINT,
    ),
    leaves_inputs_alone(
        "batchnorm_forward",
        "leaves x, gamma and beta unchanged",
        QUESTION,
        Inputs(wide_range_inputs),
        bn_out,
    ),  # fmt: skip
    GradientCheck(
        unit="batchnorm_backward",
        uses=("batchnorm_forward",),
        what="dx, dgamma, dbeta on the notebook's inputs",
        question=QUESTION,
        points=2.5,
        inputs=Inputs(backward_inputs),
        case=bn_gradients,
        tolerance=GRADIENT,
        hint=BACKWARD_HINT,
    ),
    GradientCheck(
        unit="batchnorm_backward",
        uses=("batchnorm_forward",),
        what="dx, dgamma, dbeta on new shapes, eps = 1e-3",
        question=QUESTION,
        points=0.5,
        hidden=True,
        inputs=Inputs(
            backward_inputs,
            seed=59,
            params={"N": 7, "D": 3, "param": {"mode": "train", "eps": 1e-3}},
        ),
        case=bn_gradients,
        tolerance=GRADIENT,
    ),
    leaves_inputs_alone(
        "batchnorm_backward",
        "leaves dout and the cache unchanged",
        QUESTION,
        Inputs(backward_inputs),
        bn_gradients,
        uses=("batchnorm_forward",),
    ),
    Agreement(
        unit="batchnorm_backward_alt",
        uses=("batchnorm_forward",),
        what="agrees with the staged batchnorm_backward (notebook's N, D = 100, 500)",
        question=QUESTION,
        points=2,
        inputs=ALT_INPUTS,
        call=values_of(bn_alt_gradients),
        twin=values_of(bn_gradients),
        tolerance=GRADIENT,
        hint=BACKWARD_HINT,
    ),
    GradientCheck(
        unit="batchnorm_backward_alt",
        uses=("batchnorm_forward",),
        what="dx, dgamma, dbeta on new shapes, eps = 1e-3",
        question=QUESTION,
        points=0.5,
        hidden=True,
        inputs=Inputs(
            backward_inputs,
            seed=61,
            params={"N": 6, "D": 4, "param": {"mode": "train", "eps": 1e-3}},
        ),
        case=bn_alt_gradients,
        tolerance=GRADIENT,
    ),
    leaves_inputs_alone(
        "batchnorm_backward_alt",
        "leaves dout and the cache unchanged",
        QUESTION,
        Inputs(backward_inputs),
        bn_alt_gradients,
        uses=("batchnorm_forward",),
    ),  # fmt: skip
    ExpectedOutput(
        unit="layernorm_forward",
        what="means and stds of each row of the notebook's activations, as printed",
        question=QUESTION,
        points=1.5,
        inputs=Inputs(ln_inputs),
        call=normalized_statistics("layernorm_forward", 1, {"mode": "train"}),
        expected=LN_EXPECTED,
        tolerance=PRINTED,
        hint=LN_HINT,
    ),
    ExpectedOutput(
        unit="layernorm_forward",
        what="output on new shapes, eps from ln_param",
        question=QUESTION,
        points=0.5,
        hidden=True,
        inputs=Inputs(backward_inputs, seed=67, params={"N": 3, "D": 6, "param": {"eps": 1e-3}}),
        call=ln_out,
        tolerance=FIXTURE_TOLERANCE,
        hint=LN_HINT,
    ),
    leaves_inputs_alone(
        "layernorm_forward",
        "leaves x, gamma and beta unchanged",
        QUESTION,
        Inputs(backward_inputs, params={"param": {}}),
        ln_out,
    ),  # fmt: skip
    GradientCheck(
        unit="layernorm_backward",
        uses=("layernorm_forward",),
        what="dx, dgamma, dbeta on the notebook's inputs",
        question=QUESTION,
        points=2,
        inputs=Inputs(backward_inputs, params={"param": {}}),
        case=ln_gradients,
        tolerance=GRADIENT,
        hint="as batch norm's backward pass, with the statistics taken along each row",
    ),
    GradientCheck(
        unit="layernorm_backward",
        uses=("layernorm_forward",),
        what="dx, dgamma, dbeta on new shapes, eps = 1e-3",
        question=QUESTION,
        points=0.5,
        hidden=True,
        inputs=Inputs(backward_inputs, seed=71, params={"N": 5, "D": 7, "param": {"eps": 1e-3}}),
        case=ln_gradients,
        tolerance=GRADIENT,
    ),
]
