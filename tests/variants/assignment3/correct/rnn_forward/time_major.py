"""Works time-major: transposes x to (T, N, D) and h back from (T, N, H); a tuple cache."""

import numpy as np
from cs231n.rnn_layers import rnn_step_forward


def rnn_forward(x, h0, Wx, Wh, b):
    h, cache = None, None
    xs = x.transpose(1, 0, 2)
    hs = np.empty((xs.shape[0], h0.shape[0], h0.shape[1]))
    caches = []
    for t, x_t in enumerate(xs):
        hs[t], c = rnn_step_forward(x_t, h0 if t == 0 else hs[t - 1], Wx, Wh, b)
        caches.append(c)
    h = hs.transpose(1, 0, 2)
    cache = tuple(caches)
    return h, cache
