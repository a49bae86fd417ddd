"""Flattens each window's two axes and takes the max along the last one."""

import numpy as np


def max_pool_forward_naive(x, pool_param):
    out = None
    N, C, H, W = x.shape
    ph, pw, s = pool_param["pool_height"], pool_param["pool_width"], pool_param["stride"]
    H_out, W_out = 1 + (H - ph) // s, 1 + (W - pw) // s
    out = np.empty((N, C, H_out, W_out), dtype=x.dtype)
    for i in range(H_out):
        for j in range(W_out):
            window = x[:, :, i * s : i * s + ph, j * s : j * s + pw]
            out[:, :, i, j] = window.reshape(N, C, -1).max(axis=-1)
    cache = (x, pool_param)
    return out, cache
