"""Row-max shift, probabilities, a one-hot label matrix for the gradient, and the 0.5 * reg
convention (gradient reg * W)."""

import numpy as np


def softmax_loss_vectorized(W, X, y, reg):
    loss = 0.0
    dW = np.zeros_like(W)

    num_train = X.shape[0]
    scores = X.dot(W)
    scores -= np.max(scores, axis=1, keepdims=True)
    exp_scores = np.exp(scores)
    probs = exp_scores / np.sum(exp_scores, axis=1, keepdims=True)
    loss = -np.sum(np.log(probs[np.arange(num_train), y])) / num_train
    loss += 0.5 * reg * np.sum(W * W)
    one_hot = np.eye(W.shape[1])[y]
    dW = X.T.dot(probs - one_hot) / num_train + reg * W

    return loss, dW
