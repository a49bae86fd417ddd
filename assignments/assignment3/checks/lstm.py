"""Extra credit, the LSTM layers of cs231n/rnn_layers.py: one step and a whole sequence,
forward and backward.

The forward passes are graded against LSTM_Captioning.ipynb's published outputs (spec §4.3;
the gates are i, f, o, g in that order) and the reference on new shapes; each backward runs on
the student's own cache. lstm_step_backward gets gradients through both next_h and next_c, and
must leave them as it found them (spec §14: `dnext_c += ...` passes the notebook's test but
changes the caller's array).
"""

import numpy as np

from grader.checks import ExpectedOutput, GradientCheck, Inputs, Probe
from grader.compare import Tolerance

from ._recurrent import GRADIENT, LAYERS, forward, forward_backward, leaves_inputs_alone, linspace

QUESTION = "lstm"
STEP_H = np.array([
    [0.24635157, 0.28610883, 0.32240467, 0.35525807, 0.38474904],
    [0.49223563, 0.55611431, 0.61507696, 0.66844003, 0.7159181],
    [0.56735664, 0.66310127, 0.74419266, 0.80889665, 0.858299],
])  # fmt: skip
STEP_C = np.array([
    [0.32986176, 0.39145139, 0.451556, 0.51014116, 0.56717407],
    [0.66382255, 0.76674007, 0.87195994, 0.97902709, 1.08751345],
    [0.74192008, 0.90592151, 1.07717006, 1.25120233, 1.42395676],
])  # fmt: skip
SEQUENCE_H = np.array([
    [[0.01764008, 0.01823233, 0.01882671, 0.0194232],
     [0.11287491, 0.12146228, 0.13018446, 0.13902939],
     [0.31358768, 0.33338627, 0.35304453, 0.37250975]],
    [[0.45767879, 0.4761092, 0.4936887, 0.51041945],
     [0.6704845, 0.69350089, 0.71486014, 0.7346449],
     [0.81733511, 0.83677871, 0.85403753, 0.86935314]],
])  # fmt: skip
PUBLISHED = Tolerance("rel_error", 1e-7)
EXACT = Tolerance("rel_error", 1e-9)
GATES_HINT = (
    "split a = x @ Wx + prev_h @ Wh + b into four blocks of H columns in the order i, f, o, g; "
    "sigmoid for i, f, o and tanh for g"
)
STEP_KEYS = ("x", "prev_h", "prev_c", "Wx", "Wh", "b")
STEP_GRADS = ("dx", "dprev_h", "dprev_c", "dWx", "dWh", "db")
SEQUENCE_KEYS = ("x", "h0", "Wx", "Wh", "b")
SEQUENCE_GRADS = ("dx", "dh0", "dWx", "dWh", "db")
SEQUENCE_UNITS = ("lstm_step_forward", "lstm_step_backward", "lstm_forward")


def step_notebook_inputs():
    N, D, H = 3, 4, 5
    return {"x": linspace(-0.4, 1.2, N, D), "prev_h": linspace(-0.3, 0.7, N, H),
            "prev_c": linspace(-0.4, 0.9, N, H), "Wx": linspace(-2.1, 1.3, D, 4 * H),
            "Wh": linspace(-0.7, 2.2, H, 4 * H), "b": linspace(0.3, 0.7, 4 * H)}  # fmt: skip


def step_inputs(rng, N=4, D=5, H=6, through_c_only=False):
    """The notebook's lstm_step_backward draws, in its order. With `through_c_only` the
    gradient reaches next_c alone (dnext_h = 0), so next_c's numeric gradient checks it."""
    d = {"x": rng.randn(N, D), "prev_h": rng.randn(N, H), "prev_c": rng.randn(N, H),
         "Wx": rng.randn(D, 4 * H), "Wh": rng.randn(H, 4 * H), "b": rng.randn(4 * H)}  # fmt: skip
    d["dnext_h"], d["dnext_c"] = rng.randn(N, H), rng.randn(N, H)
    if through_c_only:
        d["dnext_h"] = np.zeros((N, H))
    return d


def sequence_notebook_inputs():
    N, D, H, T = 2, 5, 4, 3
    return {"x": linspace(-0.4, 0.6, N, T, D), "h0": linspace(-0.4, 0.8, N, H),
            "Wx": linspace(-0.2, 0.9, D, 4 * H), "Wh": linspace(-0.3, 0.6, H, 4 * H),
            "b": linspace(0.2, 0.7, 4 * H)}  # fmt: skip


def sequence_inputs(rng, N=2, D=3, T=10, H=6):
    """The notebook's lstm_backward draws, in its order; dout is drawn last."""
    d = {"x": rng.randn(N, T, D), "h0": rng.randn(N, H), "Wx": rng.randn(D, 4 * H),
         "Wh": rng.randn(H, 4 * H), "b": rng.randn(4 * H)}  # fmt: skip
    return {**d, "dout": rng.randn(N, T, H)}


def through_c(student, d):
    """lstm_step_backward with dnext_h = 0; probes nudge each input of the student's forward
    against dnext_c, through next_c (the forward's second output)."""
    args = tuple(d[k] for k in STEP_KEYS)
    *_, cache = student.call(f"{LAYERS}:lstm_step_forward", *args, returns=3)
    result = student.call(f"{LAYERS}:lstm_step_backward", d["dnext_h"], d["dnext_c"], cache,
                          returns=len(STEP_GRADS))  # fmt: skip
    probes = {
        grad: Probe(f"{LAYERS}:lstm_step_forward", args, vary=i, select=(1,), dout=d["dnext_c"])
        for i, grad in enumerate(STEP_GRADS)
    }
    return dict(zip(STEP_GRADS, result, strict=True)), probes


step_forward = forward("lstm_step_forward", *STEP_KEYS, outputs=("next_h", "next_c"))
step_gradients = forward_backward("lstm_step_forward", "lstm_step_backward", STEP_KEYS,
                                  STEP_GRADS, upstream=("dnext_h", "dnext_c"))  # fmt: skip
sequence_forward = forward("lstm_forward", *SEQUENCE_KEYS, outputs=("h",))
sequence_gradients = forward_backward("lstm_forward", "lstm_backward", SEQUENCE_KEYS,
                                      SEQUENCE_GRADS)  # fmt: skip

CHECKS = [
    ExpectedOutput(
        unit="lstm_step_forward",
        what="next_h and next_c on the notebook's inputs (rel_error < 1e-7)",
        question=QUESTION,
        points=1,
        inputs=Inputs(step_notebook_inputs, seed=None),
        call=step_forward,
        expected={"next_h": STEP_H, "next_c": STEP_C},
        tolerance=PUBLISHED,
        hint=GATES_HINT,
    ),
    ExpectedOutput(
        unit="lstm_step_forward",
        what="next_h and next_c on new shapes",
        question=QUESTION,
        points=0.25,
        hidden=True,
        inputs=Inputs(step_inputs, seed=71, params={"N": 2, "D": 3, "H": 4}),
        call=step_forward,
        tolerance=EXACT,
    ),
    GradientCheck(
        unit="lstm_step_backward",
        uses=("lstm_step_forward",),
        what="all six gradients on the notebook's inputs (dnext_h and dnext_c)",
        question=QUESTION,
        points=1,
        inputs=Inputs(step_inputs),
        case=step_gradients,
        tolerance=GRADIENT,
        hint="next_c reaches the loss directly (dnext_c) and through next_h = o * tanh(next_c)",
    ),
    GradientCheck(
        unit="lstm_step_backward",
        uses=("lstm_step_forward",),
        what="gradients through next_c alone (dnext_h = 0)",
        question=QUESTION,
        points=0.5,
        inputs=Inputs(step_inputs, seed=73, params={"through_c_only": True}),
        case=through_c,
        tolerance=GRADIENT,
        hint="dprev_c = dc * f, where dc = dnext_c + dnext_h * o * (1 - tanh(next_c) ** 2)",
    ),
    leaves_inputs_alone(
        "lstm_step_backward",
        "leaves dnext_h, dnext_c and the cache unchanged",
        QUESTION,
        Inputs(step_inputs),
        step_gradients,
        uses=("lstm_step_forward",),
    ),  # fmt: skip
    ExpectedOutput(
        unit="lstm_forward",
        uses=("lstm_step_forward",),
        what="h on the notebook's inputs (rel_error < 1e-7)",
        question=QUESTION,
        points=0.75,
        inputs=Inputs(sequence_notebook_inputs, seed=None),
        call=sequence_forward,
        expected={"h": SEQUENCE_H},
        tolerance=PUBLISHED,
        hint="start from h0 and a zero cell state c0, feeding each step's h and c to the next",
    ),
    ExpectedOutput(
        unit="lstm_forward",
        uses=("lstm_step_forward",),
        what="h on new shapes",
        question=QUESTION,
        points=0.25,
        hidden=True,
        inputs=Inputs(sequence_inputs, seed=79, params={"N": 3, "D": 2, "T": 4, "H": 3}),
        call=sequence_forward,
        tolerance=EXACT,
    ),
    GradientCheck(
        unit="lstm_backward",
        uses=SEQUENCE_UNITS,
        what="dx, dh0, dWx, dWh, db on the notebook's inputs",
        question=QUESTION,
        points=1,
        inputs=Inputs(sequence_inputs),
        case=sequence_gradients,
        tolerance=GRADIENT,
        hint="walk t = T-1 .. 0 carrying dprev_h and dprev_c (both zero at t = T-1); feed "
        "dh[:, t] + dprev_h to lstm_step_backward",
    ),
    GradientCheck(
        unit="lstm_backward",
        uses=SEQUENCE_UNITS,
        what="dx, dh0, dWx, dWh, db on new shapes",
        question=QUESTION,
        points=0.5,
        hidden=True,
        inputs=Inputs(sequence_inputs, seed=83, params={"N": 3, "D": 4, "T": 5, "H": 2}),
        case=sequence_gradients,
        tolerance=GRADIENT,
    ),
]
