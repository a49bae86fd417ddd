"""Finishes dW by averaging only: the regularization term's gradient 2 * reg * W is missing."""

import numpy as np

LOSES = "dW includes the regularization gradient"
REASON = "the gradient of reg * np.sum(W * W) is 2 * reg * W"


def svm_loss_naive(W, X, y, reg):
    dW = np.zeros(W.shape)  # the gradient starts at zero

    # Loss and gradient, one example and one class at a time.
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
                dW[:, j] += X[i]
                dW[:, y[i]] -= X[i]

    # The loss so far sums over the examples; the SVM loss is their average.
    loss /= num_train

    # L2 regularization of the weights.
    loss += reg * np.sum(W * W)
    dW /= num_train

    return loss, dW
