"""Computes log Z as max + log(sum(exp(x - max))) and the loss as mean(log Z - x[y])."""

import numpy as np


def softmax_loss(x, y):
    loss, dx = None, None
    N = len(y)
    m = x.max(axis=1)
    log_z = m + np.log(np.exp(x - m[:, None]).sum(axis=1))
    loss = np.mean(log_z - x[range(N), y])
    dx = np.exp(x - log_z[:, None])
    dx[range(N), y] -= 1
    dx /= N
    return loss, dx
