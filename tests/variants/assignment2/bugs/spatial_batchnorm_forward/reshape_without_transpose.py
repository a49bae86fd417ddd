"""Reshapes (N, C, H, W) straight to (N*H*W, C) without moving C last: the columns mix
channels."""

import numpy as np
from cs231n.layers import batchnorm_forward

LOSES = "train-time means and stds per channel"
REASON = "absolute error"


def spatial_batchnorm_forward(x, gamma, beta, bn_param):
    out, cache = None, None
    N, C, H, W = x.shape
    out_flat, cache = batchnorm_forward(x.reshape(-1, C), gamma, beta, bn_param)
    out = out_flat.reshape(N, C, H, W)
    return out, cache
