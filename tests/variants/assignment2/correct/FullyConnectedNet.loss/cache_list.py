"""A list of per-layer cache tuples and the affine_relu sandwich when there is no
normalization or dropout."""

import numpy as np
from cs231n.layer_utils import affine_relu_backward, affine_relu_forward
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
        plain = self.normalization is None and not self.use_dropout
        cache_list = []
        out = X
        for layer in range(self.num_layers - 1):
            W, b = self.params["W" + str(layer + 1)], self.params["b" + str(layer + 1)]
            if plain:
                out, c = affine_relu_forward(out, W, b)
                cache_list.append(c)
                continue
            out, fc = affine_forward(out, W, b)
            nc = dc = None
            if self.normalization is not None:
                g, bt = self.params["gamma" + str(layer + 1)], self.params["beta" + str(layer + 1)]
                forward = (
                    batchnorm_forward if self.normalization == "batchnorm" else layernorm_forward
                )
                out, nc = forward(out, g, bt, self.bn_params[layer])
            out, rc = relu_forward(out)
            if self.use_dropout:
                out, dc = dropout_forward(out, self.dropout_param)
            cache_list.append((fc, nc, rc, dc))
        last = str(self.num_layers)
        scores, last_cache = affine_forward(out, self.params["W" + last], self.params["b" + last])
        if mode == "test":
            return scores
        loss, grads = 0.0, {}
        data_loss, dout = softmax_loss(scores, y)
        reg_loss = 0.0
        for name, value in self.params.items():
            if name.startswith("W"):
                reg_loss += 0.5 * self.reg * np.sum(value * value)
        loss = data_loss + reg_loss
        dout, grads["W" + last], grads["b" + last] = affine_backward(dout, last_cache)
        for layer in range(self.num_layers - 2, -1, -1):
            k = str(layer + 1)
            if plain:
                dout, grads["W" + k], grads["b" + k] = affine_relu_backward(dout, cache_list[layer])
                continue
            fc, nc, rc, dc = cache_list[layer]
            if self.use_dropout:
                dout = dropout_backward(dout, dc)
            dout = relu_backward(dout, rc)
            if self.normalization == "batchnorm":
                dout, grads["gamma" + k], grads["beta" + k] = batchnorm_backward_alt(dout, nc)
            elif self.normalization == "layernorm":
                dout, grads["gamma" + k], grads["beta" + k] = layernorm_backward(dout, nc)
            dout, grads["W" + k], grads["b" + k] = affine_backward(dout, fc)
        for name in grads:
            if name.startswith("W"):
                grads[name] += self.reg * self.params[name]
        return loss, grads
