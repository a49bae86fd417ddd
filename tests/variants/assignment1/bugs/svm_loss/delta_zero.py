"""Leaves out the margin delta = 1: max(0, s_j - s_y)."""

import numpy as np

LOSES = "loss on the notebook's inputs"
REASON = "loss: got"


def svm_loss(x, y):
    loss, dx = None, None
    N = x.shape[0]
    margins = np.maximum(0, x - x[np.arange(N), y][:, None])
    margins[np.arange(N), y] = 0
    loss = np.sum(margins) / N
    dx = (margins > 0).astype(float)
    dx[np.arange(N), y] = -dx.sum(axis=1)
    dx /= N
    return loss, dx
