"""Sizes the accumulators from the last step's result, adding in place into new arrays."""

import numpy as np
from cs231n.rnn_layers import rnn_step_backward


def rnn_backward(dh, cache):
    dx, dh0, dWx, dWh, db = None, None, None, None, None
    N, T, H = dh.shape
    dnext = np.zeros((N, H))
    for t in reversed(range(T)):
        step = rnn_step_backward(dh[:, t] + dnext, cache[t])
        dx_t, dnext, dWx_t, dWh_t, db_t = step
        if dx is None:
            dx = np.zeros((N, T, dx_t.shape[1]))
            dWx, dWh, db = np.zeros_like(dWx_t), np.zeros_like(dWh_t), np.zeros_like(db_t)
        dx[:, t] = dx_t
        dWx += dWx_t
        dWh += dWh_t
        db += db_t
    dh0 = dnext
    return dx, dh0, dWx, dWh, db
