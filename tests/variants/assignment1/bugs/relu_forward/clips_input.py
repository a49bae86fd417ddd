"""Zeroes the negative entries of x itself and returns it: the caller's input is destroyed."""

LOSES = "leaves x unchanged"
REASON = "modified its argument x in place"


def relu_forward(x):
    out = None
    out = x
    out[out < 0] = 0
    cache = x
    return out, cache
