"""Writes the moving averages as m += (1 - beta1) * (dw - m) on copies."""

import numpy as np


def adam(w, dw, config=None):
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-3)
    config.setdefault("beta1", 0.9)
    config.setdefault("beta2", 0.999)
    config.setdefault("epsilon", 1e-8)
    config.setdefault("m", np.zeros_like(w))
    config.setdefault("v", np.zeros_like(w))
    config.setdefault("t", 0)
    next_w = None
    b1, b2, eps = config["beta1"], config["beta2"], config["epsilon"]
    t = config["t"] + 1
    m = config["m"] + (1 - b1) * (dw - config["m"])
    v = config["v"] + (1 - b2) * (dw * dw - config["v"])
    m_hat, v_hat = m / (1 - np.power(b1, t)), v / (1 - np.power(b2, t))
    next_w = w - config["learning_rate"] * m_hat / (np.sqrt(v_hat) + eps)
    config.update(m=m, v=v, t=t)
    return next_w, config
