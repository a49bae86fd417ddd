"""The student's naive conv and pool layers (slow, but the same numbers)."""

import numpy as np
from cs231n.layer_utils import affine_relu_backward, affine_relu_forward
from cs231n.layers import (
    affine_backward,
    affine_forward,
    conv_backward_naive,
    conv_forward_naive,
    max_pool_backward_naive,
    max_pool_forward_naive,
    relu_backward,
    relu_forward,
    softmax_loss,
)


class ThreeLayerConvNet:
    def loss(self, X, y=None):
        W1, b1 = self.params["W1"], self.params["b1"]
        W2, b2 = self.params["W2"], self.params["b2"]
        W3, b3 = self.params["W3"], self.params["b3"]
        filter_size = W1.shape[2]
        conv_param = {"stride": 1, "pad": (filter_size - 1) // 2}
        pool_param = {"pool_height": 2, "pool_width": 2, "stride": 2}
        scores = None
        a, conv_cache = conv_forward_naive(X, W1, b1, conv_param)
        a, relu_cache = relu_forward(a)
        a, pool_cache = max_pool_forward_naive(a, pool_param)
        h, hidden_cache = affine_relu_forward(a, W2, b2)
        scores, out_cache = affine_forward(h, W3, b3)
        if y is None:
            return scores
        loss, grads = 0, {}
        data_loss, dscores = softmax_loss(scores, y)
        loss = data_loss + 0.5 * self.reg * (np.sum(W1 * W1) + np.sum(W2 * W2) + np.sum(W3 * W3))
        dh, dW3, db3 = affine_backward(dscores, out_cache)
        da, dW2, db2 = affine_relu_backward(dh, hidden_cache)
        da = relu_backward(max_pool_backward_naive(da, pool_cache), relu_cache)
        _, dW1, db1 = conv_backward_naive(da, conv_cache)
        grads = {
            "W1": dW1 + self.reg * W1,
            "b1": db1,
            "W2": dW2 + self.reg * W2,
            "b2": db2,
            "W3": dW3 + self.reg * W3,
            "b3": db3,
        }
        return loss, grads
