"""Leaves epsilon out of the denominator: 0 / 0 where a gradient entry is zero."""

import numpy as np

LOSES = "two steps from the defaults"
REASON = "NaN"


def rmsprop(w, dw, config=None):
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("decay_rate", 0.99)
    config.setdefault("epsilon", 1e-8)
    config.setdefault("cache", np.zeros_like(w))
    next_w = None
    cache = config["decay_rate"] * config["cache"] + (1 - config["decay_rate"]) * dw**2
    next_w = w - config["learning_rate"] * dw / np.sqrt(cache)
    config["cache"] = cache
    return next_w, config
