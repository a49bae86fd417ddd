"""Stores the biases as rows of shape (1, H) and (1, C), as older solutions did."""

import numpy as np

LOSES = "weights ~ N(0, weight_scale^2)"
REASON = "b1: shape (50,) expected, got (1, 50)"


class TwoLayerNet:
    def __init__(
        self, input_dim=3 * 32 * 32, hidden_dim=100, num_classes=10, weight_scale=1e-3, reg=0.0
    ):
        self.params = {}
        self.reg = reg

        self.params["W1"] = weight_scale * np.random.randn(input_dim, hidden_dim)
        self.params["b1"] = np.zeros((1, hidden_dim))
        self.params["W2"] = weight_scale * np.random.randn(hidden_dim, num_classes)
        self.params["b2"] = np.zeros((1, num_classes))
