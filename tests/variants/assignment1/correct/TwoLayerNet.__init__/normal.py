"""Draws the weights with np.random.normal(0, weight_scale, shape) and the biases with
np.zeros((n,))."""

import numpy as np


class TwoLayerNet:
    def __init__(
        self, input_dim=3 * 32 * 32, hidden_dim=100, num_classes=10, weight_scale=1e-3, reg=0.0
    ):
        self.params = {}
        self.reg = reg

        self.params["W1"] = np.random.normal(0.0, weight_scale, (input_dim, hidden_dim))
        self.params["b1"] = np.zeros((hidden_dim,))
        self.params["W2"] = np.random.normal(0.0, weight_scale, (hidden_dim, num_classes))
        self.params["b2"] = np.zeros((num_classes,))
