"""Copies dout and zeroes it where x <= 0 with a boolean mask."""


def relu_backward(dout, cache):
    dx, x = None, cache
    dx = dout.copy()
    dx[x <= 0] = 0
    return dx
