"""Breaks numpy for everyone when its module is imported: only its own worker uses it."""

OUTCOME = ""
APPEND = """
import numpy as _np
_np.dot = None
_np.maximum = None
_np.sum = lambda *args, **kwargs: 0
"""


def relu_forward(x):
    out = None
    cache = x
    return out, cache
