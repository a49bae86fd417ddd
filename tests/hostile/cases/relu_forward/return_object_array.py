"""Returns an array of Python objects, which the protocol does not carry (no pickle)."""

import numpy as np

OUTCOME = "expected an array of shape (3, 4)"


def relu_forward(x):
    out = np.array([object() for _ in range(12)], dtype=object).reshape(3, 4)
    cache = x
    return out, cache
