"""Leaves gamma out of dx."""

import numpy as np

LOSES = "agrees with the staged batchnorm_backward"
REASON = "dx: relative error"


def batchnorm_backward_alt(dout, cache):
    dx, dgamma, dbeta = None, None, None
    x, x_hat, mu, var, gamma, beta, eps = cache
    N = dout.shape[0]
    dbeta, dgamma = dout.sum(0), (dout * x_hat).sum(0)
    dx = (N * dout - dbeta - x_hat * (dout * x_hat).sum(0)) / (N * np.sqrt(var + eps))
    return dx, dgamma, dbeta
