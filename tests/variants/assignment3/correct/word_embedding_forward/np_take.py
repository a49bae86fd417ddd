"""np.take along axis 0."""

import numpy as np


def word_embedding_forward(x, W):
    out, cache = None, None
    out = np.take(W, x, axis=0)
    cache = (x, W)
    return out, cache
