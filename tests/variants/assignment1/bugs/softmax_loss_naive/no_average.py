"""Sums the loss and the gradient over the examples and never divides by N."""

import numpy as np

LOSES = "loss matches the reference"
REASON = "loss: got"


def softmax_loss_naive(W, X, y, reg):
    loss = 0.0
    dW = np.zeros_like(W)

    num_train, num_classes = X.shape[0], W.shape[1]
    for i in range(num_train):
        scores = X[i].dot(W)
        scores -= np.max(scores)
        probs = np.exp(scores) / np.sum(np.exp(scores))
        loss += -np.log(probs[y[i]])
        for j in range(num_classes):
            dW[:, j] += (probs[j] - (j == y[i])) * X[i]
    loss += reg * np.sum(W * W)
    dW += 2 * reg * W

    return loss, dW
