"""Fills self.params with one update() call, scaling standard normals in place."""

import numpy as np


class TwoLayerNet:
    def __init__(
        self, input_dim=3 * 32 * 32, hidden_dim=100, num_classes=10, weight_scale=1e-3, reg=0.0
    ):
        self.params = {}
        self.reg = reg

        W1 = np.random.standard_normal((input_dim, hidden_dim))
        W1 *= weight_scale
        W2 = np.random.standard_normal((hidden_dim, num_classes))
        W2 *= weight_scale
        self.params.update(W1=W1, b1=np.zeros(hidden_dim), W2=W2, b2=np.zeros(num_classes))
