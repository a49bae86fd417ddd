"""x times the boolean mask."""

import numpy as np


def relu_forward(x):
    out = None
    out = x * (x > 0)
    cache = x
    return out, cache
