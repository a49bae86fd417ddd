"""Adds one outer product per positive margin (X[i] times a +1/-1 class vector)."""

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
                direction = np.zeros(num_classes)
                direction[j] = 1.0
                direction[y[i]] = -1.0
                dW += np.outer(X[i], direction)

    loss /= num_train

    loss += reg * np.sum(W * W)

    dW /= num_train
    dW += reg * 2 * W

    return loss, dW
