"""Flattens the cached x by assigning x.shape: the gradients are right, but the caller's
input array (held in the cache) now has shape (N, D)."""

import numpy as np

LOSES = "leaves dout and the cache unchanged"
REASON = "modified its argument cache[0] in place"


def affine_backward(dout, cache):
    x, w, b = cache
    dx, dw, db = None, None, None
    input_shape = x.shape
    x.shape = (x.shape[0], -1)
    dx = np.dot(dout, w.T).reshape(input_shape)
    dw = np.dot(x.T, dout)
    db = np.sum(dout, axis=0)
    return dx, dw, db
