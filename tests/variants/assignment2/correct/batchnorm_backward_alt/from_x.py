"""Recomputes x_hat from x, mu and var and uses np.mean."""

import numpy as np


def batchnorm_backward_alt(dout, cache):
    dx, dgamma, dbeta = None, None, None
    x, x_hat, mu, var, gamma, beta, eps = cache
    inv_std = (var + eps) ** -0.5
    xh = (x - mu) * inv_std
    dbeta = np.sum(dout, axis=0)
    dgamma = np.sum(dout * xh, axis=0)
    g = dout * gamma
    dx = inv_std * (g - g.mean(axis=0) - xh * (g * xh).mean(axis=0))
    return dx, dgamma, dbeta
