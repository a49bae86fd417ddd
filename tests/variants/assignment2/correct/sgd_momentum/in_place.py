"""Updates the velocity and the weights in place (the docstring allows it): v *= momentum,
v -= lr * dw, w += v."""

import numpy as np


def sgd_momentum(w, dw, config=None):
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("momentum", 0.9)
    v = config.get("velocity", np.zeros_like(w))
    next_w = None
    v = v.copy()
    v *= config["momentum"]
    v -= config["learning_rate"] * dw
    w += v
    next_w = w
    config["velocity"] = v
    return next_w, config
