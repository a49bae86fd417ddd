"""Reads the hyperparameters into locals first and writes next_w as w - (-v)."""

import numpy as np


def sgd_momentum(w, dw, config=None):
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("momentum", 0.9)
    v = config.get("velocity", np.zeros_like(w))
    next_w = None
    mu, lr = config["momentum"], config["learning_rate"]
    step = lr * dw - mu * v
    v = -step
    next_w = w - step
    config["velocity"] = v
    return next_w, config
