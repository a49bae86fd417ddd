"""np.einsum per output position."""

import numpy as np


def conv_backward_naive(dout, cache):
    dx, dw, db = None, None, None
    x, w, b, conv_param = cache
    H, W = x.shape[2:]
    HH, WW = w.shape[2:]
    s, p = conv_param["stride"], conv_param["pad"]
    xp = np.pad(x, ((0, 0), (0, 0), (p, p), (p, p)))
    dxp = np.zeros(xp.shape)
    dw = np.zeros(w.shape)
    for i in range(dout.shape[2]):
        for j in range(dout.shape[3]):
            rows, cols = slice(i * s, i * s + HH), slice(j * s, j * s + WW)
            d = dout[:, :, i, j]
            dw += np.einsum("nf,nchw->fchw", d, xp[:, :, rows, cols])
            dxp[:, :, rows, cols] += np.einsum("nf,fchw->nchw", d, w)
    db = np.einsum("nfhw->f", dout)
    dx = dxp[:, :, p : p + H, p : p + W]
    return dx, dw, db
