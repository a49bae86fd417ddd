"""Returns an array of a structured dtype."""

import numpy as np

OUTCOME = "expected an array of shape (3, 4)"


def relu_forward(x):
    out = np.zeros(x.shape, dtype=[("a", "f8"), ("b", "i4")])
    cache = x
    return out, cache
