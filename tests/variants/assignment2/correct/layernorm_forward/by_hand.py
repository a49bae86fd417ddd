"""Row statistics by hand with sums over axis 1."""

import numpy as np


def layernorm_forward(x, gamma, beta, ln_param):
    out, cache = None, None
    eps = ln_param.get("eps", 1e-5)
    D = x.shape[1]
    mu = np.sum(x, axis=1, keepdims=True) / D
    var = np.sum((x - mu) ** 2, axis=1, keepdims=True) / D
    x_hat = (x - mu) / np.sqrt(var + eps)
    out = x_hat * gamma + beta
    cache = (x, x_hat, mu, var, gamma, beta, eps)
    return out, cache
