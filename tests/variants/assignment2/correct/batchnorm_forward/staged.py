"""Computes the graph stage by stage (centered x, variance by hand, inverse std), in place
updates of the running averages on copies."""

import numpy as np


def batchnorm_forward(x, gamma, beta, bn_param):
    mode = bn_param["mode"]
    eps = bn_param.get("eps", 1e-5)
    momentum = bn_param.get("momentum", 0.9)

    N, D = x.shape
    running_mean = bn_param.get("running_mean", np.zeros(D, dtype=x.dtype))
    running_var = bn_param.get("running_var", np.zeros(D, dtype=x.dtype))

    out, cache = None, None
    if mode == "train":
        xc = x - np.sum(x, axis=0) / N
        var = np.sum(xc**2, axis=0) / N
        inv_std = 1.0 / np.sqrt(var + eps)
        x_hat = xc * inv_std
        out = x_hat * gamma + beta
        mu = x.mean(axis=0)
        running_mean = running_mean * momentum + mu * (1 - momentum)
        running_var = running_var * momentum + var * (1 - momentum)
        cache = (x, x_hat, mu, var, gamma, beta, eps)
    elif mode == "test":
        x_hat = (x - running_mean) / np.sqrt(running_var + eps)
        out = gamma * x_hat + beta
    else:
        raise ValueError('Invalid forward batchnorm mode "%s"' % mode)

    bn_param["running_mean"] = running_mean
    bn_param["running_var"] = running_var

    return out, cache
