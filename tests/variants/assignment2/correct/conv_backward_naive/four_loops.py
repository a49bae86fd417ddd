"""Loops over examples, filters and positions, accumulating into the padded dx."""

import numpy as np


def conv_backward_naive(dout, cache):
    dx, dw, db = None, None, None
    x, w, b, conv_param = cache
    N, C, H, W = x.shape
    F, _, HH, WW = w.shape
    s, p = conv_param["stride"], conv_param["pad"]
    xp = np.pad(x, ((0, 0), (0, 0), (p, p), (p, p)))
    dxp, dw, db = np.zeros_like(xp), np.zeros_like(w), np.zeros_like(b)
    _, _, H_out, W_out = dout.shape
    for n in range(N):
        for f in range(F):
            db[f] += dout[n, f].sum()
            for i in range(H_out):
                for j in range(W_out):
                    window = xp[n, :, i * s : i * s + HH, j * s : j * s + WW]
                    dw[f] += window * dout[n, f, i, j]
                    dxp[n, :, i * s : i * s + HH, j * s : j * s + WW] += w[f] * dout[n, f, i, j]
    dx = dxp[:, :, p : p + H, p : p + W] if p > 0 else dxp
    return dx, dw, db
