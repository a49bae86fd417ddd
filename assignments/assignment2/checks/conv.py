"""Q4, the convolutional layers: naive convolution and max pooling, spatial batch norm and
spatial group norm in cs231n/layers.py.

Published outputs where the notebook has them (spec §4.7-4.12), gradients against the
reference's on the student's own cache, and agreement with the provided fast layers (their
outputs frozen from the reference, so the fast layers never run on a submission). Pooling is
checked on overlapping windows too, where each window's gradient must be added, not assigned.
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
    leaves_inputs_alone,
    statistics,
)

QUESTION = "cnn"
FAST = "cs231n.fast_layers"
PUBLISHED = Tolerance("rel_error", 1e-7)  # the notebook prints 8 digits: errors ~e-8
FIXTURE_TOLERANCE = Tolerance("rel_error", 1e-9)
PRINTED = Tolerance("abs", 2e-8)
TEST_TIME = Tolerance("abs", 1e-6)  # eps folded into running_var moves these by ~1e-7 (§4.11)
CONV_HINT = "pad a copy of x with np.pad, then out[n, f, i, j] = sum(window * w[f]) + b[f]"
POOL_HINT = "send each window's dout to the position of its maximum, with += where windows overlap"

CONV_OUT = np.array([
    [[[-0.08759809, -0.10987781], [-0.18387192, -0.2109216]],
     [[0.21027089, 0.21661097], [0.22847626, 0.23004637]],
     [[0.50813986, 0.54309974], [0.64082444, 0.67101435]]],
    [[[-0.98053589, -1.03143541], [-1.19128892, -1.24695841]],
     [[0.69108355, 0.66880383], [0.59480972, 0.56776003]],
     [[2.36270298, 2.36904306], [2.38090835, 2.38247847]]],
])  # fmt: skip
POOL_OUT = np.array([
    [[[-0.26315789, -0.24842105], [-0.20421053, -0.18947368]],
     [[-0.14526316, -0.13052632], [-0.08631579, -0.07157895]],
     [[-0.02736842, -0.01263158], [0.03157895, 0.04631579]]],
    [[[0.09052632, 0.10526316], [0.14947368, 0.16421053]],
     [[0.20842105, 0.22315789], [0.26736842, 0.28210526]],
     [[0.32631579, 0.34105263], [0.38526316, 0.4]]],
])  # fmt: skip


def conv_notebook_inputs():
    """ConvolutionalNetworks.ipynb cell [16]: np.linspace inputs, stride 2, pad 1."""
    x_shape, w_shape = (2, 3, 4, 4), (3, 3, 4, 4)
    return {
        "x": np.linspace(-0.1, 0.5, num=np.prod(x_shape)).reshape(x_shape),
        "w": np.linspace(-0.2, 0.3, num=np.prod(w_shape)).reshape(w_shape),
        "b": np.linspace(-0.1, 0.2, num=3),
        "conv_param": {"stride": 2, "pad": 1},
    }


def conv_inputs(rng, x_shape=(4, 3, 5, 5), w_shape=(2, 3, 3, 3), stride=1, pad=1):
    """Cell [18]'s draws, in its order: x, w, b, dout (dout's shape from the output's)."""
    x, w, b = rng.randn(*x_shape), rng.randn(*w_shape), rng.randn(w_shape[0])
    H_out = 1 + (x_shape[2] + 2 * pad - w_shape[2]) // stride
    W_out = 1 + (x_shape[3] + 2 * pad - w_shape[3]) // stride
    dout = rng.randn(x_shape[0], w_shape[0], H_out, W_out)
    return {"x": x, "w": w, "b": b, "dout": dout,
            "conv_param": {"stride": stride, "pad": pad}}  # fmt: skip


def pool_notebook_inputs():
    """Cell [19]: np.linspace input, 2x2 windows, stride 2."""
    x_shape = (2, 3, 4, 4)
    return {
        "x": np.linspace(-0.3, 0.4, num=np.prod(x_shape)).reshape(x_shape),
        "pool_param": {"pool_width": 2, "pool_height": 2, "stride": 2},
    }


def pool_inputs(rng, x_shape=(3, 2, 8, 8), height=2, width=2, stride=2):
    """Cell [20]'s draws (x, then dout), continuous so no window has a tie."""
    x = rng.randn(*x_shape)
    H_out, W_out = 1 + (x_shape[2] - height) // stride, 1 + (x_shape[3] - width) // stride
    dout = rng.randn(x_shape[0], x_shape[1], H_out, W_out)
    return {
        "x": x,
        "dout": dout,
        "pool_param": {"pool_height": height, "pool_width": width, "stride": stride},
    }


OVERLAPPING = {"x_shape": (2, 3, 7, 6), "height": 3, "width": 2, "stride": 1}


def sbn_train_inputs(rng):
    """Cell [36]: N, C, H, W = 2, 3, 4, 5 and x = 4 * randn + 10."""
    x = 4 * rng.randn(2, 3, 4, 5) + 10
    return {"x": x, "gamma": np.asarray([3.0, 4.0, 5.0]), "beta": np.asarray([6.0, 7.0, 8.0])}


def sbn_test_inputs(rng, steps=50):
    """Cell [37]: 50 training batches of 2.3 * randn(10, 4, 11, 12) + 13, then a test batch."""
    batches = [2.3 * rng.randn(10, 4, 11, 12) + 13 for _ in range(steps + 1)]
    return {"train": batches[:-1], "test": batches[-1], "gamma": np.ones(4), "beta": np.zeros(4)}


def spatial_backward_inputs(rng, shape=(2, 3, 4, 5), groups=None, param=None):
    """Cells [45] and [44]: x = 5 * randn + 12, then gamma, beta, dout; group norm's gamma and
    beta have shape (1, C, 1, 1)."""
    N, C, H, W = shape
    x = 5 * rng.randn(*shape) + 12
    scale_shape = (C,) if groups is None else (1, C, 1, 1)
    gamma, beta, dout = rng.randn(*scale_shape), rng.randn(*scale_shape), rng.randn(*shape)
    d = {"x": x, "gamma": gamma, "beta": beta, "dout": dout}
    if groups is None:
        d["param"] = dict(param or {"mode": "train"})
    else:
        d["G"], d["param"] = groups, dict(param or {})
    return d


def gn_forward_inputs(rng):
    """Cell [43]: N, C, H, W = 2, 6, 4, 5, G = 2, x = 4 * randn + 10."""
    return {"x": 4 * rng.randn(2, 6, 4, 5) + 10, "G": 2}


def sbn_statistics(student, d):
    x, C = d["x"], d["x"].shape[1]
    found = {}
    for label, gamma, beta in (("", np.ones(C), np.zeros(C)),
                               (" (gamma, beta)", d["gamma"], d["beta"])):  # fmt: skip
        out = student.call(f"{LAYERS}:spatial_batchnorm_forward", x, gamma, beta,
                           {"mode": "train"}, returns=2)[0]  # fmt: skip
        found.update({k + label: v for k, v in statistics(out, (0, 2, 3), x.shape).items()})
    return found


def sbn_test_statistics(student, d):
    bn_param = kept_dict(student, {"mode": "train"})
    function = f"{LAYERS}:spatial_batchnorm_forward"
    for x in d["train"]:
        student.call(function, x, d["gamma"], d["beta"], bn_param, returns=2)
    student.set(bn_param, ("data", "mode"), "test")
    out = student.call(function, d["test"], d["gamma"], d["beta"], bn_param, returns=2)[0]
    return statistics(out, (0, 2, 3), d["test"].shape)


def gn_statistics(student, d):
    x, G = d["x"], d["G"]
    N, C = x.shape[:2]
    out = student.call(f"{LAYERS}:spatial_groupnorm_forward", x, np.ones((1, C, 1, 1)),
                       np.zeros((1, C, 1, 1)), G, {"mode": "train"}, returns=2)[0]  # fmt: skip
    array = np.asarray(out) if out is not None else None
    if array is None or array.shape != x.shape:
        return {"means": out, "stds": out}
    return statistics(array.reshape(N * G, -1), 1, (N * G, x.size // (N * G)))


def fast(name):
    """The provided fast layer's output (the twin of an agreement check, run on the reference)."""

    def call(student, d):
        if name == "conv_backward_fast":
            _, cache = student.call(f"{FAST}:conv_forward_fast", d["x"], d["w"], d["b"],
                                    d["conv_param"], returns=2)  # fmt: skip
            return dict(zip(("dx", "dw", "db"),
                            student.call(f"{FAST}:{name}", d["dout"], cache, returns=3),
                            strict=True))  # fmt: skip
        if name == "max_pool_backward_fast":
            _, cache = student.call(f"{FAST}:max_pool_forward_fast", d["x"], d["pool_param"],
                                    returns=2)  # fmt: skip
            return {"dx": student.call(f"{FAST}:{name}", d["dout"], cache)}
        return {"out": student.call(f"{FAST}:{name}", d["x"], d["pool_param"], returns=2)[0]}

    return call


conv_out = forward("conv_forward_naive", "x", "w", "b", "conv_param")
conv_gradients = forward_backward("conv_forward_naive", "conv_backward_naive",
                                  ("x", "w", "b", "conv_param"), ("dx", "dw", "db"),
                                  params=("conv_param",))  # fmt: skip
pool_out = forward("max_pool_forward_naive", "x", "pool_param")
pool_gradient = forward_backward(
    "max_pool_forward_naive",
    "max_pool_backward_naive",
    ("x", "pool_param"),
    ("dx",),
    params=("pool_param",),
)
sbn_out = forward("spatial_batchnorm_forward", "x", "gamma", "beta", "param")
sbn_gradients = forward_backward("spatial_batchnorm_forward", "spatial_batchnorm_backward",
                                 ("x", "gamma", "beta", "param"), ("dx", "dgamma", "dbeta"),
                                 params=("param",))  # fmt: skip
gn_out = forward("spatial_groupnorm_forward", "x", "gamma", "beta", "G", "param")
gn_gradients = forward_backward("spatial_groupnorm_forward", "spatial_groupnorm_backward",
                                ("x", "gamma", "beta", "G", "param"), ("dx", "dgamma", "dbeta"),
                                params=("G", "param"))  # fmt: skip


def values_of(case):
    return lambda student, d: case(student, d)[0]


SBN_TRAIN = {
    "means": np.zeros(3),
    "stds": np.asarray([0.99999962, 0.99999951, 0.9999996]),
    "means (gamma, beta)": np.asarray([6.0, 7.0, 8.0]),
    "stds (gamma, beta)": np.asarray([2.99999885, 3.99999804, 4.99999798]),
}
SBN_TEST = {
    "means": np.asarray([-0.08034406, 0.07562881, 0.05716371, 0.04378383]),
    "stds": np.asarray([0.96718744, 1.0299714, 1.02887624, 1.00585577]),
}
GN_TRAIN = {"means": np.zeros(4), "stds": np.asarray([0.99999963, 0.99999948, 0.99999973,
                                                      0.99999968])}  # fmt: skip
MEDIUM_CONV = {"x_shape": (6, 3, 11, 11), "w_shape": (4, 3, 3, 3), "stride": 2, "pad": 1}
BN_USES = ("batchnorm_forward", "batchnorm_backward", "batchnorm_backward_alt")

CHECKS = [
    ExpectedOutput(
        unit="conv_forward_naive",
        what="output on the notebook's inputs (rel_error < 1e-7)",
        question=QUESTION,
        points=2,
        inputs=Inputs(conv_notebook_inputs, seed=None),
        call=conv_out,
        expected={"out": CONV_OUT},
        tolerance=PUBLISHED,
        hint=CONV_HINT,
    ),
    ExpectedOutput(
        unit="conv_forward_naive",
        what="output on new shapes (non-square, stride 1, pad 2)",
        question=QUESTION,
        points=0.5,
        hidden=True,
        inputs=Inputs(
            conv_inputs,
            seed=73,
            params={"x_shape": (2, 2, 6, 5), "w_shape": (3, 2, 5, 3), "pad": 2},
        ),
        call=conv_out,
        tolerance=FIXTURE_TOLERANCE,
        hint=CONV_HINT,
    ),
    leaves_inputs_alone(
        "conv_forward_naive",
        "leaves x, w, b and conv_param unchanged",
        QUESTION,
        Inputs(conv_inputs),
        conv_out,
    ),  # fmt: skip
    GradientCheck(
        unit="conv_backward_naive",
        uses=("conv_forward_naive",),
        what="dx, dw, db on the notebook's inputs",
        question=QUESTION,
        points=2,
        inputs=Inputs(conv_inputs),
        case=conv_gradients,
        tolerance=GRADIENT,
        hint="dw[f] sums window * dout over every position; dx adds w[f] * dout back onto "
        "each window (+=, windows overlap); db sums dout over N, H' and W'",
    ),
    Agreement(
        unit="conv_backward_naive",
        uses=("conv_forward_naive",),
        what="agrees with the provided conv_backward_fast (stride 2, pad 1)",
        question=QUESTION,
        points=0.5,
        inputs=Inputs(conv_inputs, seed=79, params=MEDIUM_CONV),
        call=values_of(conv_gradients),
        twin=fast("conv_backward_fast"),
        tolerance=GRADIENT,
    ),
    leaves_inputs_alone(
        "conv_backward_naive",
        "leaves dout and the cache unchanged",
        QUESTION,
        Inputs(conv_inputs),
        conv_gradients,
        uses=("conv_forward_naive",),
    ),
    ExpectedOutput(
        unit="max_pool_forward_naive",
        what="output on the notebook's inputs (rel_error < 1e-7)",
        question=QUESTION,
        points=1,
        inputs=Inputs(pool_notebook_inputs, seed=None),
        call=pool_out,
        expected={"out": POOL_OUT},
        tolerance=PUBLISHED,
    ),
    Agreement(
        unit="max_pool_forward_naive",
        what="agrees with the provided max_pool_forward_fast",
        question=QUESTION,
        points=0.5,
        inputs=Inputs(pool_inputs, seed=83, params={"x_shape": (5, 3, 12, 10)}),
        call=pool_out,
        twin=fast("max_pool_forward_fast"),
        tolerance=FIXTURE_TOLERANCE,
    ),
    ExpectedOutput(
        unit="max_pool_forward_naive",
        what="output on overlapping 3x2 windows, stride 1",
        question=QUESTION,
        points=0.5,
        hidden=True,
        inputs=Inputs(pool_inputs, seed=89, params=OVERLAPPING),
        call=pool_out,
        tolerance=FIXTURE_TOLERANCE,
    ),
    GradientCheck(
        unit="max_pool_backward_naive",
        uses=("max_pool_forward_naive",),
        what="dx on the notebook's inputs",
        question=QUESTION,
        points=1,
        inputs=Inputs(pool_inputs),
        case=pool_gradient,
        tolerance=GRADIENT,
        hint=POOL_HINT,
    ),
    GradientCheck(
        unit="max_pool_backward_naive",
        uses=("max_pool_forward_naive",),
        what="dx on overlapping 3x2 windows, stride 1 (gradients add up)",
        question=QUESTION,
        points=0.5,
        hidden=True,
        inputs=Inputs(pool_inputs, seed=97, params=OVERLAPPING),
        case=pool_gradient,
        tolerance=GRADIENT,
        hint=POOL_HINT,
    ),
    Agreement(
        unit="max_pool_backward_naive",
        uses=("max_pool_forward_naive",),
        what="agrees with the provided max_pool_backward_fast",
        question=QUESTION,
        points=0.5,
        inputs=Inputs(pool_inputs, seed=101, params={"x_shape": (4, 3, 10, 12)}),
        call=values_of(pool_gradient),
        twin=fast("max_pool_backward_fast"),
        tolerance=GRADIENT,
    ),
    leaves_inputs_alone(
        "max_pool_backward_naive",
        "leaves dout and the cache unchanged",
        QUESTION,
        Inputs(pool_inputs),
        pool_gradient,
        uses=("max_pool_forward_naive",),
    ),  # fmt: skip
    ExpectedOutput(
        unit="spatial_batchnorm_forward",
        uses=BN_USES,
        what="train-time means and stds per channel, as printed",
        question=QUESTION,
        points=1,
        inputs=Inputs(sbn_train_inputs),
        call=sbn_statistics,
        expected=SBN_TRAIN,
        tolerance=PRINTED,
        hint="normalize each channel over N, H and W: move C last, flatten to (N*H*W, C) and "
        "call batchnorm_forward",
    ),
    ExpectedOutput(
        unit="spatial_batchnorm_forward",
        uses=BN_USES,
        what="test-time means and stds after 50 training steps, as printed",
        question=QUESTION,
        points=0.5,
        inputs=Inputs(sbn_test_inputs),
        call=sbn_test_statistics,
        expected=SBN_TEST,
        tolerance=TEST_TIME,
        hint="pass bn_param on to batchnorm_forward, so its running averages are kept",
    ),
    GradientCheck(
        unit="spatial_batchnorm_backward",
        uses=("spatial_batchnorm_forward", *BN_USES),
        what="dx, dgamma, dbeta on the notebook's inputs",
        question=QUESTION,
        points=1,
        inputs=Inputs(spatial_backward_inputs),
        case=sbn_gradients,
        tolerance=GRADIENT,
        hint="reshape dout as the forward pass reshaped x, and call a batchnorm backward pass",
    ),
    ExpectedOutput(
        unit="spatial_groupnorm_forward",
        what="means and stds of each group, as printed (G = 2)",
        question=QUESTION,
        points=1,
        inputs=Inputs(gn_forward_inputs),
        call=gn_statistics,
        expected=GN_TRAIN,
        tolerance=PRINTED,
        hint="normalize over each group's (C // G, H, W) values, e.g. on x.reshape(N, G, -1)",
    ),
    ExpectedOutput(
        unit="spatial_groupnorm_forward",
        what="output on new shapes (G = 3, random gamma and beta, eps from gn_param)",
        question=QUESTION,
        points=0.5,
        hidden=True,
        inputs=Inputs(
            spatial_backward_inputs,
            seed=103,
            params={"shape": (3, 6, 3, 2), "groups": 3, "param": {"eps": 1e-3}},
        ),
        call=gn_out,
        tolerance=FIXTURE_TOLERANCE,
    ),
    GradientCheck(
        unit="spatial_groupnorm_backward",
        uses=("spatial_groupnorm_forward",),
        what="dx, dgamma, dbeta on the notebook's inputs (G = 2)",
        question=QUESTION,
        points=1,
        inputs=Inputs(spatial_backward_inputs, params={"shape": (2, 6, 4, 5), "groups": 2}),
        case=gn_gradients,
        tolerance=GRADIENT,
        hint="as layer norm's backward pass, over the M = C // G * H * W values of each group",
    ),
    GradientCheck(
        unit="spatial_groupnorm_backward",
        uses=("spatial_groupnorm_forward",),
        what="dx, dgamma, dbeta on new shapes (G = 3)",
        question=QUESTION,
        points=0.5,
        hidden=True,
        inputs=Inputs(
            spatial_backward_inputs, seed=107, params={"shape": (3, 6, 3, 2), "groups": 3}
        ),
        case=gn_gradients,
        tolerance=GRADIENT,
    ),
]
