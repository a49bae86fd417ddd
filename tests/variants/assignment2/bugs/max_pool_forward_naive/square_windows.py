"""Uses pool_height for both sides of the window."""

import numpy as np

LOSES = "output on overlapping 3x2 windows"
REASON = "out: shape (2, 3, 5, 5) expected, got (2, 3, 5, 4)"


def max_pool_forward_naive(x, pool_param):
    out = None
    N, C, H, W = x.shape
    ph, s = pool_param["pool_height"], pool_param["stride"]
    H_out, W_out = 1 + (H - ph) // s, 1 + (W - ph) // s
    out = np.zeros((N, C, H_out, W_out))
    for i in range(H_out):
        for j in range(W_out):
            out[:, :, i, j] = x[:, :, i * s : i * s + ph, j * s : j * s + ph].max(axis=(2, 3))
    cache = (x, pool_param)
    return out, cache
