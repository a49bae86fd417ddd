import numpy as np

from ..fast_layers import *
from ..layer_utils import *
from ..layers import *


class ThreeLayerConvNet:
    """
    A three-layer convolutional network with the architecture

    conv - relu - 2x2 max pool - affine - relu - affine - softmax

    It works on minibatches of N images, each of shape (C, H, W) with C channels,
    height H and width W.
    """

    def __init__(
        self,
        input_dim=(3, 32, 32),
        num_filters=32,
        filter_size=7,
        hidden_dim=100,
        num_classes=10,
        weight_scale=1e-3,
        reg=0.0,
        dtype=np.float32,
    ):
        """
        Initialize a new network.

        Inputs:
        - input_dim: Tuple (C, H, W), the shape of one input image
        - num_filters: Number of filters of the convolutional layer, F
        - filter_size: Width and height of the (square) filters
        - hidden_dim: Number of units of the hidden affine layer
        - num_classes: Number of classes, the size of the output layer
        - weight_scale: Standard deviation of the random initial weights (float)
        - reg: L2 regularization strength (float)
        - dtype: numpy datatype of the parameters and the computation
        """
        self.params = {}
        self.reg = reg
        self.dtype = dtype

        # TODO: Initialize the weights and biases of the network and store them in
        # self.params: the convolutional layer's under 'W1' and 'b1', the hidden
        # affine layer's under 'W2' and 'b2', and the output affine layer's under
        # 'W3' and 'b3'. Draw the weights from a Gaussian with mean 0 and standard
        # deviation weight_scale, in the order W1, W2, W3, and set the biases to
        # zero.
        #
        # IMPORTANT: you can assume that the padding and stride of the first
        # convolutional layer are chosen so that the width and height of the input
        # are preserved. The 2x2 pool then halves both.
        # BEGIN SOLUTION
        C, H, W = input_dim
        pooled_dim = num_filters * (H // 2) * (W // 2)
        self.params["W1"] = np.random.normal(
            0, weight_scale, (num_filters, C, filter_size, filter_size)
        )
        self.params["b1"] = np.zeros(num_filters)
        self.params["W2"] = np.random.normal(0, weight_scale, (pooled_dim, hidden_dim))
        self.params["b2"] = np.zeros(hidden_dim)
        self.params["W3"] = np.random.normal(0, weight_scale, (hidden_dim, num_classes))
        self.params["b3"] = np.zeros(num_classes)
        # END SOLUTION

        for k, v in self.params.items():
            self.params[k] = v.astype(dtype)

    def loss(self, X, y=None):
        """
        Evaluate the loss and gradient of the three-layer convolutional network.

        Inputs:
        - X: Images, of shape (N, C, H, W)
        - y: Labels, of shape (N,), or None

        Returns:
        If y is None, the class scores, of shape (N, num_classes). Otherwise a tuple
        (loss, grads), with grads holding the gradient of every entry of self.params
        under the same key, as for FullyConnectedNet.
        """
        W1, b1 = self.params["W1"], self.params["b1"]
        W2, b2 = self.params["W2"], self.params["b2"]
        W3, b3 = self.params["W3"], self.params["b3"]

        # Padding and stride that keep the convolution's output the input's size.
        filter_size = W1.shape[2]
        conv_param = {"stride": 1, "pad": (filter_size - 1) // 2}

        # A 2x2 max pool with stride 2.
        pool_param = {"pool_height": 2, "pool_width": 2, "stride": 2}

        scores = None
        # TODO: Implement the forward pass of the three-layer convolutional net,
        # computing the class scores for X and storing them in scores.
        #
        # Remember you can use the functions defined in cs231n/fast_layers.py and
        # cs231n/layer_utils.py in your implementation (already imported).
        # BEGIN SOLUTION
        pooled, pool_cache = conv_relu_pool_forward(X, W1, b1, conv_param, pool_param)
        hidden, hidden_cache = affine_relu_forward(pooled, W2, b2)
        scores, scores_cache = affine_forward(hidden, W3, b3)
        # END SOLUTION

        if y is None:
            return scores

        loss, grads = 0, {}
        # TODO: Implement the backward pass of the three-layer convolutional net,
        # storing the loss in loss and the gradients in grads. Use softmax for the
        # data loss, and add L2 regularization of the weights with the factor 0.5,
        # as in FullyConnectedNet.
        # BEGIN SOLUTION
        loss, dscores = softmax_loss(scores, y)
        loss += 0.5 * self.reg * (np.sum(W1 * W1) + np.sum(W2 * W2) + np.sum(W3 * W3))
        dhidden, grads["W3"], grads["b3"] = affine_backward(dscores, scores_cache)
        dpooled, grads["W2"], grads["b2"] = affine_relu_backward(dhidden, hidden_cache)
        _, grads["W1"], grads["b1"] = conv_relu_pool_backward(dpooled, pool_cache)
        grads["W1"] += self.reg * W1
        grads["W2"] += self.reg * W2
        grads["W3"] += self.reg * W3
        # END SOLUTION

        return loss, grads
