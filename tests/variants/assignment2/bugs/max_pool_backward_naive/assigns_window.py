"""Assigns mask * dout to each window (spec 14): overlapping windows overwrite each other."""

import numpy as np

LOSES = "dx on overlapping 3x2 windows"
REASON = "dx: relative error"


def max_pool_backward_naive(dout, cache):
    dx = None
    x, pool_param = cache
    ph, pw, s = pool_param["pool_height"], pool_param["pool_width"], pool_param["stride"]
    dx = np.zeros(x.shape)
    for i in range(dout.shape[2]):
        for j in range(dout.shape[3]):
            window = x[:, :, i * s : i * s + ph, j * s : j * s + pw]
            mask = window == window.max(axis=(2, 3), keepdims=True)
            dx[:, :, i * s : i * s + ph, j * s : j * s + pw] = (
                mask * dout[:, :, i, j][:, :, None, None]
            )
    return dx
