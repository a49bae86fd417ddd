"""Forgets that the pool halves H and W: W2 has num_filters * H * W rows."""

import numpy as np

LOSES = "weights ~ N(0, weight_scale^2)"
REASON = "W2: shape (288, 50) expected, got (1152, 50)"


class ThreeLayerConvNet:
    def __init__(
        self,
        input_dim=(3, 32, 32),
        num_filters=32,
        filter_size=7,
        hidden_dim=100,
        num_classes=10,
        weight_scale=1e-3,
        reg=0.0,
        dtype=np.float32,
    ):
        self.params = {}
        self.reg = reg
        self.dtype = dtype
        C, H, W = input_dim
        self.params["W1"] = np.random.normal(
            0, weight_scale, (num_filters, C, filter_size, filter_size)
        )
        self.params["b1"] = np.zeros(num_filters)
        self.params["W2"] = np.random.normal(0, weight_scale, (num_filters * H * W, hidden_dim))
        self.params["b2"] = np.zeros(hidden_dim)
        self.params["W3"] = np.random.normal(0, weight_scale, (hidden_dim, num_classes))
        self.params["b3"] = np.zeros(num_classes)

        for k, v in self.params.items():
            self.params[k] = v.astype(dtype)
