"""Shifts by the global maximum, uses log-sum-exp and subtracts a one-hot matrix for dx."""

import numpy as np


def softmax_loss(x, y):
    loss, dx = None, None
    N, C = x.shape
    z = x - np.max(x)
    log_probs = z - np.log(np.sum(np.exp(z), axis=1, keepdims=True))
    one_hot = np.zeros((N, C))
    one_hot[np.arange(N), y] = 1
    loss = -np.sum(log_probs * one_hot) / N
    dx = (np.exp(log_probs) - one_hot) / N
    return loss, dx
