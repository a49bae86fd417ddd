"""Builds dx in the cached input itself: right values, but the forward input x is destroyed."""

LOSES = "leaves dout and the cache unchanged"
REASON = "modified its argument cache in place"


def relu_backward(dout, cache):
    dx, x = None, cache
    dx = x
    dx[dx < 0] = 0
    dx[dx > 0] = 1
    dx = dx * dout
    return dx
