"""Picks the correct-class scores with np.einsum over a boolean one-hot mask and averages the
gradient with np.matmul; reg * sum(W^2)."""

import numpy as np


def softmax_loss_vectorized(W, X, y, reg):
    loss = 0.0
    dW = np.zeros_like(W)

    N, C = X.shape[0], W.shape[1]
    mask = np.arange(C)[None, :] == y[:, None]  # (N, C) boolean one-hot
    s = np.matmul(X, W)
    s = s - s.max(axis=1)[:, None]
    e = np.exp(s)
    denom = e.sum(axis=1)
    correct = np.einsum("nc,nc->n", s, mask)
    loss = np.sum(np.log(denom) - correct) / N + reg * np.sum(np.square(W))
    dscores = e / denom[:, None] - mask
    dW = np.matmul(X.T, dscores) / N + 2 * reg * W

    return loss, dW
