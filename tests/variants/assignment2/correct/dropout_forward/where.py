"""Compares the draw once, scales with np.where, and stores the mask divided by p."""

import numpy as np


def dropout_forward(x, dropout_param):
    p, mode = dropout_param["p"], dropout_param["mode"]
    if "seed" in dropout_param:
        np.random.seed(dropout_param["seed"])

    mask = None
    out = None

    if mode == "train":
        kept = np.random.rand(*x.shape) < p
        out = np.where(kept, x / p, 0.0)
        mask = kept / p
    elif mode == "test":
        out = x.copy()

    cache = (dropout_param, mask)
    if out is not None:
        out = out.astype(x.dtype, copy=False)

    return out, cache
