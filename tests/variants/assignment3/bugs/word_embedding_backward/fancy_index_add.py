"""dW[x] += dout: a repeated word's row gets one of its gradients, not their sum."""

import numpy as np

LOSES = "adds up every use of a repeated word"
REASON = "dW: relative error"


def word_embedding_backward(dout, cache):
    dW = None
    x, W = cache
    dW = np.zeros_like(W)
    dW[x] += dout
    return dW
