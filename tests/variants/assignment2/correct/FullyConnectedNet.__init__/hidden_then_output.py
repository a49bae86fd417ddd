"""The hidden layers in one loop (with gamma/beta), then the output layer."""

import numpy as np


class FullyConnectedNet:
    def __init__(
        self,
        hidden_dims,
        input_dim=3 * 32 * 32,
        num_classes=10,
        dropout_keep_ratio=1,
        normalization=None,
        reg=0.0,
        weight_scale=1e-2,
        dtype=np.float32,
        seed=None,
    ):
        self.normalization = normalization
        self.use_dropout = dropout_keep_ratio != 1
        self.reg = reg
        self.num_layers = 1 + len(hidden_dims)
        self.dtype = dtype
        self.params = {}
        d_in = input_dim
        for i, h in enumerate(hidden_dims):
            self.params[f"W{i + 1}"] = np.random.randn(d_in, h) * weight_scale
            self.params[f"b{i + 1}"] = np.zeros((h,))
            if self.normalization:
                self.params[f"gamma{i + 1}"] = np.ones((h,))
                self.params[f"beta{i + 1}"] = np.zeros((h,))
            d_in = h
        L = self.num_layers
        self.params[f"W{L}"] = np.random.randn(d_in, num_classes) * weight_scale
        self.params[f"b{L}"] = np.zeros((num_classes,))

        self.dropout_param = {}
        if self.use_dropout:
            self.dropout_param = {"mode": "train", "p": dropout_keep_ratio}
            if seed is not None:
                self.dropout_param["seed"] = seed
        self.bn_params = []
        if self.normalization == "batchnorm":
            self.bn_params = [{"mode": "train"} for i in range(self.num_layers - 1)]
        if self.normalization == "layernorm":
            self.bn_params = [{} for i in range(self.num_layers - 1)]
        for k, v in self.params.items():
            self.params[k] = v.astype(dtype)
