"""Starts the cell state at h0 instead of zeros."""

import numpy as np
from cs231n.rnn_layers import lstm_step_forward

LOSES = "h on the notebook's inputs"
REASON = "h: relative error"


def lstm_forward(x, h0, Wx, Wh, b):
    h, cache = None, None
    N, T, _ = x.shape
    h = np.zeros((N, T, h0.shape[1]))
    cache = []
    prev_h, prev_c = h0, h0
    for t in range(T):
        prev_h, prev_c, step_cache = lstm_step_forward(x[:, t], prev_h, prev_c, Wx, Wh, b)
        h[:, t] = prev_h
        cache.append(step_cache)
    return h, cache
