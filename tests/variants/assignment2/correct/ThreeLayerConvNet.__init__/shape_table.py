"""A table of shapes, filled in order W1, b1, W2, b2, W3, b3."""

import numpy as np


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
        shapes = [
            ("W1", (num_filters, C, filter_size, filter_size)),
            ("b1", (num_filters,)),
            ("W2", (num_filters * (H // 2) * (W // 2), hidden_dim)),
            ("b2", (hidden_dim,)),
            ("W3", (hidden_dim, num_classes)),
            ("b3", (num_classes,)),
        ]
        for name, shape in shapes:
            if name[0] == "W":
                self.params[name] = np.random.normal(0.0, weight_scale, size=shape)
            else:
                self.params[name] = np.zeros(shape)

        for k, v in self.params.items():
            self.params[k] = v.astype(dtype)
