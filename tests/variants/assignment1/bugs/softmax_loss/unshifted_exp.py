"""Exponentiates the raw scores: right for small scores, inf and NaN for large ones."""

import numpy as np

LOSES = "stay exact for scores near 1000"
REASON = "NaN"


def softmax_loss(x, y):
    loss, dx = None, None
    N = x.shape[0]
    probs = np.exp(x) / np.sum(np.exp(x), axis=1, keepdims=True)
    loss = -np.mean(np.log(probs[np.arange(N), y]))
    dx = probs
    dx[np.arange(N), y] -= 1
    dx /= N
    return loss, dx
