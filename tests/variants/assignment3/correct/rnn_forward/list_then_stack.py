"""Collects the hidden states in a list and stacks them on axis 1."""

import numpy as np
from cs231n.rnn_layers import rnn_step_forward


def rnn_forward(x, h0, Wx, Wh, b):
    h, cache = None, None
    states, cache = [], []
    prev_h = h0
    for t in range(x.shape[1]):
        prev_h, step_cache = rnn_step_forward(x[:, t, :], prev_h, Wx, Wh, b)
        states.append(prev_h)
        cache.append(step_cache)
    h = np.stack(states, axis=1)
    return h, cache
