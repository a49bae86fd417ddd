"""Returns dx as flattened rows (N, D): forgets to reshape it to x's shape."""

import numpy as np

LOSES = "dx, dw, db on the notebook's inputs"
REASON = "dx: shape (10, 2, 3) expected, got (10, 6)"


def affine_backward(dout, cache):
    x, w, b = cache
    dx, dw, db = None, None, None
    x_rows = x.reshape(x.shape[0], -1)
    dx = dout.dot(w.T)
    dw = x_rows.T.dot(dout)
    db = np.sum(dout, axis=0)
    return dx, dw, db
