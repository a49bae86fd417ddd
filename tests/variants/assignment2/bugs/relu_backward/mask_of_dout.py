"""Masks with the sign of dout instead of the sign of x."""

import numpy as np

LOSES = "dx on random inputs"
REASON = "dx: relative error"


def relu_backward(dout, cache):
    dx = None
    dx = dout * (dout > 0)
    return dx
