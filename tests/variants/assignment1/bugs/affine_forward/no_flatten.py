"""Multiplies x by w without flattening each example first."""

import numpy as np

LOSES = "output on the notebook's inputs"
REASON = "ValueError: shapes"


def affine_forward(x, w, b):
    out = None
    out = np.dot(x, w) + b
    cache = (x, w, b)
    return out, cache
