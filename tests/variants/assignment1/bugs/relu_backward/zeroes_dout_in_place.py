"""Zeroes the entries of dout itself and returns it: the upstream gradient is destroyed."""

LOSES = "leaves dout and the cache unchanged"
REASON = "modified its argument dout in place"


def relu_backward(dout, cache):
    dx, x = None, cache
    dx = dout
    dx[x <= 0] = 0
    return dx
