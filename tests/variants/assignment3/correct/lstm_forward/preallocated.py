"""Preallocates h and keeps the caches in a dict keyed by timestep."""

import numpy as np
from cs231n.rnn_layers import lstm_step_forward


def lstm_forward(x, h0, Wx, Wh, b):
    h, cache = None, None
    N, T, D = x.shape
    h = np.zeros((N, T, h0.shape[1]))
    c = np.zeros_like(h0)
    cache = {}
    for t in range(T):
        h[:, t, :], c, cache[t] = lstm_step_forward(x[:, t, :], h0 if t == 0 else h[:, t - 1],
                                                    c, Wx, Wh, b)  # fmt: skip
    return h, cache
