"""Regularizes every parameter, gamma and beta and biases included."""

import numpy as np
from cs231n.layers import (
    affine_backward,
    affine_forward,
    batchnorm_backward_alt,
    batchnorm_forward,
    dropout_backward,
    dropout_forward,
    layernorm_backward,
    layernorm_forward,
    relu_backward,
    relu_forward,
    softmax_loss,
)

LOSES = "training loss with given parameters"
REASON = "loss: got"


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
        caches = []
        h = X
        L = self.num_layers
        for i in range(1, L):
            h, fc = affine_forward(h, self.params[f"W{i}"], self.params[f"b{i}"])
            nc = None
            if self.normalization == "batchnorm":
                h, nc = batchnorm_forward(
                    h, self.params[f"gamma{i}"], self.params[f"beta{i}"], self.bn_params[i - 1]
                )
            elif self.normalization == "layernorm":
                h, nc = layernorm_forward(
                    h, self.params[f"gamma{i}"], self.params[f"beta{i}"], self.bn_params[i - 1]
                )
            h, rc = relu_forward(h)
            dc = None
            if self.use_dropout:
                h, dc = dropout_forward(h, self.dropout_param)
            caches.append((fc, nc, rc, dc))
        scores, last = affine_forward(h, self.params[f"W{L}"], self.params[f"b{L}"])
        if mode == "test":
            return scores
        loss, grads = 0.0, {}
        loss, d = softmax_loss(scores, y)
        loss += 0.5 * self.reg * sum(np.sum(p * p) for p in self.params.values())
        d, grads[f"W{L}"], grads[f"b{L}"] = affine_backward(d, last)
        for i in range(L - 1, 0, -1):
            fc, nc, rc, dc = caches[i - 1]
            if self.use_dropout:
                d = dropout_backward(d, dc)
            d = relu_backward(d, rc)
            if self.normalization == "batchnorm":
                d, grads[f"gamma{i}"], grads[f"beta{i}"] = batchnorm_backward_alt(d, nc)
            elif self.normalization == "layernorm":
                d, grads[f"gamma{i}"], grads[f"beta{i}"] = layernorm_backward(d, nc)
            d, grads[f"W{i}"], grads[f"b{i}"] = affine_backward(d, fc)
        for name in grads:
            grads[name] += self.reg * self.params[name]
        return loss, grads
