"""Averages the loss over N but returns the summed gradient probs - one_hot."""

import numpy as np

LOSES = "dx on the notebook's inputs"
REASON = "dx: relative error"


def softmax_loss(x, y):
    loss, dx = None, None
    N = x.shape[0]
    shifted = x - np.max(x, axis=1, keepdims=True)
    probs = np.exp(shifted) / np.sum(np.exp(shifted), axis=1, keepdims=True)
    loss = -np.mean(np.log(probs[np.arange(N), y]))
    dx = probs.copy()
    dx[np.arange(N), y] -= 1
    return loss, dx
