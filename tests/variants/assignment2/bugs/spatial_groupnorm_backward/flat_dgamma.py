"""Returns dgamma and dbeta of shape (C,) instead of gamma's (1, C, 1, 1)."""

import numpy as np

LOSES = "dx, dgamma, dbeta on the notebook's inputs"
REASON = "dgamma: shape (1, 6, 1, 1) expected, got (6,)"


def spatial_groupnorm_backward(dout, cache):
    dx, dgamma, dbeta = None, None, None
    x, x_hat, mu, var, gamma, beta, G, eps = cache
    N, C, H, W = dout.shape
    dbeta = dout.sum(axis=(0, 2, 3))
    dgamma = (dout * x_hat).sum(axis=(0, 2, 3))
    g = (dout * gamma).reshape(N, G, -1)
    xh = x_hat.reshape(N, G, -1)
    dx = g - g.mean(axis=2, keepdims=True) - xh * (g * xh).mean(axis=2, keepdims=True)
    dx = (dx / np.sqrt(var + eps)).reshape(N, C, H, W)
    return dx, dgamma, dbeta
