"""Divides by p again, though the mask already holds 1 / p."""

import numpy as np

LOSES = "dx on cell [6]'s shapes"
REASON = "dx: relative error"


def dropout_backward(dout, cache):
    dropout_param, mask = cache
    mode = dropout_param["mode"]

    dx = None
    if mode == "train":
        dx = dout * mask / dropout_param["p"]
    elif mode == "test":
        dx = dout
    return dx
