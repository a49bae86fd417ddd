"""Forgets the bias."""

import numpy as np

LOSES = "output on assignment 1's inputs"
REASON = "out: relative error"


def affine_forward(x, w, b):
    out = None
    out = x.reshape(x.shape[0], -1).dot(w)
    cache = (x, w, b)
    return out, cache
