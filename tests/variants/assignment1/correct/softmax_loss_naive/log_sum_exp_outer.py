"""Computes the loss as log-sum-exp minus the correct score, and the gradient of each example
as one outer product; reg * sum(W^2) with gradient 2 * reg * W."""

import numpy as np


def softmax_loss_naive(W, X, y, reg):
    loss = 0.0
    dW = np.zeros_like(W)

    N = X.shape[0]
    for n in range(N):
        f = X[n] @ W
        m = f.max()
        log_z = m + np.log(np.sum(np.exp(f - m)))
        loss += log_z - f[y[n]]
        p = np.exp(f - log_z)
        p[y[n]] -= 1.0
        dW += np.outer(X[n], p)
    loss = loss / N + reg * np.sum(W**2)
    dW = dW / N + 2 * reg * W

    return loss, dW
