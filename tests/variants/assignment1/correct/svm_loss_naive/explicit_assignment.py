"""Writes the column updates as explicit assignments of X[i, :] and finishes with a new array
dW = dW / num_train + reg * 2 * W."""

import numpy as np


def svm_loss_naive(W, X, y, reg):
    dW = np.zeros(W.shape)
    num_classes = W.shape[1]
    num_train = X.shape[0]
    loss = 0.0
    for i in range(num_train):
        scores = X[i].dot(W)
        correct_class_score = scores[y[i]]
        for j in range(num_classes):
            if j == y[i]:
                continue
            margin = scores[j] - correct_class_score + 1  # note delta = 1
            if margin > 0:
                loss += margin
                dW[:, j] = dW[:, j] + X[i, :].T
                dW[:, y[i]] = dW[:, y[i]] - X[i, :].T

    loss /= num_train

    loss += reg * np.sum(W * W)

    dW = dW / num_train + reg * 2 * W

    return loss, dW
