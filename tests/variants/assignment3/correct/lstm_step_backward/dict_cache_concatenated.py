"""Reads the dict cache and backpropagates through one matmul of [x, prev_h]."""

import numpy as np


def lstm_step_backward(dnext_h, dnext_c, cache):
    dx, dprev_h, dprev_c, dWx, dWh, db = None, None, None, None, None, None
    i, f, o, g = cache["gates"]
    x, prev_h, prev_c = cache["x"], cache["prev_h"], cache["prev_c"]
    tanh_c = np.tanh(cache["next_c"])
    dc = dnext_c + dnext_h * o * (1 - tanh_c * tanh_c)
    da = np.concatenate([dc * g * i * (1 - i), dc * prev_c * f * (1 - f),
                         dnext_h * tanh_c * o * (1 - o), dc * i * (1 - g * g)], axis=1)  # fmt: skip
    xh = np.concatenate([x, prev_h], axis=1)
    dW = xh.T @ da
    dxh = da @ np.concatenate([cache["Wx"], cache["Wh"]], axis=0).T
    D = x.shape[1]
    dx, dprev_h = dxh[:, :D], dxh[:, D:]
    dWx, dWh = dW[:D], dW[D:]
    db = da.sum(0)
    dprev_c = dc * f
    return dx, dprev_h, dprev_c, dWx, dWh, db
