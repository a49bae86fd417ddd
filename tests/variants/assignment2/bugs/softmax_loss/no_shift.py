"""No max shift: np.exp overflows for large scores."""

import numpy as np

LOSES = "stay exact for scores near 1000"
REASON = "NaN"


def softmax_loss(x, y):
    loss, dx = None, None
    N = x.shape[0]
    exp = np.exp(x)
    probs = exp / exp.sum(axis=1, keepdims=True)
    loss = -np.mean(np.log(probs[np.arange(N), y]))
    dx = probs.copy()
    dx[np.arange(N), y] -= 1
    dx /= N
    return loss, dx
