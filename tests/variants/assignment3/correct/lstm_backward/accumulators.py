"""Zero accumulators sized from the first step's gradients."""

import numpy as np
from cs231n.rnn_layers import lstm_step_backward


def lstm_backward(dh, cache):
    dx, dh0, dWx, dWh, db = None, None, None, None, None
    N, T, H = dh.shape
    dnext_h = np.zeros((N, H))
    dnext_c = np.zeros((N, H))
    for t in reversed(range(T)):
        dx_t, dnext_h, dnext_c, dWx_t, dWh_t, db_t = lstm_step_backward(
            dh[:, t] + dnext_h, dnext_c, cache[t]
        )
        if dx is None:
            dx = np.zeros((N, T, dx_t.shape[1]))
            dWx, dWh, db = 0 * dWx_t, 0 * dWh_t, 0 * db_t
        dx[:, t] = dx_t
        dWx = dWx + dWx_t
        dWh = dWh + dWh_t
        db = db + db_t
    dh0 = dnext_h
    return dx, dh0, dWx, dWh, db
