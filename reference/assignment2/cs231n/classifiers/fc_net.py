import numpy as np

from ..layer_utils import *
from ..layers import *


class FullyConnectedNet:
    """
    A fully connected network with any number of hidden layers, ReLU nonlinearities
    and a softmax loss; optionally dropout, and batch or layer normalization. With L
    layers the architecture is

    {affine - [batch/layer norm] - relu - [dropout]} x (L - 1) - affine - softmax

    where the normalization and the dropout are optional, and the {...} block is
    repeated L - 1 times.

    Training is left to a separate Solver object. The learnable parameters live in
    the dictionary self.params, which maps parameter names to numpy arrays.
    """

    def __init__(
        self,
        hidden_dims,
        input_dim=3 * 32 * 32,
        num_classes=10,
        dropout_keep_ratio=1,
        normalization=None,
        reg=0.0,
        weight_scale=1e-2,
        dtype=np.float32,
        seed=None,
    ):
        """
        Initialize a new FullyConnectedNet.

        Inputs:
        - hidden_dims: A list of integers, the size of each hidden layer.
        - input_dim: The size of each input, D (int).
        - num_classes: The number of classes, C (int).
        - dropout_keep_ratio: The probability of keeping a unit in the dropout
          layers; 1 means no dropout at all.
        - normalization: Which normalization follows every hidden affine layer:
          "batchnorm", "layernorm", or None for none.
        - reg: L2 regularization strength (float).
        - weight_scale: Standard deviation of the random initial weights (float).
        - dtype: The numpy datatype of every parameter and computation. float32 is
          faster; float64 is needed for numeric gradient checks.
        - seed: If not None, passed to the dropout layers, which makes them
          deterministic so the model can be gradient-checked.
        """
        self.normalization = normalization
        self.use_dropout = dropout_keep_ratio != 1
        self.reg = reg
        self.num_layers = 1 + len(hidden_dims)
        self.dtype = dtype
        self.params = {}

        # TODO: Initialize the parameters of the network, storing all values in
        # the self.params dictionary: layer i's weights under "Wi" and its biases
        # under "bi" (W1 and b1 first). Draw each weight matrix from a Gaussian
        # with mean 0 and standard deviation weight_scale, one layer after the
        # other starting with W1, and nothing else from the random generator; set
        # every bias to zero.
        #
        # With batch or layer normalization, each hidden layer i also has a scale
        # "gammai" (ones) and a shift "betai" (zeros). The output layer has none.
        # BEGIN SOLUTION
        dims = [input_dim, *hidden_dims, num_classes]
        for layer in range(1, self.num_layers + 1):
            d_in, d_out = dims[layer - 1], dims[layer]
            self.params[f"W{layer}"] = weight_scale * np.random.randn(d_in, d_out)
            self.params[f"b{layer}"] = np.zeros(d_out)
            if self.normalization is not None and layer < self.num_layers:
                self.params[f"gamma{layer}"] = np.ones(d_out)
                self.params[f"beta{layer}"] = np.zeros(d_out)
        # END SOLUTION

        # Every dropout layer takes this one dictionary: it holds the keep
        # probability and the mode (train / test), which loss() sets on each call.
        self.dropout_param = {}
        if self.use_dropout:
            self.dropout_param = {"mode": "train", "p": dropout_keep_ratio}
            if seed is not None:
                self.dropout_param["seed"] = seed

        # Each normalization layer keeps its own dictionary (batch norm stores its
        # running mean and variance in it): pass self.bn_params[0] to the first
        # normalization layer, self.bn_params[1] to the second, and so on.
        self.bn_params = []
        if self.normalization == "batchnorm":
            self.bn_params = [{"mode": "train"} for i in range(self.num_layers - 1)]
        if self.normalization == "layernorm":
            self.bn_params = [{} for i in range(self.num_layers - 1)]

        # Every parameter in the model's dtype.
        for k, v in self.params.items():
            self.params[k] = v.astype(dtype)

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
        X = X.astype(self.dtype)
        mode = "test" if y is None else "train"

        # Dropout and batch norm behave differently at training and at test time.
        if self.use_dropout:
            self.dropout_param["mode"] = mode
        if self.normalization == "batchnorm":
            for bn_param in self.bn_params:
                bn_param["mode"] = mode
        scores = None
        # TODO: Implement the forward pass of the network: compute the class
        # scores for X and store them in scores.
        #
        # Pass self.dropout_param to every dropout layer, and self.bn_params[i] to
        # the normalization layer of hidden layer i + 1 (batch or layer norm).
        # BEGIN SOLUTION
        caches = []  # per hidden layer: (affine, norm, relu, dropout) caches
        out = X
        for layer in range(1, self.num_layers):
            out, fc_cache = affine_forward(out, self.params[f"W{layer}"], self.params[f"b{layer}"])
            norm_cache = None
            if self.normalization is not None:
                gamma, beta = self.params[f"gamma{layer}"], self.params[f"beta{layer}"]
                if self.normalization == "batchnorm":
                    norm_forward = batchnorm_forward
                else:
                    norm_forward = layernorm_forward
                out, norm_cache = norm_forward(out, gamma, beta, self.bn_params[layer - 1])
            out, relu_cache = relu_forward(out)
            dropout_cache = None
            if self.use_dropout:
                out, dropout_cache = dropout_forward(out, self.dropout_param)
            caches.append((fc_cache, norm_cache, relu_cache, dropout_cache))
        last = self.num_layers
        scores, scores_cache = affine_forward(out, self.params[f"W{last}"], self.params[f"b{last}"])
        # END SOLUTION

        # Test time: only the scores.
        if mode == "test":
            return scores

        loss, grads = 0.0, {}
        # TODO: Implement the backward pass of the network. Store the loss in loss
        # and the gradients in grads, so that grads[k] is the gradient of the loss
        # with respect to self.params[k]. Use softmax for the data loss, and add
        # L2 regularization of the weights; the scale and shift parameters of the
        # normalization layers and the biases are not regularized.
        #
        # NOTE: The automated tests expect L2 regularization with a factor of 0.5,
        # 0.5 * self.reg * (sum of squared weights), so that its gradient is simply
        # self.reg times the weights.
        # BEGIN SOLUTION
        loss, dout = softmax_loss(scores, y)
        dout, grads[f"W{last}"], grads[f"b{last}"] = affine_backward(dout, scores_cache)
        for layer in range(self.num_layers - 1, 0, -1):
            fc_cache, norm_cache, relu_cache, dropout_cache = caches[layer - 1]
            if self.use_dropout:
                dout = dropout_backward(dout, dropout_cache)
            dout = relu_backward(dout, relu_cache)
            if self.normalization == "batchnorm":
                dout, dgamma, dbeta = batchnorm_backward_alt(dout, norm_cache)
            elif self.normalization == "layernorm":
                dout, dgamma, dbeta = layernorm_backward(dout, norm_cache)
            if self.normalization is not None:
                grads[f"gamma{layer}"], grads[f"beta{layer}"] = dgamma, dbeta
            dout, grads[f"W{layer}"], grads[f"b{layer}"] = affine_backward(dout, fc_cache)
        for layer in range(1, self.num_layers + 1):
            W = self.params[f"W{layer}"]
            loss += 0.5 * self.reg * np.sum(W * W)
            grads[f"W{layer}"] += self.reg * W
        # END SOLUTION

        return loss, grads
