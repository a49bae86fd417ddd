"""Adds the regularization to the loss but not to the weight gradients."""

import numpy as np
from cs231n.layer_utils import affine_relu_backward, affine_relu_forward
from cs231n.layers import affine_backward, affine_forward, softmax_loss

LOSES = "gradients of all parameters"
REASON = "W1: relative error"


class TwoLayerNet:
    def loss(self, X, y=None):
        scores = None
        hidden, hidden_cache = affine_relu_forward(X, self.params["W1"], self.params["b1"])
        scores, scores_cache = affine_forward(hidden, self.params["W2"], self.params["b2"])

        if y is None:
            return scores

        loss, grads = 0, {}
        W1, W2 = self.params["W1"], self.params["W2"]
        data_loss, dscores = softmax_loss(scores, y)
        loss = data_loss + 0.5 * self.reg * (np.sum(W1 * W1) + np.sum(W2 * W2))
        dhidden, grads["W2"], grads["b2"] = affine_backward(dscores, scores_cache)
        _, grads["W1"], grads["b1"] = affine_relu_backward(dhidden, hidden_cache)

        return loss, grads
