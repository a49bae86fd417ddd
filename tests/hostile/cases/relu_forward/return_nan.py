"""Returns NaN everywhere."""

import numpy as np

OUTCOME = "NaN"


def relu_forward(x):
    out = np.full(x.shape, np.nan)
    cache = x
    return out, cache
