"""np.einsum over the flattened rows, bias broadcast with [None, :]."""

import numpy as np


def affine_forward(x, w, b):
    out = None
    rows = np.reshape(x, (len(x), -1))
    out = np.einsum("nd,dm->nm", rows, w) + b[None, :]
    cache = (x, w, b)
    return out, cache
