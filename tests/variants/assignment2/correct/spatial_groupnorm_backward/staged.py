"""Stage by stage over each group's M values."""

import numpy as np


def spatial_groupnorm_backward(dout, cache):
    dx, dgamma, dbeta = None, None, None
    x, x_hat, mu, var, gamma, beta, G, eps = cache
    N, C, H, W = dout.shape
    dbeta = np.sum(dout, axis=(0, 2, 3), keepdims=True)
    dgamma = np.sum(dout * x_hat, axis=(0, 2, 3), keepdims=True)
    dxhat = (dout * gamma).reshape(N, G, -1)
    xc = x.reshape(N, G, -1) - mu
    M = xc.shape[2]
    inv = 1.0 / np.sqrt(var + eps)
    dvar = np.sum(dxhat * xc, axis=2, keepdims=True) * -0.5 * inv**3
    dxc = dxhat * inv + 2.0 * xc * dvar / M
    dx = (dxc - dxc.mean(axis=2, keepdims=True)).reshape(N, C, H, W)
    return dx, dgamma, dbeta
