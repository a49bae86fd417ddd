"""Clips x in place and returns it: the output is right, the caller's x is not."""

import numpy as np

LOSES = "leaves x unchanged"
REASON = "modified its argument x in place"


def relu_forward(x):
    out = None
    np.maximum(x, 0, out=x)
    out = x
    cache = x
    return out, cache
