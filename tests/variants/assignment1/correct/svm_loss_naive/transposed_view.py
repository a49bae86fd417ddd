"""Updates rows of the transposed view dW.T (the same memory) and scales by 1 / num_train."""

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
                dWt = dW.T
                dWt[j] += X[i]
                dWt[y[i]] -= X[i]

    loss /= num_train

    loss += reg * np.sum(W * W)

    dW *= 1.0 / num_train
    dW += 2.0 * reg * W

    return loss, dW
