"""Uses t in the bias corrections before incrementing it (t = 5 instead of 6)."""

import numpy as np

LOSES = "next_w, m, v and t on the notebook's inputs"
REASON = "next_w: relative error"


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
    b1, b2 = config["beta1"], config["beta2"]
    t = config["t"]
    m = b1 * config["m"] + (1 - b1) * dw
    v = b2 * config["v"] + (1 - b2) * dw**2
    m_hat, v_hat = m / (1 - b1 ** max(t, 1)), v / (1 - b2 ** max(t, 1))
    next_w = w - config["learning_rate"] * m_hat / (np.sqrt(v_hat) + config["epsilon"])
    config["m"], config["v"], config["t"] = m, v, t + 1
    return next_w, config
