"""Zips consecutive sizes and draws with np.random.normal(0, weight_scale, shape)."""

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
        sizes = [input_dim] + list(hidden_dims) + [num_classes]
        for i, (d_in, d_out) in enumerate(zip(sizes[:-1], sizes[1:], strict=True), start=1):
            self.params["W%d" % i] = np.random.normal(0, weight_scale, (d_in, d_out))
            self.params["b%d" % i] = np.zeros(d_out)
        if normalization in ("batchnorm", "layernorm"):
            for i, d in enumerate(hidden_dims, start=1):
                self.params["gamma%d" % i] = np.ones(d)
                self.params["beta%d" % i] = np.zeros(d)

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
