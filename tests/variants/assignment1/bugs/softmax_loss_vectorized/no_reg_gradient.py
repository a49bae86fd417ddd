"""Regularizes the loss but forgets the regularization term of the gradient."""

import numpy as np

LOSES = "new shapes with regularization"
REASON = "dW: relative error"


def softmax_loss_vectorized(W, X, y, reg):
    loss = 0.0
    dW = np.zeros_like(W)

    N = X.shape[0]
    scores = X @ W
    scores -= scores.max(axis=1, keepdims=True)
    probs = np.exp(scores) / np.exp(scores).sum(axis=1, keepdims=True)
    loss = -np.mean(np.log(probs[np.arange(N), y])) + reg * np.sum(W * W)
    probs[np.arange(N), y] -= 1
    dW = X.T @ probs / N

    return loss, dW
