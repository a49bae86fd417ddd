"""np.moveaxis and the staged batchnorm_backward."""

import numpy as np
from cs231n.layers import batchnorm_backward


def spatial_batchnorm_backward(dout, cache):
    dx, dgamma, dbeta = None, None, None
    N, C, H, W = dout.shape
    flat = np.moveaxis(dout, 1, -1).reshape(-1, C)
    dx_flat, dgamma, dbeta = batchnorm_backward(flat, cache)
    dx = np.moveaxis(dx_flat.reshape(N, H, W, C), -1, 1)
    return dx, dgamma, dbeta
