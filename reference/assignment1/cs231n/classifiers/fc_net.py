import numpy as np

from ..layer_utils import *
from ..layers import *


class TwoLayerNet:
    """
    A two-layer fully connected network with a ReLU hidden layer and a softmax loss,
    built from the modular layers. Inputs have dimension D, the hidden layer has
    dimension H, and there are C classes:

    affine - relu - affine - softmax

    Training is left to a separate Solver object. The learnable parameters live in
    the dictionary self.params, which maps parameter names to numpy arrays.
    """

    def __init__(
        self, input_dim=3 * 32 * 32, hidden_dim=100, num_classes=10, weight_scale=1e-3, reg=0.0
    ):
        """
        Initialize a new network.

        Inputs:
        - input_dim: The size of each input, D (int)
        - hidden_dim: The size of the hidden layer, H (int)
        - num_classes: The number of classes, C (int)
        - weight_scale: Standard deviation of the random initial weights (float)
        - reg: L2 regularization strength (float)
        """
        self.params = {}
        self.reg = reg

        # TODO: Initialize the weights and biases. Draw the weights from a Gaussian
        # with mean 0 and standard deviation weight_scale, first layer first, and set
        # the biases to zero. Store them in self.params: the first layer's weights
        # and biases under 'W1' and 'b1', the second layer's under 'W2' and 'b2'.
        # W1 has shape (D, H), b1 (H,), W2 (H, C) and b2 (C,).
        # BEGIN SOLUTION
        self.params["W1"] = weight_scale * np.random.randn(input_dim, hidden_dim)
        self.params["b1"] = np.zeros(hidden_dim)
        self.params["W2"] = weight_scale * np.random.randn(hidden_dim, num_classes)
        self.params["b2"] = np.zeros(num_classes)
        # END SOLUTION

    def loss(self, X, y=None):
        """
        Compute the loss and gradients on a minibatch of data.

        Inputs:
        - X: Inputs, of shape (N, d_1, ..., d_k)
        - y: Labels, of shape (N,); y[i] is the label of X[i].

        Returns:
        If y is None, run the test-time forward pass and return:
        - scores: Class scores, of shape (N, C); scores[i, c] is the score of class c
          for X[i].

        Otherwise run the training-time forward and backward passes and return a tuple:
        - loss: Scalar loss
        - grads: Dictionary with the same keys as self.params, mapping each parameter
          name to the gradient of the loss with respect to it.
        """
        scores = None
        # TODO: Implement the forward pass of the two-layer net: compute the class
        # scores for X and store them in scores.
        # BEGIN SOLUTION
        hidden, hidden_cache = affine_relu_forward(X, self.params["W1"], self.params["b1"])
        scores, scores_cache = affine_forward(hidden, self.params["W2"], self.params["b2"])
        # END SOLUTION

        # Test time: only the scores.
        if y is None:
            return scores

        loss, grads = 0, {}
        # TODO: Implement the backward pass of the two-layer net. Store the loss in
        # loss and the gradients in grads, so that grads[k] is the gradient of the
        # loss with respect to self.params[k]. Use softmax for the data loss.
        #
        # NOTE: The automated tests expect L2 regularization with a factor of 0.5,
        # 0.5 * self.reg * (sum of squared weights), so that its gradient is simply
        # self.reg times the weights. Regularize the weights, not the biases.
        # BEGIN SOLUTION
        W1, W2 = self.params["W1"], self.params["W2"]
        data_loss, dscores = softmax_loss(scores, y)
        loss = data_loss + 0.5 * self.reg * (np.sum(W1 * W1) + np.sum(W2 * W2))
        dhidden, grads["W2"], grads["b2"] = affine_backward(dscores, scores_cache)
        _, grads["W1"], grads["b1"] = affine_relu_backward(dhidden, hidden_cache)
        grads["W1"] += self.reg * W1
        grads["W2"] += self.reg * W2
        # END SOLUTION

        return loss, grads
