"""im2col and col2im in pure numpy, with index arrays.

A convolution becomes one matrix product once every receptive field of the padded input is
laid out as a column. The columns have C * field_height * field_width rows, ordered
(channel, row offset, column offset), and out_h * out_w * N columns, ordered (output row,
output column, image): the same layout as im2col_cython in im2col_cython.pyx.
"""

import numpy as np


def get_im2col_indices(x_shape, field_height, field_width, padding=1, stride=1):
    """Index arrays that gather the columns out of a padded input.

    Inputs:
    - x_shape: the input's shape (N, C, H, W)
    - field_height, field_width: size of a receptive field
    - padding: zeros added on every side of H and W
    - stride: step between receptive fields

    Returns a tuple of (k, i, j), integer arrays that broadcast to shape
    (C * field_height * field_width, out_h * out_w): x_padded[:, k, i, j] has shape
    (N, C * field_height * field_width, out_h * out_w).
    """
    N, C, H, W = x_shape
    out_h = (H + 2 * padding - field_height) // stride + 1
    out_w = (W + 2 * padding - field_width) // stride + 1

    # row offsets inside a field, repeated per channel; then shifted by each output row
    i0 = np.tile(np.repeat(np.arange(field_height), field_width), C)
    i1 = stride * np.repeat(np.arange(out_h), out_w)
    # column offsets inside a field, likewise
    j0 = np.tile(np.arange(field_width), field_height * C)
    j1 = stride * np.tile(np.arange(out_w), out_h)
    i = i0.reshape(-1, 1) + i1.reshape(1, -1)  # (C * fh * fw, out_h * out_w)
    j = j0.reshape(-1, 1) + j1.reshape(1, -1)
    k = np.repeat(np.arange(C), field_height * field_width).reshape(-1, 1)
    return k, i, j


def im2col_indices(x, field_height, field_width, padding=1, stride=1):
    """Every receptive field of x as a column.

    Inputs:
    - x: Input data, of shape (N, C, H, W)
    - field_height, field_width, padding, stride: as in get_im2col_indices

    Returns cols, of shape (C * field_height * field_width, out_h * out_w * N).
    """
    p = padding
    x_padded = np.pad(x, ((0, 0), (0, 0), (p, p), (p, p)), mode="constant")
    k, i, j = get_im2col_indices(x.shape, field_height, field_width, padding, stride)
    cols = x_padded[:, k, i, j]  # (N, C * fh * fw, out_h * out_w)
    C = x.shape[1]
    # (C * fh * fw, out_h * out_w, N), then flattened to the columns' order
    return cols.transpose(1, 2, 0).reshape(field_height * field_width * C, -1)


def col2im_indices(cols, x_shape, field_height=3, field_width=3, padding=1, stride=1):
    """The adjoint of im2col_indices: sum each column entry back where it was read.

    Inputs:
    - cols: Columns, of shape (C * field_height * field_width, out_h * out_w * N)
    - x_shape: the input's shape (N, C, H, W)
    - field_height, field_width, padding, stride: as in get_im2col_indices

    Returns x, of shape (N, C, H, W): entries read more than once get the sum of their
    columns; those that fell in the padding are dropped.
    """
    N, C, H, W = x_shape
    H_padded, W_padded = H + 2 * padding, W + 2 * padding
    x_padded = np.zeros((N, C, H_padded, W_padded), dtype=cols.dtype)
    k, i, j = get_im2col_indices(x_shape, field_height, field_width, padding, stride)
    cols_reshaped = cols.reshape(C * field_height * field_width, -1, N)
    cols_reshaped = cols_reshaped.transpose(2, 0, 1)  # (N, C * fh * fw, out_h * out_w)
    # np.add.at accumulates repeated indices, where fancy-index assignment would keep one
    np.add.at(x_padded, (slice(None), k, i, j), cols_reshaped)
    if padding == 0:
        return x_padded
    return x_padded[:, :, padding:-padding, padding:-padding]


# The numpy stand-ins for im2col_cython.pyx, with the same signatures and the same numbers:
# fast_layers.py uses them when the extension is not built (slower, never wrong).


def im2col_numpy(x, field_height, field_width, padding, stride):
    """im2col_cython in numpy: cols of shape (C * fh * fw, out_h * out_w * N)."""
    return im2col_indices(x, field_height, field_width, padding, stride)


def col2im_numpy(cols, N, C, H, W, field_height, field_width, padding, stride):
    """col2im_cython in numpy: x of shape (N, C, H, W)."""
    return col2im_indices(cols, (N, C, H, W), field_height, field_width, padding, stride)


def col2im_6d_numpy(cols, N, C, H, W, HH, WW, pad, stride):
    """col2im_6d_cython in numpy: cols (C, HH, WW, N, out_h, out_w) summed back onto
    x of shape (N, C, H, W)."""
    out_h, out_w = cols.shape[4], cols.shape[5]
    x_padded = np.zeros((N, C, H + 2 * pad, W + 2 * pad), dtype=cols.dtype)
    # one strided add per offset inside the filter, all images and channels at once
    for i in range(HH):
        for j in range(WW):
            rows = slice(i, i + stride * (out_h - 1) + 1, stride)
            columns = slice(j, j + stride * (out_w - 1) + 1, stride)
            x_padded[:, :, rows, columns] += cols[:, i, j].transpose(1, 0, 2, 3)
    return np.ascontiguousarray(x_padded[:, :, pad : pad + H, pad : pad + W])


def max_pool_forward_tiles_numpy(x, pool_height, pool_width):
    """max_pool_forward_tiles in numpy: (out, winners), winners of shape
    (N, C, out_h, out_w, pool_height * pool_width), 1 at every entry equal to its window's max."""
    N, C, H, W = x.shape
    out_h, out_w = H // pool_height, W // pool_width
    tiles = x.reshape(N, C, out_h, pool_height, out_w, pool_width)
    out = tiles.max(axis=(3, 5))
    winners = tiles == out[:, :, :, None, :, None]  # (N, C, out_h, ph, out_w, pw)
    winners = winners.transpose(0, 1, 2, 4, 3, 5).reshape(N, C, out_h, out_w, -1)
    return out, winners.astype(np.uint8)


def max_pool_backward_tiles_numpy(dout, winners, pool_height, pool_width):
    """max_pool_backward_tiles in numpy: each window's gradient shared by its tied maxima."""
    N, C, out_h, out_w = dout.shape
    share = dout / winners.sum(axis=4)
    dx = winners * share[..., None]  # (N, C, out_h, out_w, ph * pw)
    dx = dx.reshape(N, C, out_h, out_w, pool_height, pool_width).transpose(0, 1, 2, 4, 3, 5)
    return dx.reshape(N, C, out_h * pool_height, out_w * pool_width).astype(dout.dtype)
