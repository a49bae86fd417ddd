"""Indexes W with x.T, so the output is (T, N, D)."""

import numpy as np

LOSES = "out on the notebook's inputs"
REASON = "shape (2, 4, 3) expected, got (4, 2, 3)"


def word_embedding_forward(x, W):
    out, cache = None, None
    out = W[x.T]
    cache = (x, W)
    return out, cache
