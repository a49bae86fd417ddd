"""Collects h in a list and stacks it; c0 from np.zeros of h0's shape."""

import numpy as np
from cs231n.rnn_layers import lstm_step_forward


def lstm_forward(x, h0, Wx, Wh, b):
    h, cache = None, None
    prev_h, prev_c = h0, np.zeros(h0.shape)
    states, cache = [], []
    for t in range(x.shape[1]):
        prev_h, prev_c, step = lstm_step_forward(x[:, t, :], prev_h, prev_c, Wx, Wh, b)
        states.append(prev_h)
        cache.append(step)
    h = np.stack(states, axis=1)
    return h, cache
