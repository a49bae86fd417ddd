"""Feeds only dh[:, t] to each step, dropping the gradient from step t + 1."""

import numpy as np
from cs231n.rnn_layers import rnn_step_backward

LOSES = "only the last hidden state"
REASON = "dx: relative error"


def rnn_backward(dh, cache):
    dx, dh0, dWx, dWh, db = None, None, None, None, None
    N, T, H = dh.shape
    D = cache[0][0].shape[1]
    dx = np.zeros((N, T, D))
    dWx, dWh, db = 0, 0, 0
    dprev_h = np.zeros((N, H))
    for t in reversed(range(T)):
        dx[:, t], dprev_h, dWx_t, dWh_t, db_t = rnn_step_backward(dh[:, t], cache[t])
        dWx, dWh, db = dWx + dWx_t, dWh + dWh_t, db + db_t
    dh0 = dprev_h
    return dx, dh0, dWx, dWh, db
