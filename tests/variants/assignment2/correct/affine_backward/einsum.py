"""np.einsum for both products, and a ones vector for db."""

import numpy as np


def affine_backward(dout, cache):
    x, w, b = cache
    dx, dw, db = None, None, None
    rows = x.reshape(len(x), -1)
    dx = np.einsum("nm,dm->nd", dout, w).reshape(x.shape)
    dw = np.einsum("nd,nm->dm", rows, dout)
    db = np.ones(len(x)) @ dout
    return dx, dw, db
