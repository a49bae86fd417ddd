"""Q1, the vanilla RNN layers of cs231n/rnn_layers.py: one step and a whole sequence, forward
and backward, and word embeddings.

The forward passes are graded against the outputs RNN_Captioning.ipynb publishes (spec §4.2,
linspace inputs that reproduce digit for digit) and against the reference on new shapes. Each
backward pass runs on the cache of the student's own forward pass, and its gradients are
compared with the reference's; a numeric gradient of the student's forward says which of the
two is wrong. rnn_backward's dh holds only what the layers above send into each hidden state,
and word_embedding_backward must add up the rows of repeated words.
"""

import numpy as np

from grader.checks import ExpectedOutput, GradientCheck, Inputs
from grader.compare import Tolerance

from ._recurrent import GRADIENT, forward, forward_backward, leaves_inputs_alone, linspace

QUESTION = "rnn"
STEP_H = np.array([
    [-0.58172089, -0.50182032, -0.41232771, -0.31410098],
    [0.66854692, 0.79562378, 0.87755553, 0.92795967],
    [0.97934501, 0.99144213, 0.99646691, 0.99854353],
])  # fmt: skip
SEQUENCE_H = np.array([
    [[-0.42070749, -0.27279261, -0.11074945, 0.05740409, 0.22236251],
     [-0.39525808, -0.22554661, -0.0409454, 0.14649412, 0.32397316],
     [-0.42305111, -0.24223728, -0.04287027, 0.15997045, 0.35014525]],
    [[-0.55857474, -0.39065825, -0.19198182, 0.02378408, 0.23735671],
     [-0.27150199, -0.07088804, 0.13562939, 0.33099728, 0.50158768],
     [-0.51014825, -0.30524429, -0.06755202, 0.17806392, 0.40333043]],
])  # fmt: skip
EMBEDDED = np.array([
    [[0.0, 0.07142857, 0.14285714], [0.64285714, 0.71428571, 0.78571429],
     [0.21428571, 0.28571429, 0.35714286], [0.42857143, 0.5, 0.57142857]],
    [[0.42857143, 0.5, 0.57142857], [0.21428571, 0.28571429, 0.35714286],
     [0.0, 0.07142857, 0.14285714], [0.64285714, 0.71428571, 0.78571429]],
])  # fmt: skip
# The published values are rounded to 8 decimals: the notebooks' "order e-8" (and e-7 for h).
PUBLISHED = Tolerance("rel_error", 1e-7)
EXACT = Tolerance("rel_error", 1e-9)
TANH_HINT = "the local derivative of tanh is 1 - next_h ** 2, with next_h the tanh output"
STEP_KEYS = ("x", "prev_h", "Wx", "Wh", "b")
STEP_GRADS = ("dx", "dprev_h", "dWx", "dWh", "db")
SEQUENCE_KEYS = ("x", "h0", "Wx", "Wh", "b")
SEQUENCE_GRADS = ("dx", "dh0", "dWx", "dWh", "db")


def step_notebook_inputs():
    N, D, H = 3, 10, 4
    return {"x": linspace(-0.4, 0.7, N, D), "prev_h": linspace(-0.2, 0.5, N, H),
            "Wx": linspace(-0.1, 0.9, D, H), "Wh": linspace(-0.3, 0.7, H, H),
            "b": linspace(-0.2, 0.4, H)}  # fmt: skip


def step_inputs(rng, N=4, D=5, H=6):
    """The notebook's rnn_step_backward draws, in its order; dout is drawn last."""
    d = {"x": rng.randn(N, D), "prev_h": rng.randn(N, H), "Wx": rng.randn(D, H),
         "Wh": rng.randn(H, H), "b": rng.randn(H)}  # fmt: skip
    return {**d, "dout": rng.randn(N, H)}


def sequence_notebook_inputs():
    N, T, D, H = 2, 3, 4, 5
    return {"x": linspace(-0.1, 0.3, N, T, D), "h0": linspace(-0.3, 0.1, N, H),
            "Wx": linspace(-0.2, 0.4, D, H), "Wh": linspace(-0.4, 0.1, H, H),
            "b": linspace(-0.7, 0.1, H)}  # fmt: skip


def sequence_inputs(rng, N=2, D=3, T=10, H=5, last_only=False):
    """The notebook's rnn_backward draws, in its order. With `last_only` the layers above send
    a gradient into the last hidden state alone: every other gradient flows back in time."""
    d = {"x": rng.randn(N, T, D), "h0": rng.randn(N, H), "Wx": rng.randn(D, H),
         "Wh": rng.randn(H, H), "b": rng.randn(H)}  # fmt: skip
    dout = rng.randn(N, T, H)
    if last_only:
        dout[:, :-1] = 0.0
    return {**d, "dout": dout}


def embedding_notebook_inputs():
    V, D = 5, 3
    return {"x": np.array([[0, 3, 1, 2], [2, 1, 0, 3]]), "W": linspace(0, 1, V, D)}


def embedding_inputs(rng, N=50, T=3, V=5, D=6, repeated=False):
    """The notebook's word_embedding_backward draws. With `repeated` every row is one word
    said T times, so each used row of dW sums T gradients (and three of the V words unused)."""
    x = rng.randint(V, size=(N, T))
    if repeated:
        x = np.repeat(rng.randint(2, size=(N, 1)), T, axis=1)
    W = rng.randn(V, D)
    return {"x": x, "W": W, "dout": rng.randn(N, T, D)}


step_forward = forward("rnn_step_forward", *STEP_KEYS, outputs=("next_h",))
step_gradients = forward_backward("rnn_step_forward", "rnn_step_backward", STEP_KEYS, STEP_GRADS)
sequence_forward = forward("rnn_forward", *SEQUENCE_KEYS, outputs=("h",))
sequence_gradients = forward_backward("rnn_forward", "rnn_backward", SEQUENCE_KEYS,
                                      SEQUENCE_GRADS)  # fmt: skip
embedding_forward = forward("word_embedding_forward", "x", "W")
embedding_gradient = forward_backward("word_embedding_forward", "word_embedding_backward",
                                      ("x", "W"), ("dW",), vary=("W",))  # fmt: skip

CHECKS = [
    ExpectedOutput(
        unit="rnn_step_forward",
        what="next_h on the notebook's inputs (rel_error < 1e-7)",
        question=QUESTION,
        points=2,
        inputs=Inputs(step_notebook_inputs, seed=None),
        call=step_forward,
        expected={"next_h": STEP_H},
        tolerance=PUBLISHED,
        hint="next_h = np.tanh(prev_h @ Wh + x @ Wx + b)",
    ),
    ExpectedOutput(
        unit="rnn_step_forward",
        what="next_h on new shapes",
        question=QUESTION,
        points=1,
        hidden=True,
        inputs=Inputs(step_inputs, seed=41, params={"N": 3, "D": 7, "H": 2}),
        call=step_forward,
        tolerance=EXACT,
    ),
    leaves_inputs_alone(
        "rnn_step_forward",
        "leaves x, prev_h and the weights unchanged",
        QUESTION,
        Inputs(step_inputs),
        step_forward,
    ),  # fmt: skip
    GradientCheck(
        unit="rnn_step_backward",
        uses=("rnn_step_forward",),
        what="dx, dprev_h, dWx, dWh, db on the notebook's inputs",
        question=QUESTION,
        points=3.5,
        inputs=Inputs(step_inputs),
        case=step_gradients,
        tolerance=GRADIENT,
        hint=TANH_HINT,
    ),
    GradientCheck(
        unit="rnn_step_backward",
        uses=("rnn_step_forward",),
        what="dx, dprev_h, dWx, dWh, db on new shapes",
        question=QUESTION,
        points=1,
        hidden=True,
        inputs=Inputs(step_inputs, seed=43, params={"N": 2, "D": 3, "H": 7}),
        case=step_gradients,
        tolerance=GRADIENT,
        hint=TANH_HINT,
    ),
    leaves_inputs_alone(
        "rnn_step_backward",
        "leaves dnext_h and the cache unchanged",
        QUESTION,
        Inputs(step_inputs),
        step_gradients,
        uses=("rnn_step_forward",),
    ),  # fmt: skip
    ExpectedOutput(
        unit="rnn_forward",
        uses=("rnn_step_forward",),
        what="h on the notebook's inputs (rel_error < 1e-7)",
        question=QUESTION,
        points=2,
        inputs=Inputs(sequence_notebook_inputs, seed=None),
        call=sequence_forward,
        expected={"h": SEQUENCE_H},
        tolerance=PUBLISHED,
        hint="start from h0 and feed each step's next_h to the next step, t = 0 .. T-1",
    ),
    ExpectedOutput(
        unit="rnn_forward",
        uses=("rnn_step_forward",),
        what="h on new shapes",
        question=QUESTION,
        points=1,
        hidden=True,
        inputs=Inputs(sequence_inputs, seed=47, params={"N": 3, "D": 2, "T": 6, "H": 4}),
        call=sequence_forward,
        tolerance=EXACT,
    ),
    GradientCheck(
        unit="rnn_backward",
        uses=("rnn_step_forward", "rnn_step_backward", "rnn_forward"),
        what="dx, dh0, dWx, dWh, db on the notebook's inputs",
        question=QUESTION,
        points=3.5,
        inputs=Inputs(sequence_inputs),
        case=sequence_gradients,
        tolerance=GRADIENT,
        hint="walk t = T-1 .. 0, feed dh[:, t] + dprev_h to rnn_step_backward and add up the "
        "weight gradients",
    ),
    GradientCheck(
        unit="rnn_backward",
        uses=("rnn_step_forward", "rnn_step_backward", "rnn_forward"),
        what="gradients when only the last hidden state gets an upstream gradient",
        question=QUESTION,
        points=1,
        inputs=Inputs(sequence_inputs, seed=53, params={"last_only": True}),
        case=sequence_gradients,
        tolerance=GRADIENT,
        hint="dh holds only what the layers above send into each h[:, t]; the gradient from "
        "step t + 1 (dprev_h) must be added to it",
    ),
    GradientCheck(
        unit="rnn_backward",
        uses=("rnn_step_forward", "rnn_step_backward", "rnn_forward"),
        what="dx, dh0, dWx, dWh, db on new shapes",
        question=QUESTION,
        points=1,
        hidden=True,
        inputs=Inputs(sequence_inputs, seed=59, params={"N": 3, "D": 4, "T": 5, "H": 3}),
        case=sequence_gradients,
        tolerance=GRADIENT,
    ),
    leaves_inputs_alone(
        "rnn_backward",
        "leaves dh and the cache unchanged",
        QUESTION,
        Inputs(sequence_inputs),
        sequence_gradients,
        uses=("rnn_step_forward", "rnn_step_backward", "rnn_forward"),
    ),  # fmt: skip
    ExpectedOutput(
        unit="word_embedding_forward",
        what="out on the notebook's inputs (rel_error < 1e-7)",
        question=QUESTION,
        points=2,
        inputs=Inputs(embedding_notebook_inputs, seed=None),
        call=embedding_forward,
        expected={"out": EMBEDDED},
        tolerance=PUBLISHED,
        hint="out = W[x]: row x[n, t] of W for every word",
    ),
    ExpectedOutput(
        unit="word_embedding_forward",
        what="out on new shapes",
        question=QUESTION,
        points=0.5,
        hidden=True,
        inputs=Inputs(embedding_inputs, seed=61, params={"N": 4, "T": 7, "V": 9, "D": 2}),
        call=embedding_forward,
        tolerance=Tolerance("rel_error", 1e-12),
    ),
    GradientCheck(
        unit="word_embedding_backward",
        uses=("word_embedding_forward",),
        what="dW on the notebook's inputs",
        question=QUESTION,
        points=2,
        inputs=Inputs(embedding_inputs),
        case=embedding_gradient,
        tolerance=GRADIENT,
        hint="start from zeros and np.add.at(dW, x, dout): dW[x] += dout keeps one row per "
        "repeated word",
    ),
    GradientCheck(
        unit="word_embedding_backward",
        uses=("word_embedding_forward",),
        what="dW adds up every use of a repeated word",
        question=QUESTION,
        points=1,
        inputs=Inputs(embedding_inputs, seed=67, params={"N": 6, "T": 4, "repeated": True}),
        case=embedding_gradient,
        tolerance=GRADIENT,
        hint="dW[x] += dout writes each repeated row once; np.add.at(dW, x, dout) adds them all",
    ),
    leaves_inputs_alone(
        "word_embedding_backward",
        "leaves dout and the cache unchanged",
        QUESTION,
        Inputs(embedding_inputs),
        embedding_gradient,
        uses=("word_embedding_forward",),
    ),  # fmt: skip
]
