"""Moves the window one pixel at a time whatever the stride (and sizes the output for it)."""

import numpy as np

LOSES = "output on the notebook's inputs"
REASON = "out: shape (2, 3, 2, 2) expected, got (2, 3, 3, 3)"


def conv_forward_naive(x, w, b, conv_param):
    out = None
    N, C, H, W = x.shape
    F, _, HH, WW = w.shape
    pad = conv_param["pad"]
    xp = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    H_out, W_out = H + 2 * pad - HH + 1, W + 2 * pad - WW + 1
    out = np.zeros((N, F, H_out, W_out))
    for i in range(H_out):
        for j in range(W_out):
            window = xp[:, :, i : i + HH, j : j + WW]
            out[:, :, i, j] = np.tensordot(window, w, axes=([1, 2, 3], [1, 2, 3])) + b
    cache = (x, w, b, conv_param)
    return out, cache
