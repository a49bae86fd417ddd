"""Assignment 2's fast layers (cs231n/fast_layers.py, im2col.py, im2col_cython.pyx) agree with
the naive layers of the reference, compiled or not, and without the extension print the
notebook's message and fall back to numpy with the same numbers."""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
import io
import shutil
import sys

import numpy as np
import pytest

from grader.config import load_assignment
from grader.extensions import build_extensions, install_extensions
from grader.release import render_release

MESSAGE = (
    "=========== You can safely ignore the message below if you are NOT working on "
    "ConvolutionalNetworks.ipynb ===========\n"
    "\tYou will need to compile a Cython extension for a portion of this assignment.\n"
    "\tThe instructions to do this will be given in a section of the notebook below.\n"
)

# (x shape, w shape, stride, pad): the notebook's tests, odd sizes, strides 2 and 3, 1x1 output
CONV_CASES = [
    ((2, 3, 4, 4), (3, 3, 4, 4), 2, 1),
    ((4, 3, 5, 5), (2, 3, 3, 3), 1, 1),
    ((3, 2, 7, 9), (5, 2, 3, 3), 2, 1),
    ((2, 3, 10, 10), (4, 3, 5, 5), 3, 2),
    ((2, 1, 6, 8), (3, 1, 2, 4), 2, 0),
    ((1, 1, 5, 5), (1, 1, 5, 5), 1, 0),
]
# (x shape, pool_height, pool_width, stride, the method max_pool_forward_fast should pick)
POOL_CASES = [
    ((3, 2, 8, 8), 2, 2, 2, "reshape"),
    ((2, 3, 9, 6), 3, 3, 3, "reshape"),
    ((2, 3, 7, 7), 3, 3, 2, "im2col"),  # overlapping windows
    ((2, 2, 5, 7), 2, 2, 1, "im2col"),
    ((2, 3, 6, 5), 2, 1, 1, "im2col"),  # not square
    ((2, 3, 6, 6), 2, 2, 1, "im2col"),  # same window size, stride 1
    ((1, 2, 4, 6), 2, 2, 2, "reshape"),  # odd channel count, rectangular input
]


def rel_error(x, y):
    return np.max(np.abs(x - y) / (np.maximum(1e-8, np.abs(x) + np.abs(y))))


def load_copy(folder, name: str):
    """Import the cs231n package in `folder` under `name`; returns (package, printed)."""
    printed = io.StringIO()
    init = folder / "__init__.py"
    search = [str(folder)]
    spec = importlib.util.spec_from_file_location(name, init, submodule_search_locations=search)
    package = importlib.util.module_from_spec(spec)
    sys.modules[name] = package
    with contextlib.redirect_stdout(printed):
        spec.loader.exec_module(package)
        for module in ("fast_layers", "layers", "im2col"):
            importlib.import_module(f"{name}.{module}")
    return package, printed.getvalue()


@pytest.fixture(scope="module")
def assignment2(project):
    return load_assignment(project, "assignment2")


@pytest.fixture(scope="module")
def copies(project, assignment2, tmp_path_factory):
    """Two copies of the reference package: with the grader's build of the extension, and
    without any; {"compiled" | "fallback": (package, what its import printed)}."""
    built = build_extensions(project, assignment2, render_release(project, assignment2))
    assert built[0].path is not None, built[0].problem
    scratch = tmp_path_factory.mktemp("fast_layers")
    packages = {}
    for kind in ("compiled", "fallback"):
        skipped = shutil.ignore_patterns("*.so", "build", "datasets", "*.c")
        shutil.copytree(assignment2.reference / "cs231n", scratch / kind / "cs231n", ignore=skipped)
        if kind == "compiled":
            assert install_extensions(built, scratch / kind) == []
        packages[kind] = load_copy(scratch / kind / "cs231n", f"_fast_layers_{kind}")
    yield packages
    for name in list(sys.modules):
        if name.startswith("_fast_layers_"):
            del sys.modules[name]


@pytest.fixture(params=["compiled", "fallback"])
def cs231n(request, copies):
    return copies[request.param][0]


def test_the_compiled_copy_uses_the_extension_and_prints_nothing(copies):
    package, printed = copies["compiled"]
    assert package.fast_layers.COMPILED
    assert printed == ""
    assert package.fast_layers.col2im_6d_cython.__module__ != package.im2col.__name__


def test_without_the_extension_the_notebook_message_is_printed_and_numpy_takes_over(copies):
    package, printed = copies["fallback"]
    assert printed == MESSAGE
    assert not package.fast_layers.COMPILED
    # the names the published notebook imports all exist (no NameError in conv_backward_fast)
    for name in ("im2col_cython", "col2im_cython", "col2im_6d_cython"):
        assert getattr(package.fast_layers, name).__module__ == package.im2col.__name__


@pytest.mark.parametrize("x_shape, w_shape, stride, pad", CONV_CASES)
def test_fast_convolutions_agree_with_the_naive_one(cs231n, x_shape, w_shape, stride, pad):
    rng = np.random.default_rng(231)
    x, w = rng.standard_normal(x_shape), rng.standard_normal(w_shape)
    b = rng.standard_normal(w_shape[0])
    conv_param = {"stride": stride, "pad": pad}
    out, cache = cs231n.layers.conv_forward_naive(x, w, b, conv_param)
    dout = rng.standard_normal(out.shape)
    dx, dw, db = cs231n.layers.conv_backward_naive(dout, cache)
    fast = cs231n.fast_layers
    for forward, backward in ((fast.conv_forward_fast, fast.conv_backward_fast),
                              (fast.conv_forward_strides, fast.conv_backward_strides),
                              (fast.conv_forward_im2col, fast.conv_backward_im2col)):  # fmt: skip
        out_fast, cache_fast = forward(x, w, b, conv_param)
        assert out_fast.shape == out.shape
        assert rel_error(out_fast, out) < 1e-9, forward.__name__
        for name, got, expected in zip(("dx", "dw", "db"), backward(dout, cache_fast),
                                       (dx, dw, db), strict=True):  # fmt: skip
            assert got.shape == expected.shape, (backward.__name__, name)
            assert rel_error(got, expected) < 1e-9, (backward.__name__, name)


def test_the_notebook_comparison_of_fast_and_naive_convolutions(cs231n):
    """ConvolutionalNetworks.ipynb cell [22]: errors around 1e-9 or less."""
    np.random.seed(231)
    x = np.random.randn(100, 3, 31, 31)
    w, b = np.random.randn(25, 3, 3, 3), np.random.randn(25)
    dout = np.random.randn(100, 25, 16, 16)
    conv_param = {"stride": 2, "pad": 1}
    out_naive, cache_naive = cs231n.layers.conv_forward_naive(x, w, b, conv_param)
    out_fast, cache_fast = cs231n.fast_layers.conv_forward_fast(x, w, b, conv_param)
    assert rel_error(out_naive, out_fast) < 1e-9
    naive = cs231n.layers.conv_backward_naive(dout, cache_naive)
    fast = cs231n.fast_layers.conv_backward_fast(dout, cache_fast)
    assert max(rel_error(a, b) for a, b in zip(naive, fast, strict=True)) < 1e-9


def test_the_fast_convolution_backward_matches_a_numeric_gradient(cs231n):
    rng = np.random.default_rng(7)
    x, w, b = rng.standard_normal((2, 2, 5, 5)), rng.standard_normal((3, 2, 3, 3)), rng.random(3)
    conv_param = {"stride": 2, "pad": 1}
    out, cache = cs231n.fast_layers.conv_forward_fast(x, w, b, conv_param)
    dout = rng.standard_normal(out.shape)
    dx, dw, db = cs231n.fast_layers.conv_backward_fast(dout, cache)
    for array, analytic in ((x, dx), (w, dw), (b, db)):
        numeric = np.zeros_like(array)
        for index in np.ndindex(array.shape):
            saved = array[index]
            array[index] = saved + 1e-5
            plus = np.sum(cs231n.fast_layers.conv_forward_fast(x, w, b, conv_param)[0] * dout)
            array[index] = saved - 1e-5
            minus = np.sum(cs231n.fast_layers.conv_forward_fast(x, w, b, conv_param)[0] * dout)
            array[index] = saved
            numeric[index] = (plus - minus) / 2e-5
        assert rel_error(analytic, numeric) < 1e-7


@pytest.mark.parametrize("x_shape, pool_height, pool_width, stride, method", POOL_CASES)
def test_fast_pooling_agrees_with_the_naive_one(
    cs231n, x_shape, pool_height, pool_width, stride, method
):
    rng = np.random.default_rng(231)
    x = rng.standard_normal(x_shape)
    pool_param = {"pool_height": pool_height, "pool_width": pool_width, "stride": stride}
    out, cache = cs231n.layers.max_pool_forward_naive(x, pool_param)
    dout = rng.standard_normal(out.shape)
    dx = cs231n.layers.max_pool_backward_naive(dout, cache)
    out_fast, cache_fast = cs231n.fast_layers.max_pool_forward_fast(x, pool_param)
    assert cache_fast[0] == method
    assert out_fast.shape == out.shape and rel_error(out_fast, out) < 1e-9
    dx_fast = cs231n.fast_layers.max_pool_backward_fast(dout, cache_fast)
    assert dx_fast.shape == x.shape and rel_error(dx_fast, dx) < 1e-9
    # im2col handles every case, tiling or not
    out_im2col, cache_im2col = cs231n.fast_layers.max_pool_forward_im2col(x, pool_param)
    assert rel_error(out_im2col, out) < 1e-9
    assert rel_error(cs231n.fast_layers.max_pool_backward_im2col(dout, cache_im2col), dx) < 1e-9


def test_the_notebook_comparison_of_fast_and_naive_pooling(cs231n):
    """ConvolutionalNetworks.ipynb cell [23]: relative errors close to 0.0."""
    np.random.seed(231)
    x, dout = np.random.randn(100, 3, 32, 32), np.random.randn(100, 3, 16, 16)
    pool_param = {"pool_height": 2, "pool_width": 2, "stride": 2}
    out_naive, cache_naive = cs231n.layers.max_pool_forward_naive(x, pool_param)
    out_fast, cache_fast = cs231n.fast_layers.max_pool_forward_fast(x, pool_param)
    assert rel_error(out_naive, out_fast) == 0.0
    dx_naive = cs231n.layers.max_pool_backward_naive(dout, cache_naive)
    assert rel_error(dx_naive, cs231n.fast_layers.max_pool_backward_fast(dout, cache_fast)) == 0.0


def test_tiling_pool_shares_a_tied_max_equally(cs231n):
    # window (0, 0) has a four-way tie, window (0, 1) a two-way one, the others one max
    x = np.array([[[[1.0, 1.0, 5.0, 2.0],
                    [1.0, 1.0, 5.0, 0.0],
                    [0.0, 3.0, 7.0, 6.0],
                    [2.0, 1.0, 6.0, 6.5]]]])  # fmt: skip
    pool_param = {"pool_height": 2, "pool_width": 2, "stride": 2}
    out, cache = cs231n.fast_layers.max_pool_forward_fast(x, pool_param)
    assert cache[0] == "reshape"
    assert out.tolist() == [[[[1.0, 5.0], [3.0, 7.0]]]]
    dout = np.array([[[[8.0, 2.0], [3.0, 4.0]]]])
    dx = cs231n.fast_layers.max_pool_backward_fast(dout, cache)
    expected = [[[[2.0, 2.0, 1.0, 0.0],
                  [2.0, 2.0, 1.0, 0.0],
                  [0.0, 3.0, 4.0, 0.0],
                  [0.0, 0.0, 0.0, 0.0]]]]  # fmt: skip
    assert dx.tolist() == expected


def test_tiling_pool_shares_ties_in_larger_windows_too(cs231n):
    x = np.zeros((1, 1, 3, 3))
    x[0, 0, 0, 1] = x[0, 0, 2, 2] = 1.0  # two maxima in the one 3x3 window
    pool_param = {"pool_height": 3, "pool_width": 3, "stride": 3}
    out, cache = cs231n.fast_layers.max_pool_forward_fast(x, pool_param)
    dx = cs231n.fast_layers.max_pool_backward_fast(np.array([[[[6.0]]]]), cache)
    assert out.item() == 1.0
    assert dx[0, 0].tolist() == [[0.0, 3.0, 0.0], [0.0, 0.0, 0.0], [0.0, 0.0, 3.0]]


def test_max_pool_forward_reshape_refuses_windows_that_do_not_tile(cs231n):
    with pytest.raises(ValueError, match="tile"):
        cs231n.fast_layers.max_pool_forward_reshape(
            np.zeros((1, 1, 5, 5)), {"pool_height": 2, "pool_width": 2, "stride": 2}
        )


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_fast_layers_keep_the_input_precision(cs231n, dtype):
    rng = np.random.default_rng(1)
    x = rng.standard_normal((2, 3, 8, 8)).astype(dtype)
    w = rng.standard_normal((4, 3, 3, 3)).astype(dtype)
    b = rng.standard_normal(4).astype(dtype)
    conv_param = {"stride": 1, "pad": 1}
    pool_param = {"pool_height": 2, "pool_width": 2, "stride": 2}
    out, conv_cache = cs231n.fast_layers.conv_forward_fast(x, w, b, conv_param)
    pooled, pool_cache = cs231n.fast_layers.max_pool_forward_fast(out, pool_param)
    dout = np.ones_like(pooled)
    dpool = cs231n.fast_layers.max_pool_backward_fast(dout, pool_cache)
    dx, dw, db = cs231n.fast_layers.conv_backward_fast(dpool, conv_cache)
    assert {a.dtype for a in (out, pooled, dpool, dx, dw, db)} == {np.dtype(dtype)}
    naive, _ = cs231n.layers.conv_forward_naive(x.astype(float), w.astype(float),
                                                b.astype(float), conv_param)  # fmt: skip
    tolerance = 1e-5 if dtype == np.float32 else 1e-12
    assert np.allclose(out, naive, rtol=tolerance, atol=tolerance)


def test_the_numpy_stand_ins_give_the_compiled_functions_numbers(copies):
    compiled, fallback = copies["compiled"][0].fast_layers, copies["fallback"][0].fast_layers
    rng = np.random.default_rng(5)
    x = rng.standard_normal((3, 2, 7, 6))
    for field, padding, stride in ((3, 1, 2), (2, 0, 1), (3, 2, 3)):
        cols = compiled.im2col_cython(x, field, field, padding, stride)
        assert np.array_equal(cols, fallback.im2col_cython(x, field, field, padding, stride))
        back = rng.standard_normal(cols.shape)
        args = (3, 2, 7, 6, field, field, padding, stride)
        assert np.allclose(compiled.col2im_cython(back, *args),
                           fallback.col2im_cython(back, *args), rtol=1e-12, atol=1e-12)  # fmt: skip
    cols = rng.standard_normal((2, 3, 3, 3, 4, 3))  # (C, HH, WW, N, out_h, out_w)
    args = (3, 2, 7, 6, 3, 3, 1, 2)
    assert np.allclose(compiled.col2im_6d_cython(cols, *args),
                       fallback.col2im_6d_cython(cols, *args), rtol=1e-12, atol=1e-12)  # fmt: skip
    x = np.round(rng.standard_normal((2, 3, 6, 9)))  # rounded: many ties
    for size in (3, 1):
        out, winners = compiled.max_pool_forward_tiles(x, size, size)
        out_numpy, winners_numpy = fallback.max_pool_forward_tiles(x, size, size)
        assert np.array_equal(out, out_numpy) and np.array_equal(winners, winners_numpy)
        dout = rng.standard_normal(out.shape)
        assert np.allclose(compiled.max_pool_backward_tiles(dout, winners, size, size),
                           fallback.max_pool_backward_tiles(dout, winners, size, size),
                           rtol=1e-12, atol=0)  # fmt: skip
    x = np.round(rng.standard_normal((2, 3, 6, 8)))
    out, winners = compiled.max_pool_forward_tiles(x, 2, 2)
    out_numpy, winners_numpy = fallback.max_pool_forward_tiles(x, 2, 2)
    assert np.array_equal(out, out_numpy) and np.array_equal(winners, winners_numpy)
    dout = rng.standard_normal(out.shape)
    dx = compiled.max_pool_backward_tiles(dout, winners, 2, 2)
    assert np.allclose(
        dx, fallback.max_pool_backward_tiles(dout, winners, 2, 2), rtol=1e-12, atol=0
    )
