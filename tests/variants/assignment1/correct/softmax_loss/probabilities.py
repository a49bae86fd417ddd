"""The course's standard formulation: shift each row by its maximum, exponentiate, normalise
into probabilities, then average -log p[y]."""

import numpy as np


def softmax_loss(x, y):
    loss, dx = None, None
    num_train = x.shape[0]
    shifted = x - np.max(x, axis=1, keepdims=True)
    exp_scores = np.exp(shifted)
    probs = exp_scores / np.sum(exp_scores, axis=1, keepdims=True)
    loss = -np.sum(np.log(probs[np.arange(num_train), y])) / num_train
    dx = probs.copy()
    dx[np.arange(num_train), y] -= 1
    dx /= num_train
    return loss, dx
