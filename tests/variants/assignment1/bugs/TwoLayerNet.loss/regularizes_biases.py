"""Regularizes every parameter, biases included."""

import numpy as np
from cs231n.layer_utils import affine_relu_backward, affine_relu_forward
from cs231n.layers import affine_backward, affine_forward, softmax_loss

LOSES = "regularized loss is 26.5948426952"
REASON = "loss: got"


class TwoLayerNet:
    def loss(self, X, y=None):
        scores = None
        hidden, hidden_cache = affine_relu_forward(X, self.params["W1"], self.params["b1"])
        scores, scores_cache = affine_forward(hidden, self.params["W2"], self.params["b2"])

        if y is None:
            return scores

        loss, grads = 0, {}
        loss, dscores = softmax_loss(scores, y)
        dhidden, grads["W2"], grads["b2"] = affine_backward(dscores, scores_cache)
        _, grads["W1"], grads["b1"] = affine_relu_backward(dhidden, hidden_cache)
        for name, value in self.params.items():
            loss += 0.5 * self.reg * np.sum(value * value)
            grads[name] += self.reg * value

        return loss, grads
