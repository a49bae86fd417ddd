"""Loops over the classes as well, for the scores, the normaliser and the gradient, and uses
the 0.5 * reg convention."""

import numpy as np


def softmax_loss_naive(W, X, y, reg):
    loss = 0.0
    dW = np.zeros_like(W)

    num_train, num_classes = X.shape[0], W.shape[1]
    for i in range(num_train):
        scores = np.zeros(num_classes)
        for j in range(num_classes):
            scores[j] = np.dot(X[i], W[:, j])
        biggest = np.max(scores)
        total = 0.0
        for j in range(num_classes):
            total += np.exp(scores[j] - biggest)
        loss += -(scores[y[i]] - biggest) + np.log(total)
        for j in range(num_classes):
            p = np.exp(scores[j] - biggest) / total
            if j == y[i]:
                dW[:, j] += (p - 1) * X[i]
            else:
                dW[:, j] += p * X[i]
    loss = loss / num_train + 0.5 * reg * np.sum(W * W)
    dW = dW / num_train + reg * W

    return loss, dW
