"""Per-step gradients in lists, summed at the end; never looks inside the step caches."""

import numpy as np
from cs231n.rnn_layers import lstm_step_backward


def lstm_backward(dh, cache):
    dx, dh0, dWx, dWh, db = None, None, None, None, None
    N, T, H = dh.shape
    dxs, weights = [None] * T, []
    dprev_h, dprev_c = np.zeros((N, H)), np.zeros((N, H))
    for t in range(T - 1, -1, -1):
        dxs[t], dprev_h, dprev_c, *dW_t = lstm_step_backward(dh[:, t] + dprev_h, dprev_c,
                                                             cache[t])  # fmt: skip
        weights.append(dW_t)
    dx = np.stack(dxs, axis=1)
    dh0 = dprev_h
    dWx, dWh, db = (sum(w[k] for w in weights) for k in range(3))
    return dx, dh0, dWx, dWh, db
