"""Adds each word's gradient to its row in a loop over the flattened words."""

import numpy as np


def word_embedding_backward(dout, cache):
    dW = None
    x, W = cache
    dW = np.zeros(W.shape)
    rows = dout.reshape(-1, dout.shape[-1])
    for word, grad in zip(x.reshape(-1), rows, strict=True):
        dW[word] += grad
    return dW
