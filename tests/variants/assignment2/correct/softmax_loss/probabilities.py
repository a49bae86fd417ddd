"""Shifted probabilities, then the log of the correct class's probability."""

import numpy as np


def softmax_loss(x, y):
    loss, dx = None, None
    N = x.shape[0]
    exp = np.exp(x - x.max(axis=1, keepdims=True))
    probs = exp / exp.sum(axis=1, keepdims=True)
    loss = -np.mean(np.log(probs[np.arange(N), y]))
    dx = probs.copy()
    dx[np.arange(N), y] -= 1
    dx /= N
    return loss, dx
