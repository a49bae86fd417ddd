"""Works with a one-hot label matrix instead of fancy indexing: picks the correct scores with
a masked sum and masks out the correct class by multiplication."""

import numpy as np


def svm_loss_vectorized(W, X, y, reg):
    loss = 0.0
    dW = np.zeros(W.shape)

    N, C = X.shape[0], W.shape[1]
    Y = np.eye(C)[y]  # (N, C) one-hot
    scores = X @ W
    correct = np.sum(scores * Y, axis=1, keepdims=True)
    margins = np.maximum(0, scores - correct + 1) * (1 - Y)
    loss = np.sum(margins) / N + reg * np.sum(W**2)

    active = np.where(margins > 0, 1.0, 0.0)
    coeff = active - Y * active.sum(axis=1, keepdims=True)
    dW = X.T @ coeff / N + 2 * reg * W

    return loss, dW
