"""Four products, one per gate, with the weight blocks sliced out; the reference's cache."""

import numpy as np


def lstm_step_forward(x, prev_h, prev_c, Wx, Wh, b):
    next_h, next_c, cache = None, None, None
    H = prev_h.shape[1]
    blocks = [slice(k * H, (k + 1) * H) for k in range(4)]
    i, f, o, g = (x @ Wx[:, s] + prev_h @ Wh[:, s] + b[s] for s in blocks)
    i, f, o = 1 / (1 + np.exp(-i)), 1 / (1 + np.exp(-f)), 1 / (1 + np.exp(-o))
    g = np.tanh(g)
    next_c = f * prev_c + i * g
    tanh_c = np.tanh(next_c)
    next_h = o * tanh_c
    cache = (x, prev_h, prev_c, Wx, Wh, i, f, o, g, tanh_c)
    return next_h, next_c, cache
