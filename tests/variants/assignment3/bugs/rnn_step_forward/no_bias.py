"""Leaves the bias out of the activation."""

import numpy as np

LOSES = "next_h on the notebook's inputs"
REASON = "next_h: relative error"


def rnn_step_forward(x, prev_h, Wx, Wh, b):
    next_h, cache = None, None
    next_h = np.tanh(prev_h @ Wh + x @ Wx)
    cache = (x, prev_h, Wx, Wh, next_h)
    return next_h, cache
