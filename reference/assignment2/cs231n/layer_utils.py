from .fast_layers import (
    conv_backward_fast,
    conv_forward_fast,
    max_pool_backward_fast,
    max_pool_forward_fast,
)
from .layers import *


def affine_relu_forward(x, w, b):
    """
    An affine layer followed by a ReLU: a convenience "sandwich" layer.

    Inputs:
    - x: Input to the affine layer, of shape (N, d_1, ..., d_k)
    - w, b: Weights, of shape (D, M), and biases, of shape (M,), of the affine layer

    Returns a tuple of:
    - out: Output of the ReLU, of shape (N, M)
    - cache: (fc_cache, relu_cache), for the backward pass
    """
    a, fc_cache = affine_forward(x, w, b)
    out, relu_cache = relu_forward(a)
    cache = (fc_cache, relu_cache)
    return out, cache


def affine_relu_backward(dout, cache):
    """
    Backward pass of the affine-relu sandwich layer.

    Returns a tuple of (dx, dw, db), shaped like x, w and b.
    """
    fc_cache, relu_cache = cache
    da = relu_backward(dout, relu_cache)
    dx, dw, db = affine_backward(da, fc_cache)
    return dx, dw, db


# TODO: Optional: add your own sandwich layers here, for example an
# affine - batchnorm - relu layer for FullyConnectedNet.
# BEGIN SOLUTION
def affine_bn_relu_forward(x, w, b, gamma, beta, bn_param):
    """
    An affine layer, batch normalization, then a ReLU.

    Inputs:
    - x, w, b: As for affine_forward
    - gamma, beta: Scale and shift of the batch normalization, of shape (M,)
    - bn_param: As for batchnorm_forward

    Returns a tuple of:
    - out: Output of the ReLU, of shape (N, M)
    - cache: (fc_cache, bn_cache, relu_cache)
    """
    a, fc_cache = affine_forward(x, w, b)
    a_norm, bn_cache = batchnorm_forward(a, gamma, beta, bn_param)
    out, relu_cache = relu_forward(a_norm)
    return out, (fc_cache, bn_cache, relu_cache)


def affine_bn_relu_backward(dout, cache):
    """Backward pass of affine_bn_relu_forward: returns (dx, dw, db, dgamma, dbeta)."""
    fc_cache, bn_cache, relu_cache = cache
    da_norm = relu_backward(dout, relu_cache)
    da, dgamma, dbeta = batchnorm_backward_alt(da_norm, bn_cache)
    dx, dw, db = affine_backward(da, fc_cache)
    return dx, dw, db, dgamma, dbeta


def affine_ln_relu_forward(x, w, b, gamma, beta, ln_param):
    """
    An affine layer, layer normalization, then a ReLU.

    Inputs and returns as for affine_bn_relu_forward, with ln_param as for
    layernorm_forward; the cache is (fc_cache, ln_cache, relu_cache).
    """
    a, fc_cache = affine_forward(x, w, b)
    a_norm, ln_cache = layernorm_forward(a, gamma, beta, ln_param)
    out, relu_cache = relu_forward(a_norm)
    return out, (fc_cache, ln_cache, relu_cache)


def affine_ln_relu_backward(dout, cache):
    """Backward pass of affine_ln_relu_forward: returns (dx, dw, db, dgamma, dbeta)."""
    fc_cache, ln_cache, relu_cache = cache
    da_norm = relu_backward(dout, relu_cache)
    da, dgamma, dbeta = layernorm_backward(da_norm, ln_cache)
    dx, dw, db = affine_backward(da, fc_cache)
    return dx, dw, db, dgamma, dbeta


# END SOLUTION


def conv_relu_forward(x, w, b, conv_param):
    """
    A convolution followed by a ReLU, using the fast convolution.

    Inputs:
    - x: Input to the convolutional layer, of shape (N, C, H, W)
    - w, b, conv_param: Weights (F, C, HH, WW), biases (F,) and parameters of the
      convolutional layer

    Returns a tuple of:
    - out: Output of the ReLU, of shape (N, F, H', W')
    - cache: (conv_cache, relu_cache), for the backward pass
    """
    a, conv_cache = conv_forward_fast(x, w, b, conv_param)
    out, relu_cache = relu_forward(a)
    cache = (conv_cache, relu_cache)
    return out, cache


def conv_relu_backward(dout, cache):
    """
    Backward pass of the conv-relu sandwich layer.

    Returns a tuple of (dx, dw, db), shaped like x, w and b.
    """
    conv_cache, relu_cache = cache
    da = relu_backward(dout, relu_cache)
    dx, dw, db = conv_backward_fast(da, conv_cache)
    return dx, dw, db


def conv_bn_relu_forward(x, w, b, gamma, beta, conv_param, bn_param):
    """
    A convolution, spatial batch normalization, then a ReLU.

    Inputs:
    - x, w, b, conv_param: As for conv_relu_forward
    - gamma, beta: Scale and shift of the spatial batch normalization, of shape (F,)
    - bn_param: As for spatial_batchnorm_forward

    Returns a tuple of:
    - out: Output of the ReLU, of shape (N, F, H', W')
    - cache: (conv_cache, bn_cache, relu_cache)
    """
    a, conv_cache = conv_forward_fast(x, w, b, conv_param)
    an, bn_cache = spatial_batchnorm_forward(a, gamma, beta, bn_param)
    out, relu_cache = relu_forward(an)
    cache = (conv_cache, bn_cache, relu_cache)
    return out, cache


def conv_bn_relu_backward(dout, cache):
    """
    Backward pass of the conv-bn-relu sandwich layer.

    Returns a tuple of (dx, dw, db, dgamma, dbeta).
    """
    conv_cache, bn_cache, relu_cache = cache
    dan = relu_backward(dout, relu_cache)
    da, dgamma, dbeta = spatial_batchnorm_backward(dan, bn_cache)
    dx, dw, db = conv_backward_fast(da, conv_cache)
    return dx, dw, db, dgamma, dbeta


def conv_relu_pool_forward(x, w, b, conv_param, pool_param):
    """
    A convolution, a ReLU, then max pooling, using the fast layers.

    Inputs:
    - x: Input to the convolutional layer, of shape (N, C, H, W)
    - w, b, conv_param: Weights, biases and parameters of the convolutional layer
    - pool_param: Parameters of the pooling layer

    Returns a tuple of:
    - out: Output of the pooling layer
    - cache: (conv_cache, relu_cache, pool_cache), for the backward pass
    """
    a, conv_cache = conv_forward_fast(x, w, b, conv_param)
    s, relu_cache = relu_forward(a)
    out, pool_cache = max_pool_forward_fast(s, pool_param)
    cache = (conv_cache, relu_cache, pool_cache)
    return out, cache


def conv_relu_pool_backward(dout, cache):
    """
    Backward pass of the conv-relu-pool sandwich layer.

    Returns a tuple of (dx, dw, db), shaped like x, w and b.
    """
    conv_cache, relu_cache, pool_cache = cache
    ds = max_pool_backward_fast(dout, pool_cache)
    da = relu_backward(ds, relu_cache)
    dx, dw, db = conv_backward_fast(da, conv_cache)
    return dx, dw, db
