"""Runs the ReLU in the forward pass but backpropagates through the first affine layer
directly, forgetting relu_backward: the gradient flows into inactive hidden units too."""

import numpy as np
from cs231n.layers import affine_backward, affine_forward, relu_forward, softmax_loss

LOSES = "gradients of all parameters"
REASON = "W1: relative error"


class TwoLayerNet:
    def loss(self, X, y=None):
        scores = None
        a1, fc1_cache = affine_forward(X, self.params["W1"], self.params["b1"])
        h1, relu_cache = relu_forward(a1)
        scores, fc2_cache = affine_forward(h1, self.params["W2"], self.params["b2"])

        if y is None:
            return scores

        loss, grads = 0, {}
        W1, W2 = self.params["W1"], self.params["W2"]
        data_loss, dscores = softmax_loss(scores, y)
        loss = data_loss + 0.5 * self.reg * (np.sum(W1 * W1) + np.sum(W2 * W2))
        dh1, grads["W2"], grads["b2"] = affine_backward(dscores, fc2_cache)
        _, grads["W1"], grads["b1"] = affine_backward(dh1, fc1_cache)
        grads["W1"] += self.reg * W1
        grads["W2"] += self.reg * W2

        return loss, grads
