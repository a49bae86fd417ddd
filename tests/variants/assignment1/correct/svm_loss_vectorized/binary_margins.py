"""The common online solution: reuses the margin matrix itself as the 0/1 indicator
(margin[margin > 0] = 1), with np.dot and reshape."""

import numpy as np


def svm_loss_vectorized(W, X, y, reg):
    loss = 0.0
    dW = np.zeros(W.shape)

    num_train = X.shape[0]
    scores = X.dot(W)
    correct_class_scores = scores[np.arange(num_train), y].reshape(num_train, 1)
    margin = np.maximum(0, scores - correct_class_scores + 1)
    margin[np.arange(num_train), y] = 0
    loss = margin.sum() / num_train
    loss += reg * np.sum(W * W)

    margin[margin > 0] = 1
    valid_margin_count = margin.sum(axis=1)
    margin[np.arange(num_train), y] -= valid_margin_count
    dW = (X.T).dot(margin) / num_train
    dW = dW + reg * 2 * W

    return loss, dW
