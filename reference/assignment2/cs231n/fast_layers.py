"""Fast convolution and max-pooling layers, with the same API as the naive ones in layers.py.

A convolution is one matrix product once every receptive field is laid out as a column
(im2col); its backward pass is two more products and a col2im that sums the column gradients
back onto the input. Max pooling over windows that tile the input (pool_height == pool_width
== stride, dividing H and W) uses a tiling kernel; any other pooling goes through im2col.

The column loops live in the compiled extension im2col_cython.pyx. Build it once, from inside
cs231n/, with `python setup.py build_ext --inplace`, then restart the kernel. Without it, the
same functions run in numpy: the same numbers, only slower.
"""

import numpy as np
from numpy.lib.stride_tricks import as_strided

try:
    from .im2col_cython import (
        col2im_6d_cython,
        col2im_cython,
        im2col_cython,
        max_pool_backward_tiles,
        max_pool_forward_tiles,
    )

    COMPILED = True
except ImportError:
    print(
        "=========== You can safely ignore the message below if you are NOT working on "
        "ConvolutionalNetworks.ipynb ==========="
    )
    print("\tYou will need to compile a Cython extension for a portion of this assignment.")
    print("\tThe instructions to do this will be given in a section of the notebook below.")
    # Stand-ins with the same signatures, so everything but the speed keeps working.
    from .im2col import col2im_6d_numpy as col2im_6d_cython
    from .im2col import col2im_numpy as col2im_cython
    from .im2col import im2col_numpy as im2col_cython
    from .im2col import max_pool_backward_tiles_numpy as max_pool_backward_tiles
    from .im2col import max_pool_forward_tiles_numpy as max_pool_forward_tiles

    COMPILED = False


def conv_forward_im2col(x, w, b, conv_param):
    """A fast convolution forward pass: im2col, then one matrix product.

    Inputs and outputs as in conv_forward_naive: x (N, C, H, W), w (F, C, HH, WW), b (F,),
    conv_param with 'stride' and 'pad'. Returns out (N, F, H', W') and a cache for
    conv_backward_im2col.
    """
    x = _floating(x)
    N, C, H, W = x.shape
    F, _, HH, WW = w.shape
    stride, pad = conv_param["stride"], conv_param["pad"]
    out_h = (H + 2 * pad - HH) // stride + 1
    out_w = (W + 2 * pad - WW) // stride + 1

    x_cols = im2col_cython(x, HH, WW, pad, stride)  # (C * HH * WW, out_h * out_w * N)
    res = w.reshape(F, -1).dot(x_cols) + b.reshape(-1, 1)  # (F, out_h * out_w * N)
    out = res.reshape(F, out_h, out_w, N).transpose(3, 0, 1, 2)
    out = np.ascontiguousarray(out)  # (N, F, out_h, out_w)

    cache = (x, w, b, conv_param, x_cols)
    return out, cache


def conv_backward_im2col(dout, cache):
    """The backward pass of conv_forward_im2col. Returns a tuple of (dx, dw, db)."""
    x, w, b, conv_param, x_cols = cache
    stride, pad = conv_param["stride"], conv_param["pad"]
    N, C, H, W = x.shape
    F, _, HH, WW = w.shape

    db = np.sum(dout, axis=(0, 2, 3))
    dout_reshaped = dout.transpose(1, 2, 3, 0).reshape(F, -1)  # (F, out_h * out_w * N)
    dw = dout_reshaped.dot(x_cols.T).reshape(w.shape)
    dx_cols = _floating(w.reshape(F, -1).T.dot(dout_reshaped))  # (C * HH * WW, ...)
    dx = col2im_cython(dx_cols, N, C, H, W, HH, WW, pad, stride)
    return dx, dw, db


def conv_forward_strides(x, w, b, conv_param):
    """A fast convolution forward pass: the receptive fields of the padded input as a strided
    view, copied once into columns, then one matrix product.

    Inputs and outputs as in conv_forward_naive. The cache is (x, w, b, conv_param, x_cols),
    x_cols of shape (C * HH * WW, N * H' * W').
    """
    N, C, H, W = x.shape
    F, _, HH, WW = w.shape
    stride, pad = conv_param["stride"], conv_param["pad"]
    out_h = (H + 2 * pad - HH) // stride + 1
    out_w = (W + 2 * pad - WW) // stride + 1

    p = pad
    x_padded = np.pad(x, ((0, 0), (0, 0), (p, p), (p, p)), mode="constant")
    # every receptive field, without copying: (C, HH, WW, N, out_h, out_w)
    sN, sC, sH, sW = x_padded.strides
    fields = as_strided(
        x_padded,
        shape=(C, HH, WW, N, out_h, out_w),
        strides=(sC, sH, sW, sN, stride * sH, stride * sW),
        writeable=False,
    )
    x_cols = np.ascontiguousarray(fields).reshape(C * HH * WW, N * out_h * out_w)

    res = w.reshape(F, -1).dot(x_cols)  # (F, N * out_h * out_w)
    res += b.reshape(-1, 1)  # in place, along contiguous rows
    out = res.reshape(F, N, out_h, out_w).transpose(1, 0, 2, 3)
    out = np.ascontiguousarray(out)  # (N, F, out_h, out_w)

    cache = (x, w, b, conv_param, x_cols)
    return out, cache


def conv_backward_strides(dout, cache):
    """The backward pass of conv_forward_strides. Returns a tuple of (dx, dw, db)."""
    x, w, b, conv_param, x_cols = cache
    stride, pad = conv_param["stride"], conv_param["pad"]
    N, C, H, W = x.shape
    F, _, HH, WW = w.shape
    _, _, out_h, out_w = dout.shape

    db = np.sum(dout, axis=(0, 2, 3))
    dout_reshaped = dout.transpose(1, 0, 2, 3).reshape(F, -1)  # (F, N * out_h * out_w)
    dw = dout_reshaped.dot(x_cols.T).reshape(w.shape)
    dx_cols = _floating(w.reshape(F, -1).T.dot(dout_reshaped))  # (C * HH * WW, ...)
    dx_cols = dx_cols.reshape(C, HH, WW, N, out_h, out_w)
    dx = col2im_6d_cython(dx_cols, N, C, H, W, HH, WW, pad, stride)
    return dx, dw, db


conv_forward_fast = conv_forward_strides
conv_backward_fast = conv_backward_strides


def max_pool_forward_fast(x, pool_param):
    """A fast max-pool forward pass, with the API of max_pool_forward_naive.

    Windows that tile the input (pool_height == pool_width == stride, dividing H and W) go
    through the tiling kernel, any others through im2col. The cache is ("reshape", cache) or
    ("im2col", cache), and max_pool_backward_fast follows the tag.
    """
    N, C, H, W = x.shape
    pool_height, pool_width = pool_param["pool_height"], pool_param["pool_width"]
    stride = pool_param["stride"]
    same_size = pool_height == pool_width == stride
    tiles = H % pool_height == 0 and W % pool_width == 0
    if same_size and tiles:
        out, reshape_cache = max_pool_forward_reshape(x, pool_param)
        cache = ("reshape", reshape_cache)
    else:
        out, im2col_cache = max_pool_forward_im2col(x, pool_param)
        cache = ("im2col", im2col_cache)
    return out, cache


def max_pool_backward_fast(dout, cache):
    """The backward pass of max_pool_forward_fast. Returns dx, of the input's shape."""
    method, real_cache = cache
    if method == "reshape":
        return max_pool_backward_reshape(dout, real_cache)
    if method == "im2col":
        return max_pool_backward_im2col(dout, real_cache)
    raise ValueError(f'Unrecognized method "{method}"')


def max_pool_forward_reshape(x, pool_param):
    """Max pooling over square windows that tile the input: stride equal to the window size,
    which divides H and W. The cache is (x, pool_param, winners), winners marking every
    entry equal to its window's max."""
    N, C, H, W = x.shape
    pool_height, pool_width = pool_param["pool_height"], pool_param["pool_width"]
    stride = pool_param["stride"]
    if not (pool_height == pool_width == stride and H % pool_height == 0 == W % pool_width):
        raise ValueError(
            f"max_pool_forward_reshape needs square windows that tile the input, got "
            f"{pool_height}x{pool_width} windows at stride {stride} on {H}x{W}"
        )
    out, winners = max_pool_forward_tiles(_floating(x), pool_height, pool_width)
    cache = (x, pool_param, winners)
    return out, cache


def max_pool_backward_reshape(dout, cache):
    """The backward pass of max_pool_forward_reshape. A window whose max is tied between
    entries shares its gradient equally among them. Returns dx, of the input's shape."""
    x, pool_param, winners = cache
    pool_height, pool_width = pool_param["pool_height"], pool_param["pool_width"]
    return max_pool_backward_tiles(_floating(dout), winners, pool_height, pool_width)


def max_pool_forward_im2col(x, pool_param):
    """Max pooling through im2col: works for any windows and stride, and is slower than the
    tiling kernel where that applies. The cache is (x, x_cols, x_cols_argmax, pool_param)."""
    N, C, H, W = x.shape
    pool_height, pool_width = pool_param["pool_height"], pool_param["pool_width"]
    stride = pool_param["stride"]
    out_h = (H - pool_height) // stride + 1
    out_w = (W - pool_width) // stride + 1

    # every channel of every image as an image of its own: one row of columns per window entry
    x_split = _floating(x).reshape(N * C, 1, H, W)
    x_cols = im2col_cython(x_split, pool_height, pool_width, 0, stride)  # (ph * pw, ...)
    x_cols_argmax = np.argmax(x_cols, axis=0)
    x_cols_max = x_cols[x_cols_argmax, np.arange(x_cols.shape[1])]
    out = x_cols_max.reshape(out_h, out_w, N, C).transpose(2, 3, 0, 1)

    cache = (x, x_cols, x_cols_argmax, pool_param)
    return np.ascontiguousarray(out), cache


def max_pool_backward_im2col(dout, cache):
    """The backward pass of max_pool_forward_im2col: each window's gradient goes to its
    (first) max, summed where windows overlap. Returns dx, of the input's shape."""
    x, x_cols, x_cols_argmax, pool_param = cache
    N, C, H, W = x.shape
    pool_height, pool_width = pool_param["pool_height"], pool_param["pool_width"]
    stride = pool_param["stride"]

    dout_reshaped = dout.transpose(2, 3, 0, 1).ravel()  # (out_h * out_w * N * C,)
    dx_cols = np.zeros_like(x_cols)
    dx_cols[x_cols_argmax, np.arange(dx_cols.shape[1])] = dout_reshaped
    dx = col2im_cython(dx_cols, N * C, 1, H, W, pool_height, pool_width, 0, stride)
    return dx.reshape(x.shape)


def _floating(a):
    """`a` as a C-contiguous float32 or float64 array, the types the compiled loops take."""
    a = np.ascontiguousarray(a)
    return a if a.dtype in (np.float32, np.float64) else a.astype(np.float64)
