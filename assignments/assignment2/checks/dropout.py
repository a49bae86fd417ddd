"""Q3, inverted dropout: dropout_forward and dropout_backward in cs231n/layers.py.

Most of the credit is for properties any correct inverted dropout has, whatever random draw
makes its mask: about p of the units kept, each divided by p (p is the KEEP probability), the
mean preserved, and the input untouched at test time. A smaller check asks for the notebook's
printed fractions, which need the mask the TODO asks for (one np.random.rand(*x.shape) < p).
dropout_backward runs on a cache built here in the provided layout (dropout_param, mask).
"""

import numpy as np

from grader.checks import ExpectedOutput, GradientCheck, Inputs, Property
from grader.compare import Problem, Tolerance, Verdict

from ._common import GRADIENT, LAYERS, leaves_inputs_alone

QUESTION = "dropout"
KEEP = (0.25, 0.4, 0.7)
# 500 x 500 units: the kept fraction's standard deviation is below 1e-3 and the mean's below
# 0.04 for these p, so these bounds are 5 standard deviations and more.
FRACTION_SLACK = 0.005
MEAN_SLACK = 0.2
P_HINT = (
    "p is the probability of KEEPING a unit: mask = (np.random.rand(*x.shape) < p) / p, "
    "out = x * mask"
)


def notebook_inputs(rng):
    """Dropout.ipynb cell [5]: x = randn(500, 500) + 10, right after np.random.seed(231)."""
    return {"x": rng.randn(500, 500) + 10}


def backward_inputs(rng, shape=(10, 10), p=0.2):
    """Cell [6]'s shapes and keep probability, with the mask drawn here."""
    x, dout = rng.randn(*shape) + 10, rng.randn(*shape)
    mask = (rng.rand(*shape) < p) / p
    return {"x": x, "dout": dout, "cache": ({"mode": "train", "p": p}, mask)}


def train_and_test_outputs(student, d):
    student.seed(231)  # any draw passes; a seeded one makes reruns comparable (grader mutants)
    found = {}
    for p in KEEP:
        for mode in ("train", "test"):
            out = student.call(f"{LAYERS}:dropout_forward", d["x"], {"mode": mode, "p": p},
                               returns=2)[0]  # fmt: skip
            found[(mode, p)] = out
    return {"x": d["x"], "outputs": found}


def _as_array(value, shape):
    try:
        array = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        return None
    return array if array.shape == shape else None


def _shape_problem(name, value, shape) -> Verdict:
    got = None if value is None else np.shape(value)
    return Verdict(0.0, f"{name}: expected an array of shape {shape}, got {got}",
                   problems=(Problem("shape", name, expected=shape, got=got),))  # fmt: skip


def keeps_p_scaled_by_1_over_p(found) -> Verdict:
    """At train time: every output is 0 or x / p, about p of them kept, the mean kept."""
    x = found["x"]
    for p in KEEP:
        out = _as_array(found["outputs"][("train", p)], x.shape)
        if out is None:
            return _shape_problem(f"train-time out (p = {p})", found["outputs"][("train", p)],
                                  x.shape)  # fmt: skip
        kept = out != 0
        fraction = kept.mean()
        if abs(fraction - p) > FRACTION_SLACK:
            return Verdict(0.0, f"p = {p}: {fraction:.3f} of the units kept, expected about {p}",
                           problems=(Problem("value", "kept fraction", expected=p,
                                             got=float(fraction)),))  # fmt: skip
        scale = np.abs(out[kept] - x[kept] / p) / np.abs(x[kept] / p)
        if scale.size and scale.max() > 1e-12:
            ratio = float(np.median(out[kept] / x[kept]))
            return Verdict(0.0, f"p = {p}: kept units are x times {ratio:.4g}, expected x / p "
                           f"= x times {1 / p:.4g}",
                           problems=(Problem("value", "kept units", expected=1 / p,
                                             got=ratio),))  # fmt: skip
        if abs(out.mean() - x.mean()) > MEAN_SLACK:
            return Verdict(0.0, f"p = {p}: train-time mean {out.mean():.4f}, input mean "
                           f"{x.mean():.4f}", problems=(Problem("value", "mean"),))  # fmt: skip
    return Verdict(1.0, detail="kept fractions within 0.005 of p, kept units exactly x / p")


def test_time_identity(found) -> Verdict:
    x = found["x"]
    for p in KEEP:
        out = _as_array(found["outputs"][("test", p)], x.shape)
        if out is None:
            return _shape_problem(f"test-time out (p = {p})", found["outputs"][("test", p)],
                                  x.shape)  # fmt: skip
        if not np.array_equal(out, x):
            changed = float(np.mean(out != x))
            return Verdict(0.0, f"p = {p}: test mode changed {changed:.1%} of the input; "
                           "inverted dropout returns x unchanged at test time",
                           problems=(Problem("value", "test-time out"),))  # fmt: skip
    return Verdict(1.0)


def printed_statistics(student, d):
    """The notebook's loop, on the global stream right after drawing x with seed 231: the
    train-time mean and the fraction zeroed for each p, as printed."""
    student.seed(231)
    student.call("numpy.random:randn", *d["x"].shape)  # the notebook's draw of x
    found = {}
    for p in KEEP:
        out = student.call(f"{LAYERS}:dropout_forward", d["x"], {"mode": "train", "p": p},
                           returns=2)[0]  # fmt: skip
        array = _as_array(out, d["x"].shape)
        found[f"train-time mean (p = {p})"] = out if array is None else array.mean()
        found[f"fraction zeroed (p = {p})"] = out if array is None else (array == 0).mean()
        student.call(f"{LAYERS}:dropout_forward", d["x"], {"mode": "test", "p": p}, returns=2)
    return found


PRINTED = {
    "train-time mean (p = 0.25)": 10.014059116977283,
    "fraction zeroed (p = 0.25)": 0.749784,
    "train-time mean (p = 0.4)": 9.977917658761159,
    "fraction zeroed (p = 0.4)": 0.600796,
    "train-time mean (p = 0.7)": 9.987811912159426,
    "fraction zeroed (p = 0.7)": 0.30074,
}


def train_forward(student, d):
    student.seed(231)
    out = student.call(f"{LAYERS}:dropout_forward", d["x"], {"mode": "train", "p": 0.5},
                       returns=2)[0]  # fmt: skip
    return {"out": out}


def backward_case(student, d):
    """The backward pass on a cache built here; no probe (the forward's mask is not ours)."""
    dx = student.call(f"{LAYERS}:dropout_backward", d["dout"], d["cache"])
    return {"dx": dx}, {}


CHECKS = [
    Property(
        unit="dropout_forward",
        what="train mode keeps about p of the units, each divided by p (p = 0.25, 0.4, 0.7)",
        question=QUESTION,
        points=1.5,
        inputs=Inputs(notebook_inputs),
        call=train_and_test_outputs,
        predicate=keeps_p_scaled_by_1_over_p,
        hint=P_HINT,
    ),
    Property(
        unit="dropout_forward",
        what="test mode returns the input unchanged",
        question=QUESTION,
        points=0.5,
        inputs=Inputs(notebook_inputs),
        call=train_and_test_outputs,
        predicate=test_time_identity,
        hint="inverted dropout scales at training time, so test time is the identity",
    ),
    ExpectedOutput(
        unit="dropout_forward",
        what="the notebook's printed means and zeroed fractions (seed 231)",
        question=QUESTION,
        points=0.5,
        inputs=Inputs(notebook_inputs),
        call=printed_statistics,
        expected=PRINTED,
        tolerance=Tolerance("abs", 1e-9),
        hint="draw the mask with one call, np.random.rand(*x.shape) < p, as the TODO asks",
    ),
    leaves_inputs_alone(
        "dropout_forward", "leaves x unchanged", QUESTION, Inputs(backward_inputs), train_forward
    ),
    GradientCheck(
        unit="dropout_backward",
        what="dx on cell [6]'s shapes (p = 0.2), from the cache's mask",
        question=QUESTION,
        points=1.5,
        inputs=Inputs(backward_inputs),
        case=backward_case,
        tolerance=GRADIENT,
        hint="dx = dout * mask, the mask forward stored (already divided by p)",
    ),
    leaves_inputs_alone(
        "dropout_backward",
        "leaves dout and the cache unchanged",
        QUESTION,
        Inputs(backward_inputs),
        backward_case,
    ),  # fmt: skip
]
