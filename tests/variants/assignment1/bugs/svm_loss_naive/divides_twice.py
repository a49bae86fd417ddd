"""Averages each update as it is added and then divides dW by num_train again at the end (the
known pitfall of dividing twice)."""

import numpy as np

LOSES = "dW matches the reference and numeric gradients"
REASON = "dW: relative error"


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
                dW[:, j] += X[i] / num_train
                dW[:, y[i]] -= X[i] / num_train

    loss /= num_train

    loss += reg * np.sum(W * W)

    dW /= num_train
    dW += 2 * reg * W

    return loss, dW
