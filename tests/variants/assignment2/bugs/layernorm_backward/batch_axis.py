"""Takes the correction terms over the batch axis (batch norm's) instead of each row."""

import numpy as np

LOSES = "dx, dgamma, dbeta on the notebook's inputs"
REASON = "dx: relative error"


def layernorm_backward(dout, cache):
    dx, dgamma, dbeta = None, None, None
    x, x_hat, mu, var, gamma, beta, eps = cache
    dbeta = dout.sum(axis=0)
    dgamma = (dout * x_hat).sum(axis=0)
    g = dout * gamma
    dx = (g - g.mean(axis=0) - x_hat * (g * x_hat).mean(axis=0)) / np.sqrt(var + eps)
    return dx, dgamma, dbeta
