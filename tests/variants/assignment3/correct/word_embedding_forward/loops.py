"""Copies one row of W per word in two loops."""

import numpy as np


def word_embedding_forward(x, W):
    out, cache = None, None
    N, T = x.shape
    out = np.zeros((N, T, W.shape[1]), dtype=W.dtype)
    for n in range(N):
        for t in range(T):
            out[n, t] = W[x[n, t]]
    cache = (x, W)
    return out, cache
