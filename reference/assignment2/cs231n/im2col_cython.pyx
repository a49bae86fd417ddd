# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""Compiled helpers for cs231n/fast_layers.py: im2col/col2im for convolutions and the
window kernels of tiling max pools.

Build it from inside cs231n/ with

    python setup.py build_ext --inplace

Every loop runs in C on typed memoryviews; padding is handled by bounds tests, so no padded
copy of the input is ever made. All functions accept float32 or float64 arrays (both arrays
of one call share a type) and return arrays of that type.
"""

import numpy as np

cimport cython
from cython cimport floating


def im2col_cython(floating[:, :, :, ::1] x, int field_height, int field_width,
                  int padding, int stride):
    """Columns of every receptive field of x (N, C, H, W).

    Returns cols of shape (C * field_height * field_width, out_h * out_w * N): row
    (c, i, j) holds the input value at offset (i, j) of channel c, and column
    (oh, ow, n) is one output position of image n (the layout of im2col.im2col_indices).
    """
    cdef Py_ssize_t N = x.shape[0], C = x.shape[1], H = x.shape[2], W = x.shape[3]
    cdef Py_ssize_t out_h = (H + 2 * padding - field_height) // stride + 1
    cdef Py_ssize_t out_w = (W + 2 * padding - field_width) // stride + 1
    dtype = np.float32 if floating is float else np.float64
    cols_array = np.empty((C * field_height * field_width, out_h * out_w * N), dtype=dtype)
    cdef floating[:, ::1] cols = cols_array
    cdef Py_ssize_t c, i, j, oh, ow, n, row, col, h, w
    with nogil:
        for c in range(C):
            for i in range(field_height):
                for j in range(field_width):
                    row = (c * field_height + i) * field_width + j
                    col = 0
                    for oh in range(out_h):
                        h = oh * stride + i - padding
                        for ow in range(out_w):
                            w = ow * stride + j - padding
                            if 0 <= h < H and 0 <= w < W:
                                for n in range(N):
                                    cols[row, col + n] = x[n, c, h, w]
                            else:
                                for n in range(N):
                                    cols[row, col + n] = 0
                            col += N
    return cols_array


def col2im_cython(floating[:, ::1] cols, int N, int C, int H, int W,
                  int field_height, int field_width, int padding, int stride):
    """The adjoint of im2col_cython: sum every column entry back onto the input position it
    was read from. Returns x of shape (N, C, H, W); entries that fell in the padding are
    dropped."""
    cdef Py_ssize_t out_h = (H + 2 * padding - field_height) // stride + 1
    cdef Py_ssize_t out_w = (W + 2 * padding - field_width) // stride + 1
    dtype = np.float32 if floating is float else np.float64
    x_array = np.zeros((N, C, H, W), dtype=dtype)
    cdef floating[:, :, :, ::1] x = x_array
    cdef Py_ssize_t c, i, j, oh, ow, n, row, col, h, w
    with nogil:
        for c in range(C):
            for i in range(field_height):
                for j in range(field_width):
                    row = (c * field_height + i) * field_width + j
                    col = 0
                    for oh in range(out_h):
                        h = oh * stride + i - padding
                        for ow in range(out_w):
                            w = ow * stride + j - padding
                            if 0 <= h < H and 0 <= w < W:
                                for n in range(N):
                                    x[n, c, h, w] += cols[row, col + n]
                            col += N
    return x_array


def col2im_6d_cython(floating[:, :, :, :, :, ::1] cols, int N, int C, int H, int W,
                     int HH, int WW, int pad, int stride):
    """The adjoint of the strided columns of conv_forward_strides.

    cols has shape (C, HH, WW, N, out_h, out_w); entry (c, i, j, n, oh, ow) came from
    x[n, c, oh * stride + i - pad, ow * stride + j - pad]. Returns dx of shape (N, C, H, W).
    """
    cdef Py_ssize_t out_h = cols.shape[4], out_w = cols.shape[5]
    dtype = np.float32 if floating is float else np.float64
    x_array = np.zeros((N, C, H, W), dtype=dtype)
    cdef floating[:, :, :, ::1] x = x_array
    cdef Py_ssize_t c, i, j, n, oh, ow, h, w, ow_lo, ow_hi
    with nogil:
        for c in range(C):
            for i in range(HH):
                for j in range(WW):
                    # the output columns whose input column lies inside the image
                    ow_lo = _first_inside(j - pad, stride)
                    ow_hi = _last_inside(j - pad, stride, W, out_w)
                    for n in range(N):
                        for oh in range(out_h):
                            h = oh * stride + i - pad
                            if h < 0 or h >= H:
                                continue
                            for ow in range(ow_lo, ow_hi):
                                w = ow * stride + j - pad
                                x[n, c, h, w] += cols[c, i, j, n, oh, ow]
    return x_array


def max_pool_forward_tiles(floating[:, :, :, ::1] x, int pool_height, int pool_width):
    """Max pool over windows that tile x (N, C, H, W) exactly (stride = window size).

    Returns out of shape (N, C, H // pool_height, W // pool_width) and winners, a uint8
    array of the same shape and a trailing axis of pool_height * pool_width: 1 where that
    window entry equals the window's max (every tied entry), else 0.
    """
    cdef Py_ssize_t N = x.shape[0], C = x.shape[1], W = x.shape[3]
    cdef Py_ssize_t out_h = x.shape[2] // pool_height, out_w = W // pool_width
    cdef Py_ssize_t K = pool_height * pool_width
    if x.shape[2] % pool_height or W % pool_width:
        raise ValueError(f"{pool_height}x{pool_width} windows do not tile "
                         f"{x.shape[2]}x{W} inputs")
    dtype = np.float32 if floating is float else np.float64
    out_array = np.empty((N, C, out_h, out_w), dtype=dtype)
    winners_array = np.empty((N, C, out_h, out_w, K), dtype=np.uint8)
    if out_array.size == 0:
        return out_array, winners_array
    cdef floating[:, :, :, ::1] out = out_array
    cdef unsigned char[:, :, :, :, ::1] winners = winners_array
    # walk the contiguous arrays with pointers, one row of windows at a time
    cdef const floating* rows = &x[0, 0, 0, 0]
    cdef floating* top = &out[0, 0, 0, 0]
    cdef unsigned char* marks = &winners[0, 0, 0, 0, 0]
    cdef const floating* window
    cdef Py_ssize_t r, ow, i, j
    cdef floating best, value
    with nogil:
        if pool_height == 2 and pool_width == 2:  # the usual pool, unrolled
            for r in range(N * C * out_h):
                for ow in range(out_w):
                    window = rows + 2 * ow
                    best = window[0] if window[0] > window[1] else window[1]
                    value = window[W] if window[W] > window[W + 1] else window[W + 1]
                    best = best if best > value else value
                    top[ow] = best
                    marks[0] = window[0] == best
                    marks[1] = window[1] == best
                    marks[2] = window[W] == best
                    marks[3] = window[W + 1] == best
                    marks += 4
                rows += 2 * W
                top += out_w
        else:  # any window size
            for r in range(N * C * out_h):
                for ow in range(out_w):
                    window = rows + ow * pool_width
                    best = window[0]
                    for i in range(pool_height):
                        for j in range(pool_width):
                            value = window[i * W + j]
                            # a select, not a branch: random data mispredicts branches
                            best = value if value > best else best
                    top[ow] = best
                    for i in range(pool_height):
                        for j in range(pool_width):
                            marks[i * pool_width + j] = window[i * W + j] == best
                    marks += K
                rows += pool_height * W
                top += out_w
    return out_array, winners_array


def max_pool_backward_tiles(floating[:, :, :, ::1] dout,
                            unsigned char[:, :, :, :, ::1] winners,
                            int pool_height, int pool_width):
    """The gradient of max_pool_forward_tiles: each window's upstream gradient is shared
    equally by its tied maxima; every other entry gets 0 (a window holding NaN gets 0).
    Returns dx of shape (N, C, out_h * pool_height, out_w * pool_width)."""
    cdef Py_ssize_t N = dout.shape[0], C = dout.shape[1]
    cdef Py_ssize_t out_h = dout.shape[2], out_w = dout.shape[3]
    cdef Py_ssize_t K = pool_height * pool_width, W = out_w * pool_width
    dtype = np.float32 if floating is float else np.float64
    # every entry is written below, so no zeroing pass is needed
    dx_array = np.empty((N, C, out_h * pool_height, W), dtype=dtype)
    if dx_array.size == 0:
        return dx_array
    cdef floating[:, :, :, ::1] dx = dx_array
    # 1 / tie count, looked up rather than divided for every window
    inverse_array = np.zeros(K + 1, dtype=dtype)
    inverse_array[1:] = 1.0 / np.arange(1, K + 1)
    cdef floating[::1] inverse = inverse_array
    cdef const floating* upstream = &dout[0, 0, 0, 0]
    cdef const unsigned char* marks = &winners[0, 0, 0, 0, 0]
    cdef floating* rows = &dx[0, 0, 0, 0]
    cdef floating* window
    cdef Py_ssize_t r, ow, i, j, k, ties
    cdef floating share
    # 2x2 windows: each of the 16 patterns of marks -> the share of each entry
    factors_array = np.zeros((16, 4), dtype=dtype)
    for pattern in range(1, 16):
        bits = [(pattern >> k) & 1 for k in range(4)]
        factors_array[pattern] = np.array(bits) / sum(bits)
    cdef floating[:, ::1] factors = factors_array
    cdef Py_ssize_t pattern_index
    with nogil:
        if pool_height == 2 and pool_width == 2:  # the usual pool, unrolled and table-driven
            for r in range(N * C * out_h):
                for ow in range(out_w):
                    # the four 0/1 marks as a 4-bit pattern
                    pattern_index = marks[0] | (marks[1] << 1) | (marks[2] << 2) | (marks[3] << 3)
                    share = upstream[ow]
                    window = rows + 2 * ow
                    window[0] = factors[pattern_index, 0] * share
                    window[1] = factors[pattern_index, 1] * share
                    window[W] = factors[pattern_index, 2] * share
                    window[W + 1] = factors[pattern_index, 3] * share
                    marks += 4
                upstream += out_w
                rows += 2 * W
        else:  # any window size
            for r in range(N * C * out_h):
                for ow in range(out_w):
                    ties = 0
                    for k in range(K):
                        ties += marks[k]
                    share = upstream[ow] * inverse[ties]
                    window = rows + ow * pool_width
                    # multiply by the 0/1 mark instead of branching on it: which entry wins is
                    # random, and mispredicted branches would dominate the time
                    for i in range(pool_height):
                        for j in range(pool_width):
                            window[i * W + j] = marks[i * pool_width + j] * share
                    marks += K
                upstream += out_w
                rows += pool_height * W
    return dx_array


cdef inline Py_ssize_t _first_inside(Py_ssize_t offset, Py_ssize_t stride) noexcept nogil:
    """The smallest ow >= 0 with ow * stride + offset >= 0."""
    if offset >= 0:
        return 0
    return (-offset + stride - 1) // stride


cdef inline Py_ssize_t _last_inside(Py_ssize_t offset, Py_ssize_t stride, Py_ssize_t W,
                                    Py_ssize_t out_w) noexcept nogil:
    """One past the largest ow < out_w with ow * stride + offset < W."""
    cdef Py_ssize_t limit = W - offset  # ow * stride < limit
    if limit <= 0:
        return 0
    cdef Py_ssize_t count = (limit + stride - 1) // stride
    return count if count < out_w else out_w
