"""Keeps the boolean mask as floats and divides the output instead."""

import numpy as np


def dropout_forward(x, dropout_param):
    p, mode = dropout_param["p"], dropout_param["mode"]
    if "seed" in dropout_param:
        np.random.seed(dropout_param["seed"])

    mask = None
    out = None

    if mode == "train":
        keep = (np.random.rand(*x.shape) < p).astype(x.dtype)
        mask = keep / p
        out = x * keep / p
    elif mode == "test":
        out = x

    cache = (dropout_param, mask)
    if out is not None:
        out = out.astype(x.dtype, copy=False)

    return out, cache
