"""Reshapes by the weights' first dimension and sums dout with a vector of ones."""

import numpy as np


def affine_backward(dout, cache):
    x, w, b = cache
    dx, dw, db = None, None, None
    dx = np.reshape(dout @ w.T, x.shape)
    dw = x.reshape(-1, w.shape[0]).T @ dout
    db = np.ones(dout.shape[0]) @ dout
    return dx, dw, db
