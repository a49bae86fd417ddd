"""Multiplies the flattened rows with np.einsum and adds the bias with np.add."""

import numpy as np


def affine_forward(x, w, b):
    out = None
    flat = x.reshape(len(x), -1)
    out = np.add(np.einsum("nd,dm->nm", flat, w), b)
    cache = (x, w, b)
    return out, cache
