"""Mixes the two conventions: 0.5 * reg * sum(W^2) in the loss but 2 * reg * W in the gradient."""

import numpy as np

LOSES = "loss and dW with regularization"
REASON = "relative error"


def softmax_loss_naive(W, X, y, reg):
    loss = 0.0
    dW = np.zeros_like(W)

    num_train, num_classes = X.shape[0], W.shape[1]
    for i in range(num_train):
        scores = X[i].dot(W)
        scores -= scores.max()
        probs = np.exp(scores) / np.exp(scores).sum()
        loss -= np.log(probs[y[i]])
        for j in range(num_classes):
            dW[:, j] += (probs[j] - (j == y[i])) * X[i]
    loss = loss / num_train + 0.5 * reg * np.sum(W * W)
    dW = dW / num_train + 2 * reg * W

    return loss, dW
