"""Multiplies x by its positivity mask."""


def relu_forward(x):
    out = None
    out = x * (x > 0)
    cache = x
    return out, cache
