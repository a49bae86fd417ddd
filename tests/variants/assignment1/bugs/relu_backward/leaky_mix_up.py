"""Lets a hundredth of the gradient through where x < 0, as a leaky ReLU would."""

import numpy as np

LOSES = "dx on the notebook's inputs"
REASON = "pass dout through only where the input x was positive"


def relu_backward(dout, cache):
    dx, x = None, cache
    dx = dout * np.where(x > 0, 1.0, 0.01)
    return dx
