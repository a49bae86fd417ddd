"""Loops over the layer sizes and builds the keys 'W1', 'b1', 'W2', 'b2' with f-strings."""

import numpy as np


class TwoLayerNet:
    def __init__(
        self, input_dim=3 * 32 * 32, hidden_dim=100, num_classes=10, weight_scale=1e-3, reg=0.0
    ):
        self.params = {}
        self.reg = reg

        dims = [input_dim, hidden_dim, num_classes]
        for layer in range(1, len(dims)):
            fan_in, fan_out = dims[layer - 1], dims[layer]
            self.params[f"W{layer}"] = weight_scale * np.random.randn(fan_in, fan_out)
            self.params[f"b{layer}"] = np.zeros(fan_out)
