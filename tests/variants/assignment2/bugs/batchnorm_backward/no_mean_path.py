"""Treats the mean and variance as constants: dx = dout * gamma / std."""

import numpy as np

LOSES = "dx, dgamma, dbeta on the notebook's inputs"
REASON = "dx: relative error"


def batchnorm_backward(dout, cache):
    dx, dgamma, dbeta = None, None, None
    x, x_hat, mu, var, gamma, beta, eps = cache
    dbeta = dout.sum(axis=0)
    dgamma = (x_hat * dout).sum(axis=0)
    dx = dout * gamma / np.sqrt(var + eps)
    return dx, dgamma, dbeta
