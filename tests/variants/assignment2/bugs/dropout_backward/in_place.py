"""Multiplies dout in place."""

import numpy as np

LOSES = "leaves dout and the cache unchanged"
REASON = "modified its argument dout in place"


def dropout_backward(dout, cache):
    dropout_param, mask = cache
    mode = dropout_param["mode"]

    dx = None
    if mode == "train":
        dout *= mask
        dx = dout
    elif mode == "test":
        dx = dout
    return dx
