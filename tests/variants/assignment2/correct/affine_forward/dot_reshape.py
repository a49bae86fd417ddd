"""np.dot on x reshaped with np.prod of the trailing dimensions."""

import numpy as np


def affine_forward(x, w, b):
    out = None
    out = np.dot(x.reshape(x.shape[0], int(np.prod(x.shape[1:]))), w) + b
    cache = (x, w, b)
    return out, cache
