"""Reads a dict cache; np.einsum for every product."""

import numpy as np


def rnn_step_backward(dnext_h, cache):
    dx, dprev_h, dWx, dWh, db = None, None, None, None, None
    x, prev_h, next_h = cache["x"], cache["prev_h"], cache["next_h"]
    Wx, Wh = cache["Wx"], cache["Wh"]
    da = dnext_h * (1.0 - np.square(next_h))
    dx = np.einsum("nh,dh->nd", da, Wx)
    dprev_h = np.einsum("nh,kh->nk", da, Wh)
    dWx = np.einsum("nd,nh->dh", x, da)
    dWh = np.einsum("nk,nh->kh", prev_h, da)
    db = np.einsum("nh->h", da)
    return dx, dprev_h, dWx, dWh, db
