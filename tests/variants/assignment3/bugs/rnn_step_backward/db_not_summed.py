"""Averages db over the batch instead of summing it."""

import numpy as np

LOSES = "on the notebook's inputs"
REASON = "db: relative error"


def rnn_step_backward(dnext_h, cache):
    dx, dprev_h, dWx, dWh, db = None, None, None, None, None
    x, prev_h, Wx, Wh, next_h = cache
    da = dnext_h * (1 - next_h**2)
    dx = da @ Wx.T
    dprev_h = da @ Wh.T
    dWx = x.T @ da
    dWh = prev_h.T @ da
    db = da.mean(axis=0)
    return dx, dprev_h, dWx, dWh, db
