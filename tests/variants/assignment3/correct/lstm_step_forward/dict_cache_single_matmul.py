"""One matmul of [x, prev_h] with the stacked weights; the gates by np.split; a dict cache."""

import numpy as np
from cs231n.rnn_layers import sigmoid


def lstm_step_forward(x, prev_h, prev_c, Wx, Wh, b):
    next_h, next_c, cache = None, None, None
    a = np.hstack([x, prev_h]) @ np.vstack([Wx, Wh]) + b
    ai, af, ao, ag = np.split(a, 4, axis=1)
    i, f, o, g = sigmoid(ai), sigmoid(af), sigmoid(ao), np.tanh(ag)
    next_c = f * prev_c + i * g
    next_h = o * np.tanh(next_c)
    cache = {"x": x, "prev_h": prev_h, "prev_c": prev_c, "Wx": Wx, "Wh": Wh,
             "gates": (i, f, o, g), "next_c": next_c}  # fmt: skip
    return next_h, next_c, cache
