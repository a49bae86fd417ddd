"""Stage by stage along the rows: the variance's and the mean's paths."""

import numpy as np


def layernorm_backward(dout, cache):
    dx, dgamma, dbeta = None, None, None
    x, x_hat, mu, var, gamma, beta, eps = cache
    D = x.shape[1]
    dbeta = np.sum(dout, axis=0)
    dgamma = np.sum(dout * x_hat, axis=0)
    dxhat = dout * gamma
    xc = x - mu
    inv = 1.0 / np.sqrt(var + eps)
    dvar = np.sum(dxhat * xc, axis=1, keepdims=True) * -0.5 * inv**3
    dxc = dxhat * inv + 2.0 * xc * dvar / D
    dx = dxc - np.sum(dxc, axis=1, keepdims=True) / D
    return dx, dgamma, dbeta
