"""A one-hot matrix of the words times the flattened gradients."""

import numpy as np


def word_embedding_backward(dout, cache):
    dW = None
    x, W = cache
    one_hot = np.eye(W.shape[0])[x.reshape(-1)]  # (N*T, V)
    dW = one_hot.T @ dout.reshape(-1, W.shape[1])
    return dW
