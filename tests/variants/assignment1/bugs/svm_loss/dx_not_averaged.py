"""Averages the loss over N but not the gradient dx."""

import numpy as np

LOSES = "dx on the notebook's inputs"
REASON = "dx: relative error"


def svm_loss(x, y):
    loss, dx = None, None
    N = x.shape[0]
    margins = np.maximum(0, x - x[np.arange(N), y][:, None] + 1)
    margins[np.arange(N), y] = 0
    loss = np.sum(margins) / N
    dx = (margins > 0).astype(float)
    dx[np.arange(N), y] = -dx.sum(axis=1)
    return loss, dx
