"""Calls affine_forward, relu_forward, affine_forward and the backward passes one by one, and
writes the regularization with np.square."""

import numpy as np
from cs231n.layers import (
    affine_backward,
    affine_forward,
    relu_backward,
    relu_forward,
    softmax_loss,
)


class TwoLayerNet:
    def loss(self, X, y=None):
        scores = None
        a1, fc1_cache = affine_forward(X, self.params["W1"], self.params["b1"])
        h1, relu_cache = relu_forward(a1)
        scores, fc2_cache = affine_forward(h1, self.params["W2"], self.params["b2"])

        if y is None:
            return scores

        loss, grads = 0, {}
        data_loss, dscores = softmax_loss(scores, y)
        reg_loss = (
            0.5
            * self.reg
            * (np.sum(np.square(self.params["W1"])) + np.sum(np.square(self.params["W2"])))
        )
        loss = data_loss + reg_loss
        dh1, dW2, db2 = affine_backward(dscores, fc2_cache)
        da1 = relu_backward(dh1, relu_cache)
        _, dW1, db1 = affine_backward(da1, fc1_cache)
        grads["W1"] = dW1 + self.reg * self.params["W1"]
        grads["b1"] = db1
        grads["W2"] = dW2 + self.reg * self.params["W2"]
        grads["b2"] = db2

        return loss, grads
