"""Builds a list of ten billion items: a MemoryError, not a machine out of memory."""

OUTCOME = "MemoryError"


def relu_forward(x):
    out = None
    hoard = [0] * (10**10)
    out = hoard
    cache = x
    return out, cache
