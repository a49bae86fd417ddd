"""Averages dout over the batch for db instead of summing it."""

import numpy as np

LOSES = "dx, dw, db on assignment 1's inputs"
REASON = "db: relative error"


def affine_backward(dout, cache):
    x, w, b = cache
    dx, dw, db = None, None, None
    dx = (dout @ w.T).reshape(x.shape)
    dw = x.reshape(x.shape[0], -1).T @ dout
    db = np.mean(dout, axis=0)
    return dx, dw, db
