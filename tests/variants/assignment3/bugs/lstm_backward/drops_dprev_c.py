"""Passes a zero cell gradient to every step instead of carrying dprev_c back in time."""

import numpy as np
from cs231n.rnn_layers import lstm_step_backward

LOSES = "on the notebook's inputs"
REASON = "dx: relative error"


def lstm_backward(dh, cache):
    dx, dh0, dWx, dWh, db = None, None, None, None, None
    N, T, H = dh.shape
    D = cache[0][0].shape[1]
    dx = np.zeros((N, T, D))
    dWx, dWh, db = 0, 0, 0
    dprev_h = np.zeros((N, H))
    for t in reversed(range(T)):
        dx[:, t], dprev_h, _, dWx_t, dWh_t, db_t = lstm_step_backward(
            dh[:, t] + dprev_h, np.zeros((N, H)), cache[t]
        )
        dWx, dWh, db = dWx + dWx_t, dWh + dWh_t, db + db_t
    dh0 = dprev_h
    return dx, dh0, dWx, dWh, db
