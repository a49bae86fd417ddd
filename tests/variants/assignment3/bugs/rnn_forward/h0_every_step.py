"""Feeds h0 to every step instead of the previous step's hidden state."""

import numpy as np
from cs231n.rnn_layers import rnn_step_forward

LOSES = "h on the notebook's inputs"
REASON = "h: relative error"


def rnn_forward(x, h0, Wx, Wh, b):
    h, cache = None, None
    N, T, _ = x.shape
    h = np.zeros((N, T, h0.shape[1]))
    cache = []
    for t in range(T):
        h[:, t], step_cache = rnn_step_forward(x[:, t], h0, Wx, Wh, b)
        cache.append(step_cache)
    return h, cache
