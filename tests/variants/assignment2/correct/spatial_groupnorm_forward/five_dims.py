"""Reshapes to (N, G, C // G, H, W) and normalizes over the last three axes."""

import numpy as np


def spatial_groupnorm_forward(x, gamma, beta, G, gn_param):
    out, cache = None, None
    eps = gn_param.get("eps", 1e-5)
    N, C, H, W = x.shape
    xg = x.reshape(N, G, C // G, H, W)
    mu = xg.mean(axis=(2, 3, 4), keepdims=True)
    var = xg.var(axis=(2, 3, 4), keepdims=True)
    x_hat = ((xg - mu) / np.sqrt(var + eps)).reshape(N, C, H, W)
    out = x_hat * gamma + beta
    cache = (x, x_hat, mu.reshape(N, G, 1), var.reshape(N, G, 1), gamma, beta, G, eps)
    return out, cache
