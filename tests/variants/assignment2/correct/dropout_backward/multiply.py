"""np.multiply into a new array."""

import numpy as np


def dropout_backward(dout, cache):
    dropout_param, mask = cache
    mode = dropout_param["mode"]

    dx = None
    if mode == "train":
        dx = np.multiply(dout, mask)
    elif mode == "test":
        dx = dout
    return dx
