"""np.where on the mask."""

import numpy as np


def dropout_backward(dout, cache):
    dropout_param, mask = cache
    mode = dropout_param["mode"]

    dx = None
    if mode == "train":
        dx = np.where(mask != 0, dout * mask, 0.0)
    elif mode == "test":
        dx = dout
    return dx
