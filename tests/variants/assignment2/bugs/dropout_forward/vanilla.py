"""Vanilla dropout: no 1 / p at train time, scales by p at test time."""

import numpy as np

LOSES = "test mode returns the input unchanged"
REASON = "test mode changed"


def dropout_forward(x, dropout_param):
    p, mode = dropout_param["p"], dropout_param["mode"]
    if "seed" in dropout_param:
        np.random.seed(dropout_param["seed"])

    mask = None
    out = None

    if mode == "train":
        mask = np.random.rand(*x.shape) < p
        out = x * mask
    elif mode == "test":
        out = x * p

    cache = (dropout_param, mask)
    if out is not None:
        out = out.astype(x.dtype, copy=False)

    return out, cache
