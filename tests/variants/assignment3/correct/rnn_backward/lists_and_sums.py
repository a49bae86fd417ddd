"""Keeps each step's gradients in lists, sums the weight gradients at the end, and never looks
inside the step caches."""

import numpy as np
from cs231n.rnn_layers import rnn_step_backward


def rnn_backward(dh, cache):
    dx, dh0, dWx, dWh, db = None, None, None, None, None
    T = dh.shape[1]
    dxs, dWxs, dWhs, dbs = [None] * T, [], [], []
    dprev = np.zeros_like(dh[:, 0, :])
    for t in range(T - 1, -1, -1):
        dxs[t], dprev, dWx_t, dWh_t, db_t = rnn_step_backward(dh[:, t, :] + dprev, cache[t])
        dWxs.append(dWx_t)
        dWhs.append(dWh_t)
        dbs.append(db_t)
    dx = np.stack(dxs, axis=1)
    dh0 = dprev
    dWx, dWh, db = sum(dWxs), sum(dWhs), sum(dbs)
    return dx, dh0, dWx, dWh, db
