"""Subtracts the row maxima from x in place: right values, but the caller's scores change."""

import numpy as np

LOSES = "leaves x and y unchanged"
REASON = "modified its argument x in place"


def softmax_loss(x, y):
    loss, dx = None, None
    N = x.shape[0]
    x -= np.max(x, axis=1, keepdims=True)
    probs = np.exp(x) / np.sum(np.exp(x), axis=1, keepdims=True)
    loss = -np.sum(np.log(probs[np.arange(N), y])) / N
    dx = probs.copy()
    dx[np.arange(N), y] -= 1
    dx /= N
    return loss, dx
