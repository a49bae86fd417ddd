"""Passes the gradient where x >= 0: the derivative at exactly 0 is a free choice."""


def relu_backward(dout, cache):
    dx, x = None, cache
    dx = dout * (x >= 0)
    return dx
