"""Calls np.max(0, x) where np.maximum(0, x) was meant."""

import numpy as np

LOSES = "output on the notebook's inputs"
REASON = "TypeError"


def relu_forward(x):
    out = None
    out = np.max(0, x)
    cache = x
    return out, cache
