"""The fast conv and pool layers one at a time, then affine, relu, affine."""

import numpy as np
from cs231n.fast_layers import (
    conv_backward_fast,
    conv_forward_fast,
    max_pool_backward_fast,
    max_pool_forward_fast,
)
from cs231n.layers import affine_backward, affine_forward, relu_backward, relu_forward, softmax_loss


class ThreeLayerConvNet:
    def loss(self, X, y=None):
        W1, b1 = self.params["W1"], self.params["b1"]
        W2, b2 = self.params["W2"], self.params["b2"]
        W3, b3 = self.params["W3"], self.params["b3"]
        filter_size = W1.shape[2]
        conv_param = {"stride": 1, "pad": (filter_size - 1) // 2}
        pool_param = {"pool_height": 2, "pool_width": 2, "stride": 2}
        scores = None
        c, conv_cache = conv_forward_fast(X, W1, b1, conv_param)
        r, relu1_cache = relu_forward(c)
        p, pool_cache = max_pool_forward_fast(r, pool_param)
        h, fc1_cache = affine_forward(p, W2, b2)
        hr, relu2_cache = relu_forward(h)
        scores, fc2_cache = affine_forward(hr, W3, b3)
        if y is None:
            return scores
        loss, grads = 0, {}
        loss, d = softmax_loss(scores, y)
        loss += 0.5 * self.reg * sum(np.sum(W**2) for W in (W1, W2, W3))
        d, grads["W3"], grads["b3"] = affine_backward(d, fc2_cache)
        d = relu_backward(d, relu2_cache)
        d, grads["W2"], grads["b2"] = affine_backward(d, fc1_cache)
        d = max_pool_backward_fast(d, pool_cache)
        d = relu_backward(d, relu1_cache)
        _, grads["W1"], grads["b1"] = conv_backward_fast(d, conv_cache)
        for name, W in (("W1", W1), ("W2", W2), ("W3", W3)):
            grads[name] = grads[name] + self.reg * W
        return loss, grads
