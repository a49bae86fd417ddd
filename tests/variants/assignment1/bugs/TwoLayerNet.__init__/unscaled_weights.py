"""Draws standard normal weights and forgets to scale them by weight_scale."""

import numpy as np

LOSES = "weights ~ N(0, weight_scale^2)"
REASON = "standard deviation"


class TwoLayerNet:
    def __init__(
        self, input_dim=3 * 32 * 32, hidden_dim=100, num_classes=10, weight_scale=1e-3, reg=0.0
    ):
        self.params = {}
        self.reg = reg

        self.params["W1"] = np.random.randn(input_dim, hidden_dim)
        self.params["b1"] = np.zeros(hidden_dim)
        self.params["W2"] = np.random.randn(hidden_dim, num_classes)
        self.params["b2"] = np.zeros(num_classes)
