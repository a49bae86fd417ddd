"""Keeps every cache in a dict keyed by layer and kind; batchnorm_backward (staged)."""

import numpy as np
from cs231n.layers import (
    affine_backward,
    affine_forward,
    batchnorm_backward,
    batchnorm_forward,
    dropout_backward,
    dropout_forward,
    layernorm_backward,
    layernorm_forward,
    relu_backward,
    relu_forward,
    softmax_loss,
)


class FullyConnectedNet:
    def loss(self, X, y=None):
        X = X.astype(self.dtype)
        mode = "test" if y is None else "train"
        if self.use_dropout:
            self.dropout_param["mode"] = mode
        if self.normalization == "batchnorm":
            for bn_param in self.bn_params:
                bn_param["mode"] = mode
        scores = None
        caches = {}
        h = X
        L = self.num_layers
        for i in range(1, L):
            h, caches["affine", i] = affine_forward(h, self.params[f"W{i}"], self.params[f"b{i}"])
            if self.normalization == "batchnorm":
                h, caches["norm", i] = batchnorm_forward(
                    h, self.params[f"gamma{i}"], self.params[f"beta{i}"], self.bn_params[i - 1]
                )
            elif self.normalization == "layernorm":
                h, caches["norm", i] = layernorm_forward(
                    h, self.params[f"gamma{i}"], self.params[f"beta{i}"], self.bn_params[i - 1]
                )
            h, caches["relu", i] = relu_forward(h)
            if self.use_dropout:
                h, caches["drop", i] = dropout_forward(h, self.dropout_param)
        scores, caches["affine", L] = affine_forward(h, self.params[f"W{L}"], self.params[f"b{L}"])
        if mode == "test":
            return scores
        loss, grads = 0.0, {}
        loss, d = softmax_loss(scores, y)
        loss += 0.5 * self.reg * sum(np.sum(self.params[f"W{i}"] ** 2) for i in range(1, L + 1))
        d, grads[f"W{L}"], grads[f"b{L}"] = affine_backward(d, caches["affine", L])
        for i in reversed(range(1, L)):
            if self.use_dropout:
                d = dropout_backward(d, caches["drop", i])
            d = relu_backward(d, caches["relu", i])
            if self.normalization == "batchnorm":
                d, grads[f"gamma{i}"], grads[f"beta{i}"] = batchnorm_backward(d, caches["norm", i])
            elif self.normalization == "layernorm":
                d, grads[f"gamma{i}"], grads[f"beta{i}"] = layernorm_backward(d, caches["norm", i])
            d, grads[f"W{i}"], grads[f"b{i}"] = affine_backward(d, caches["affine", i])
        for i in range(1, L + 1):
            grads[f"W{i}"] = grads[f"W{i}"] + self.reg * self.params[f"W{i}"]
        return loss, grads
