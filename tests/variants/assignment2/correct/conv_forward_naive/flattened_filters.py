"""Flattens each window and multiplies by the (F, C*HH*WW) filter matrix; pads by slicing
into a zero array."""

import numpy as np


def conv_forward_naive(x, w, b, conv_param):
    out = None
    N, C, H, W = x.shape
    F, _, HH, WW = w.shape
    s, p = conv_param["stride"], conv_param["pad"]
    xp = np.zeros((N, C, H + 2 * p, W + 2 * p))
    xp[:, :, p : p + H, p : p + W] = x
    H_out, W_out = (H + 2 * p - HH) // s + 1, (W + 2 * p - WW) // s + 1
    filters = w.reshape(F, -1)
    out = np.empty((N, F, H_out, W_out))
    for i in range(H_out):
        for j in range(W_out):
            window = xp[:, :, i * s : i * s + HH, j * s : j * s + WW].reshape(N, -1)
            out[:, :, i, j] = window @ filters.T + b
    cache = (x, w, b, conv_param)
    return out, cache
