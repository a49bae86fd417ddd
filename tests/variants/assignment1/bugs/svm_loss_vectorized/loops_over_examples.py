"""Vectorizes over the classes only and keeps a loop over the examples: right values, but a
Python loop."""

import numpy as np

LOSES = "no loops"
REASON = "the task allows no loops"


def svm_loss_vectorized(W, X, y, reg):
    loss = 0.0
    dW = np.zeros(W.shape)

    N = X.shape[0]
    for i in range(N):
        scores = X[i] @ W
        margins = np.maximum(0, scores - scores[y[i]] + 1)
        margins[y[i]] = 0
        loss += margins.sum()
        active = (margins > 0).astype(float)
        active[y[i]] = -active.sum()
        dW += np.outer(X[i], active)
    loss = loss / N + reg * np.sum(W * W)

    dW = dW / N + 2 * reg * W

    return loss, dW
