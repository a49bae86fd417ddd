"""transpose and the closed-form batchnorm_backward_alt, with ascontiguousarray."""

import numpy as np
from cs231n.layers import batchnorm_backward_alt


def spatial_batchnorm_backward(dout, cache):
    dx, dgamma, dbeta = None, None, None
    N, C, H, W = dout.shape
    flat = np.ascontiguousarray(dout.transpose(0, 2, 3, 1)).reshape(N * H * W, C)
    dx_flat, dgamma, dbeta = batchnorm_backward_alt(flat, cache)
    dx = np.ascontiguousarray(dx_flat.reshape(N, H, W, C).transpose(0, 3, 1, 2))
    return dx, dgamma, dbeta
