"""Uses the sandwich layers and adds the regularization of W1 and W2 in a loop over the
weight names."""

import numpy as np
from cs231n.layer_utils import affine_relu_backward, affine_relu_forward
from cs231n.layers import affine_backward, affine_forward, softmax_loss


class TwoLayerNet:
    def loss(self, X, y=None):
        scores = None
        out1, cache1 = affine_relu_forward(X, self.params["W1"], self.params["b1"])
        scores, cache2 = affine_forward(out1, self.params["W2"], self.params["b2"])

        if y is None:
            return scores

        loss, grads = 0, {}
        loss, dscores = softmax_loss(scores, y)
        dout1, grads["W2"], grads["b2"] = affine_backward(dscores, cache2)
        _, grads["W1"], grads["b1"] = affine_relu_backward(dout1, cache1)
        for name in ("W1", "W2"):
            W = self.params[name]
            loss += 0.5 * self.reg * np.sum(W**2)
            grads[name] = grads[name] + self.reg * W

        return loss, grads
