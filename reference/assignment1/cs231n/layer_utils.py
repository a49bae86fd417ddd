from .layers import *


def affine_relu_forward(x, w, b):
    """
    An affine layer followed by a ReLU: a convenience "sandwich" layer.

    Inputs:
    - x: Input to the affine layer
    - w, b: Weights of the affine layer

    Returns a tuple of:
    - out: Output of the ReLU
    - cache: What the backward pass needs
    """
    a, fc_cache = affine_forward(x, w, b)
    out, relu_cache = relu_forward(a)
    cache = (fc_cache, relu_cache)
    return out, cache


def affine_relu_backward(dout, cache):
    """
    Backward pass of the affine-relu sandwich layer.
    """
    fc_cache, relu_cache = cache
    da = relu_backward(dout, relu_cache)
    dx, dw, db = affine_backward(da, fc_cache)
    return dx, dw, db
