"""Computes the per-weight step size first, then multiplies."""

import numpy as np


def rmsprop(w, dw, config=None):
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("decay_rate", 0.99)
    config.setdefault("epsilon", 1e-8)
    config.setdefault("cache", np.zeros_like(w))
    next_w = None
    rho = config["decay_rate"]
    cache = rho * config["cache"] + (1.0 - rho) * dw * dw
    step_size = config["learning_rate"] / (cache**0.5 + config["epsilon"])
    next_w = w - step_size * dw
    config["cache"] = cache
    return next_w, config
