"""Exponentiates the raw scores: right on the dev set, inf and NaN for scores near 1000."""

import numpy as np

LOSES = "stay exact for scores near 1000"
REASON = "NaN"


def softmax_loss_vectorized(W, X, y, reg):
    loss = 0.0
    dW = np.zeros_like(W)

    N = X.shape[0]
    exp_scores = np.exp(X @ W)
    probs = exp_scores / exp_scores.sum(axis=1, keepdims=True)
    loss = -np.mean(np.log(probs[np.arange(N), y])) + reg * np.sum(W * W)
    probs[np.arange(N), y] -= 1
    dW = X.T @ probs / N + 2 * reg * W

    return loss, dW
