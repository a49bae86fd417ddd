"""Assigns the weight gradients at each step instead of adding them up."""

import numpy as np
from cs231n.rnn_layers import rnn_step_backward

LOSES = "on the notebook's inputs"
REASON = "dWx: relative error"


def rnn_backward(dh, cache):
    dx, dh0, dWx, dWh, db = None, None, None, None, None
    N, T, H = dh.shape
    D = cache[0][0].shape[1]
    dx = np.zeros((N, T, D))
    dprev_h = np.zeros((N, H))
    for t in reversed(range(T)):
        dx[:, t], dprev_h, dWx, dWh, db = rnn_step_backward(dh[:, t] + dprev_h, cache[t])
    dh0 = dprev_h
    return dx, dh0, dWx, dWh, db
