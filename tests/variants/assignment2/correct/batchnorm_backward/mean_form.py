"""The closed form written with means: gamma / std * (dout - mean(dout) - x_hat * mean(dout
* x_hat))."""

import numpy as np


def batchnorm_backward(dout, cache):
    dx, dgamma, dbeta = None, None, None
    x, x_hat, mu, var, gamma, beta, eps = cache
    dbeta = dout.sum(axis=0)
    dgamma = (x_hat * dout).sum(axis=0)
    dx = (
        gamma
        / np.sqrt(var + eps)
        * (dout - dout.mean(axis=0) - x_hat * (dout * x_hat).mean(axis=0))
    )
    return dx, dgamma, dbeta
