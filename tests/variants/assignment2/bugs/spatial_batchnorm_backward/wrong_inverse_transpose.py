"""Undoes the transpose with the same permutation (0, 2, 3, 1) instead of its inverse."""

import numpy as np
from cs231n.layers import batchnorm_backward_alt

LOSES = "dx, dgamma, dbeta on the notebook's inputs"
REASON = "dx: shape (2, 3, 4, 5) expected, got (2, 5, 3, 4)"


def spatial_batchnorm_backward(dout, cache):
    dx, dgamma, dbeta = None, None, None
    N, C, H, W = dout.shape
    flat = dout.transpose(0, 2, 3, 1).reshape(-1, C)
    dx_flat, dgamma, dbeta = batchnorm_backward_alt(flat, cache)
    dx = dx_flat.reshape(N, H, W, C).transpose(0, 2, 3, 1)
    return dx, dgamma, dbeta
