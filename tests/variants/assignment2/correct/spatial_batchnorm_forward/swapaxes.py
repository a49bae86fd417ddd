"""Swaps C to the end with two swapaxes calls."""

import numpy as np
from cs231n.layers import batchnorm_forward


def spatial_batchnorm_forward(x, gamma, beta, bn_param):
    out, cache = None, None
    N, C, H, W = x.shape
    x_last = x.swapaxes(1, 3).swapaxes(1, 2)  # (N, H, W, C)
    out_flat, cache = batchnorm_forward(x_last.reshape(N * H * W, C), gamma, beta, bn_param)
    out = out_flat.reshape(N, H, W, C).swapaxes(1, 2).swapaxes(1, 3)
    return out, cache
