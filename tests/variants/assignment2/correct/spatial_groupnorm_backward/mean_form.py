"""The closed form with means over each group."""

import numpy as np


def spatial_groupnorm_backward(dout, cache):
    dx, dgamma, dbeta = None, None, None
    x, x_hat, mu, var, gamma, beta, G, eps = cache
    N, C, H, W = dout.shape
    dbeta = dout.sum(axis=(0, 2, 3)).reshape(1, C, 1, 1)
    dgamma = (dout * x_hat).sum(axis=(0, 2, 3)).reshape(1, C, 1, 1)
    g = (dout * gamma).reshape(N, G, -1)
    xh = x_hat.reshape(N, G, -1)
    dx = g - g.mean(axis=2, keepdims=True) - xh * (g * xh).mean(axis=2, keepdims=True)
    dx = (dx / np.sqrt(var + eps)).reshape(N, C, H, W)
    return dx, dgamma, dbeta
