"""Keeps the cache and updates it in place, then w in place."""

import numpy as np


def rmsprop(w, dw, config=None):
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("decay_rate", 0.99)
    config.setdefault("epsilon", 1e-8)
    config.setdefault("cache", np.zeros_like(w))
    next_w = None
    cache = config["cache"]
    cache *= config["decay_rate"]
    cache += (1 - config["decay_rate"]) * np.square(dw)
    w -= config["learning_rate"] * dw / (np.sqrt(cache) + config["epsilon"])
    next_w = w
    config["cache"] = cache
    return next_w, config
