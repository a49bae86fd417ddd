"""Splits the channels into groups by channel index modulo G instead of contiguous blocks."""

import numpy as np

LOSES = "output on new shapes (G = 3"
REASON = "out: relative error"


def spatial_groupnorm_forward(x, gamma, beta, G, gn_param):
    out, cache = None, None
    eps = gn_param.get("eps", 1e-5)
    N, C, H, W = x.shape
    xg = x.reshape(N, C // G, G, H, W)
    mu = xg.mean(axis=(1, 3, 4), keepdims=True)
    var = xg.var(axis=(1, 3, 4), keepdims=True)
    x_hat = ((xg - mu) / np.sqrt(var + eps)).reshape(N, C, H, W)
    out = gamma * x_hat + beta
    cache = (x, x_hat, mu.reshape(N, G, 1), var.reshape(N, G, 1), gamma, beta, G, eps)
    return out, cache
