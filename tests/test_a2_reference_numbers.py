"""The reference reproduces every deterministic number that assignment2's spec publishes.

Inputs are built exactly as the notebooks build them (seed 231, legacy np.random stream,
np.linspace). Printed statistics are compared to half a unit of their last printed digit,
published rel_error values to 1e-6 of themselves, and gradient checks against the notebooks'
own bands (the upper end of "between 1e-13 and 1e-8", "around e-8 or less", ...).
"""

from __future__ import annotations

import io
import math
from contextlib import redirect_stdout
from types import SimpleNamespace

import numpy as np
import pytest

from tests.conftest import ROOT, load_reference_module

# Numpy prints these statistics with 8 decimals: agreement to the printed digits.
PRINTED = 5e-9


def rel_error(x, y):
    return np.max(np.abs(x - y) / (np.maximum(1e-8, np.abs(x) + np.abs(y))))


@pytest.fixture(scope="module")
def reference():
    # Only the reference folder is needed; the assignment's full config (notebooks included)
    # is other tests' business.
    return SimpleNamespace(name="assignment2", reference=ROOT / "reference" / "assignment2")


@pytest.fixture(scope="module")
def layers(reference):
    return load_reference_module(reference, "cs231n/layers.py")


@pytest.fixture(scope="module")
def optim(reference):
    return load_reference_module(reference, "cs231n/optim.py")


@pytest.fixture(scope="module")
def layer_utils(reference):
    return load_reference_module(reference, "cs231n/layer_utils.py")


@pytest.fixture(scope="module")
def fc_net(reference):
    return load_reference_module(reference, "cs231n/classifiers/fc_net.py")


@pytest.fixture(scope="module")
def cnn(reference):
    return load_reference_module(reference, "cs231n/classifiers/cnn.py")


@pytest.fixture(scope="module")
def gc(reference):
    return load_reference_module(reference, "cs231n/gradient_check.py")


@pytest.fixture(scope="module")
def solver(reference):
    return load_reference_module(reference, "cs231n/solver.py")


def numeric_grads(gc, forward, inputs, dout):
    """Numeric gradient of sum(forward(*inputs) * dout) with respect to each input in turn."""
    grads = []
    for index in range(len(inputs)):

        def f(v, index=index):
            args = list(inputs)
            args[index] = v
            return forward(*args)

        grads.append(gc.eval_numerical_gradient_array(f, inputs[index].copy(), dout))
    return grads


# ---------------------------------------------------------------- batch normalization


def bn_train_inputs():
    np.random.seed(231)
    N, D1, D2, D3 = 200, 50, 60, 3
    X = np.random.randn(N, D1)
    W1 = np.random.randn(D1, D2)
    W2 = np.random.randn(D2, D3)
    return np.maximum(0, X.dot(W1)).dot(W2)


def test_batchnorm_train_forward_matches_the_published_statistics(layers):
    a = bn_train_inputs()
    np.testing.assert_allclose(a.mean(axis=0), [-2.3814598, -13.18038246, 1.91780462], atol=PRINTED)
    np.testing.assert_allclose(a.std(axis=0), [27.18502186, 34.21455511, 37.68611762], atol=PRINTED)

    out, _ = layers.batchnorm_forward(a, np.ones(3), np.zeros(3), {"mode": "train"})
    np.testing.assert_allclose(out.mean(axis=0), 0.0, atol=1e-15)  # published ~1e-17 noise
    np.testing.assert_allclose(out.std(axis=0), [0.99999999, 1.0, 1.0], atol=PRINTED)

    gamma, beta = np.asarray([1.0, 2.0, 3.0]), np.asarray([11.0, 12.0, 13.0])
    out, _ = layers.batchnorm_forward(a, gamma, beta, {"mode": "train"})
    np.testing.assert_allclose(out.mean(axis=0), [11.0, 12.0, 13.0], atol=PRINTED)
    np.testing.assert_allclose(out.std(axis=0), [0.99999999, 1.99999999, 2.99999999], atol=PRINTED)


def test_batchnorm_test_forward_matches_the_published_statistics(layers):
    np.random.seed(231)
    N, D1, D2, D3 = 200, 50, 60, 3
    W1 = np.random.randn(D1, D2)
    W2 = np.random.randn(D2, D3)
    bn_param = {"mode": "train"}
    gamma, beta = np.ones(D3), np.zeros(D3)
    expected_var = np.zeros(D3)
    for _ in range(50):
        X = np.random.randn(N, D1)
        a = np.maximum(0, X.dot(W1)).dot(W2)
        layers.batchnorm_forward(a, gamma, beta, bn_param)
        expected_var = 0.9 * expected_var + 0.1 * a.var(axis=0)
    # The running variance averages the batch variances; eps is never stored (spec §13).
    np.testing.assert_allclose(bn_param["running_var"], expected_var, rtol=1e-12)

    bn_param["mode"] = "test"
    X = np.random.randn(N, D1)
    a = np.maximum(0, X.dot(W1)).dot(W2)
    out, _ = layers.batchnorm_forward(a, gamma, beta, bn_param)
    np.testing.assert_allclose(
        out.mean(axis=0), [-0.03927354, -0.04349152, -0.10452688], atol=PRINTED
    )
    np.testing.assert_allclose(out.std(axis=0), [1.01531428, 1.01238373, 0.97819988], atol=PRINTED)


def test_batchnorm_rejects_an_unknown_mode(layers):
    with pytest.raises(ValueError, match='Invalid forward batchnorm mode "eval"'):
        layers.batchnorm_forward(np.ones((2, 3)), np.ones(3), np.zeros(3), {"mode": "eval"})


def norm_backward_inputs(shape, gamma_shape):
    np.random.seed(231)
    x = 5 * np.random.randn(*shape) + 12
    gamma = np.random.randn(*gamma_shape)
    beta = np.random.randn(*gamma_shape)
    dout = np.random.randn(*shape)
    return x, gamma, beta, dout


def test_batchnorm_backward_passes_the_gradient_check(layers, gc):
    x, gamma, beta, dout = norm_backward_inputs((4, 5), (5,))
    bn_param = {"mode": "train"}
    numeric = numeric_grads(
        gc, lambda x, g, b: layers.batchnorm_forward(x, g, b, bn_param)[0], [x, gamma, beta], dout
    )
    _, cache = layers.batchnorm_forward(x, gamma, beta, bn_param)
    for name, analytic, num in zip(
        ["dx", "dgamma", "dbeta"], layers.batchnorm_backward(dout, cache), numeric, strict=True
    ):
        assert rel_error(analytic, num) < 1e-8, name  # "between 1e-13 and 1e-8"


def test_batchnorm_backward_alt_agrees_with_the_staged_backward(layers):
    np.random.seed(231)
    N, D = 100, 500
    x = 5 * np.random.randn(N, D) + 12
    gamma = np.random.randn(D)
    beta = np.random.randn(D)
    dout = np.random.randn(N, D)
    _, cache = layers.batchnorm_forward(x, gamma, beta, {"mode": "train"})
    dx1, dgamma1, dbeta1 = layers.batchnorm_backward(dout, cache)
    dx2, dgamma2, dbeta2 = layers.batchnorm_backward_alt(dout, cache)
    assert rel_error(dx1, dx2) < 1e-10  # published 1.2e-12
    assert rel_error(dgamma1, dgamma2) == 0.0  # published 0.0
    assert rel_error(dbeta1, dbeta2) == 0.0


# ---------------------------------------------------------------- layer normalization


def test_layernorm_forward_matches_the_published_statistics(layers):
    np.random.seed(231)
    N, D1, D2, D3 = 4, 50, 60, 3
    X = np.random.randn(N, D1)
    W1 = np.random.randn(D1, D2)
    W2 = np.random.randn(D2, D3)
    a = np.maximum(0, X.dot(W1)).dot(W2)
    np.testing.assert_allclose(
        a.mean(axis=1), [-59.06673243, -47.60782686, -43.31137368, -26.40991744], atol=PRINTED
    )
    np.testing.assert_allclose(
        a.std(axis=1), [10.07429373, 28.39478981, 35.28360729, 4.01831507], atol=PRINTED
    )

    # The notebook hands ln_param a 'mode' key, which layer norm ignores.
    out, _ = layers.layernorm_forward(a, np.ones(D3), np.zeros(D3), {"mode": "train"})
    np.testing.assert_allclose(out.mean(axis=1), 0.0, atol=1e-14)  # published ~1e-16 noise
    np.testing.assert_allclose(
        out.std(axis=1), [0.99999995, 0.99999999, 1.0, 0.99999969], atol=PRINTED
    )

    gamma, beta = np.asarray([3.0, 3.0, 3.0]), np.asarray([5.0, 5.0, 5.0])
    out, _ = layers.layernorm_forward(a, gamma, beta, {"mode": "train"})
    np.testing.assert_allclose(out.mean(axis=1), [5.0, 5.0, 5.0, 5.0], atol=PRINTED)
    np.testing.assert_allclose(
        out.std(axis=1), [2.99999985, 2.99999998, 2.99999999, 2.99999907], atol=PRINTED
    )


def test_layernorm_backward_passes_the_gradient_check(layers, gc):
    x, gamma, beta, dout = norm_backward_inputs((4, 5), (5,))
    ln_param = {}
    numeric = numeric_grads(
        gc, lambda x, g, b: layers.layernorm_forward(x, g, b, ln_param)[0], [x, gamma, beta], dout
    )
    _, cache = layers.layernorm_forward(x, gamma, beta, ln_param)
    for name, analytic, num in zip(
        ["dx", "dgamma", "dbeta"], layers.layernorm_backward(dout, cache), numeric, strict=True
    ):
        assert rel_error(analytic, num) < 1e-8, name  # "between 1e-12 and 1e-8"


# ---------------------------------------------------------------- dropout


@pytest.mark.parametrize(
    ("p", "train_mean", "zero_fraction"),
    [(0.25, 10.014059116977283, 0.749784), (0.4, 9.977917658761159, 0.600796),
     (0.7, 9.987811912159426, 0.30074)],
)  # fmt: skip
def test_dropout_forward_matches_the_published_fractions(layers, p, train_mean, zero_fraction):
    np.random.seed(231)
    x = np.random.randn(500, 500) + 10
    # Each p's run follows the previous ones' in the notebook: replay them on the stream.
    for earlier in [0.25, 0.4, 0.7][: [0.25, 0.4, 0.7].index(p)]:
        layers.dropout_forward(x, {"mode": "train", "p": earlier})
    out, _ = layers.dropout_forward(x, {"mode": "train", "p": p})
    out_test, _ = layers.dropout_forward(x, {"mode": "test", "p": p})
    assert x.mean() == pytest.approx(10.000207878477502, rel=1e-12)
    # Means to summation noise in the last digit (spec §4.6); zero fractions exactly.
    assert out.mean() == pytest.approx(train_mean, rel=1e-12)
    assert (out == 0).mean() == zero_fraction
    assert out_test.mean() == pytest.approx(10.000207878477502, rel=1e-12)
    assert (out_test == 0).mean() == 0.0


def test_dropout_backward_passes_the_gradient_check(layers, gc):
    np.random.seed(231)
    x = np.random.randn(10, 10) + 10
    dout = np.random.randn(*x.shape)
    dropout_param = {"mode": "train", "p": 0.2, "seed": 123}
    _, cache = layers.dropout_forward(x, dropout_param)
    dx = layers.dropout_backward(dout, cache)
    dx_num = gc.eval_numerical_gradient_array(
        lambda xx: layers.dropout_forward(xx, dropout_param)[0], x, dout
    )
    assert rel_error(dx, dx_num) < 1e-9  # "around e-10 or less"; published 5.4e-11
    mask = cache[1]
    assert set(np.unique(mask)) <= {0.0, 1 / 0.2}  # inverted: kept units scaled by 1 / p


# ---------------------------------------------------------------- convolution and pooling


def test_conv_forward_naive_matches_the_published_output(layers):
    x_shape, w_shape = (2, 3, 4, 4), (3, 3, 4, 4)
    x = np.linspace(-0.1, 0.5, num=np.prod(x_shape)).reshape(x_shape)
    w = np.linspace(-0.2, 0.3, num=np.prod(w_shape)).reshape(w_shape)
    b = np.linspace(-0.1, 0.2, num=3)
    x_before = x.copy()
    out, cache = layers.conv_forward_naive(x, w, b, {"stride": 2, "pad": 1})
    correct_out = np.array(
        [[[[-0.08759809, -0.10987781], [-0.18387192, -0.2109216]],
          [[0.21027089, 0.21661097], [0.22847626, 0.23004637]],
          [[0.50813986, 0.54309974], [0.64082444, 0.67101435]]],
         [[[-0.98053589, -1.03143541], [-1.19128892, -1.24695841]],
          [[0.69108355, 0.66880383], [0.59480972, 0.56776003]],
          [[2.36270298, 2.36904306], [2.38090835, 2.38247847]]]]
    )  # fmt: skip
    assert rel_error(out, correct_out) == pytest.approx(2.2121476417505994e-08, rel=1e-6)
    # The cache holds the input itself, unpadded and unchanged (spec §14).
    np.testing.assert_array_equal(x, x_before)
    assert cache[0].shape == x_shape


def test_conv_backward_naive_passes_the_gradient_check(layers, gc):
    np.random.seed(231)
    x = np.random.randn(4, 3, 5, 5)
    w = np.random.randn(2, 3, 3, 3)
    b = np.random.randn(2)
    dout = np.random.randn(4, 2, 5, 5)
    conv_param = {"stride": 1, "pad": 1}
    numeric = numeric_grads(
        gc, lambda x, w, b: layers.conv_forward_naive(x, w, b, conv_param)[0], [x, w, b], dout
    )
    _, cache = layers.conv_forward_naive(x, w, b, conv_param)
    for name, analytic, num in zip(
        ["dx", "dw", "db"], layers.conv_backward_naive(dout, cache), numeric, strict=True
    ):
        assert rel_error(analytic, num) < 1e-7, name  # "around e-8 or less"; dx 1.2e-08


def test_conv_backward_naive_handles_stride_2(layers, gc):
    np.random.seed(231)
    x = np.random.randn(2, 3, 7, 7)
    w = np.random.randn(4, 3, 3, 3)
    b = np.random.randn(4)
    conv_param = {"stride": 2, "pad": 1}
    out, cache = layers.conv_forward_naive(x, w, b, conv_param)
    assert out.shape == (2, 4, 4, 4)
    dout = np.random.randn(*out.shape)
    numeric = numeric_grads(
        gc, lambda x, w, b: layers.conv_forward_naive(x, w, b, conv_param)[0], [x, w, b], dout
    )
    for analytic, num in zip(layers.conv_backward_naive(dout, cache), numeric, strict=True):
        assert rel_error(analytic, num) < 1e-7


def test_max_pool_forward_naive_matches_the_published_output(layers):
    x_shape = (2, 3, 4, 4)
    x = np.linspace(-0.3, 0.4, num=np.prod(x_shape)).reshape(x_shape)
    out, _ = layers.max_pool_forward_naive(x, {"pool_width": 2, "pool_height": 2, "stride": 2})
    correct_out = np.array(
        [[[[-0.26315789, -0.24842105], [-0.20421053, -0.18947368]],
          [[-0.14526316, -0.13052632], [-0.08631579, -0.07157895]],
          [[-0.02736842, -0.01263158], [0.03157895, 0.04631579]]],
         [[[0.09052632, 0.10526316], [0.14947368, 0.16421053]],
          [[0.20842105, 0.22315789], [0.26736842, 0.28210526]],
          [[0.32631579, 0.34105263], [0.38526316, 0.4]]]]
    )  # fmt: skip
    assert rel_error(out, correct_out) == pytest.approx(4.1666665157267834e-08, rel=1e-6)


@pytest.mark.parametrize(
    ("pool_param", "x_shape"),
    [({"pool_height": 2, "pool_width": 2, "stride": 2}, (3, 2, 8, 8)),
     # Overlapping windows: a gradient assigned instead of accumulated fails here (spec §14).
     ({"pool_height": 3, "pool_width": 3, "stride": 1}, (2, 2, 5, 5))],
)  # fmt: skip
def test_max_pool_backward_naive_passes_the_gradient_check(layers, gc, pool_param, x_shape):
    np.random.seed(231)
    x = np.random.randn(*x_shape)
    out, cache = layers.max_pool_forward_naive(x, pool_param)
    dout = np.random.randn(*out.shape)
    dx_num = gc.eval_numerical_gradient_array(
        lambda x: layers.max_pool_forward_naive(x, pool_param)[0], x, dout
    )
    dx = layers.max_pool_backward_naive(dout, cache)
    assert rel_error(dx, dx_num) < 1e-10  # "on the order of e-12"; published 3.3e-12


# ---------------------------------------------------------------- spatial normalization


def test_spatial_batchnorm_train_forward_matches_the_published_statistics(layers):
    np.random.seed(231)
    N, C, H, W = 2, 3, 4, 5
    x = 4 * np.random.randn(N, C, H, W) + 10
    axes = (0, 2, 3)
    np.testing.assert_allclose(
        x.mean(axis=axes), [9.33463814, 8.90909116, 9.11056338], atol=PRINTED
    )
    np.testing.assert_allclose(x.std(axis=axes), [3.61447857, 3.19347686, 3.5168142], atol=PRINTED)

    bn_param = {"mode": "train"}
    out, _ = layers.spatial_batchnorm_forward(x, np.ones(C), np.zeros(C), bn_param)
    assert out.shape == (N, C, H, W)
    np.testing.assert_allclose(out.mean(axis=axes), 0.0, atol=1e-14)
    np.testing.assert_allclose(
        out.std(axis=axes), [0.99999962, 0.99999951, 0.9999996], atol=PRINTED
    )

    gamma, beta = np.asarray([3, 4, 5]), np.asarray([6, 7, 8])
    out, _ = layers.spatial_batchnorm_forward(x, gamma, beta, bn_param)
    np.testing.assert_allclose(out.mean(axis=axes), [6.0, 7.0, 8.0], atol=PRINTED)
    np.testing.assert_allclose(
        out.std(axis=axes), [2.99999885, 3.99999804, 4.99999798], atol=PRINTED
    )


def test_spatial_batchnorm_test_forward_matches_the_published_statistics(layers):
    np.random.seed(231)
    N, C, H, W = 10, 4, 11, 12
    bn_param = {"mode": "train"}
    gamma, beta = np.ones(C), np.zeros(C)
    for _ in range(50):
        x = 2.3 * np.random.randn(N, C, H, W) + 13
        layers.spatial_batchnorm_forward(x, gamma, beta, bn_param)
    bn_param["mode"] = "test"
    x = 2.3 * np.random.randn(N, C, H, W) + 13
    out, _ = layers.spatial_batchnorm_forward(x, gamma, beta, bn_param)
    # Half a printed digit also separates these from the eps-folded running_var's numbers
    # (-0.08034398 ...), which differ by about 1e-7.
    axes = (0, 2, 3)
    np.testing.assert_allclose(
        out.mean(axis=axes), [-0.08034406, 0.07562881, 0.05716371, 0.04378383], atol=PRINTED
    )
    np.testing.assert_allclose(
        out.std(axis=axes), [0.96718744, 1.0299714, 1.02887624, 1.00585577], atol=PRINTED
    )


def test_spatial_batchnorm_backward_passes_the_gradient_check(layers, gc):
    N, C, H, W = 2, 3, 4, 5
    x, gamma, beta, dout = norm_backward_inputs((N, C, H, W), (C,))
    bn_param = {"mode": "train"}

    # As the notebook does: lambdas that ignore their argument and read gamma and beta,
    # which the in-place perturbation of eval_numerical_gradient_array reaches.
    def forward(_):
        return layers.spatial_batchnorm_forward(x, gamma, beta, bn_param)[0]

    dx_num = gc.eval_numerical_gradient_array(
        lambda v: layers.spatial_batchnorm_forward(v, gamma, beta, bn_param)[0], x, dout
    )
    dgamma_num = gc.eval_numerical_gradient_array(forward, gamma, dout)
    dbeta_num = gc.eval_numerical_gradient_array(forward, beta, dout)
    _, cache = layers.spatial_batchnorm_forward(x, gamma, beta, bn_param)
    dx, dgamma, dbeta = layers.spatial_batchnorm_backward(dout, cache)
    assert dgamma.shape == dbeta.shape == (C,)
    assert rel_error(dx, dx_num) < 1e-6  # "between 1e-12 and 1e-06"; published 2.8e-07
    assert rel_error(dgamma, dgamma_num) < 1e-6
    assert rel_error(dbeta, dbeta_num) < 1e-6


def test_spatial_groupnorm_forward_matches_the_published_statistics(layers):
    np.random.seed(231)
    N, C, H, W = 2, 6, 4, 5
    G = 2
    x = 4 * np.random.randn(N, C, H, W) + 10
    x_g = x.reshape((N * G, -1))
    np.testing.assert_allclose(
        x_g.mean(axis=1), [9.72505327, 8.51114185, 8.9147544, 9.43448077], atol=PRINTED
    )
    np.testing.assert_allclose(
        x_g.std(axis=1), [3.67070958, 3.09892597, 4.27043622, 3.97521327], atol=PRINTED
    )
    gamma, beta = np.ones((1, C, 1, 1)), np.zeros((1, C, 1, 1))
    out, _ = layers.spatial_groupnorm_forward(x, gamma, beta, G, {"mode": "train"})
    assert out.shape == (N, C, H, W)
    out_g = out.reshape((N * G, -1))
    np.testing.assert_allclose(out_g.mean(axis=1), 0.0, atol=1e-14)
    np.testing.assert_allclose(
        out_g.std(axis=1), [0.99999963, 0.99999948, 0.99999973, 0.99999968], atol=PRINTED
    )


@pytest.mark.parametrize(("N", "C", "H", "W", "G"), [(2, 6, 4, 5, 2), (3, 6, 2, 3, 3)])
def test_spatial_groupnorm_backward_passes_the_gradient_check(layers, gc, N, C, H, W, G):
    x, gamma, beta, dout = norm_backward_inputs((N, C, H, W), (1, C, 1, 1))
    gn_param = {}

    def forward(_):
        return layers.spatial_groupnorm_forward(x, gamma, beta, G, gn_param)[0]

    dx_num = gc.eval_numerical_gradient_array(
        lambda v: layers.spatial_groupnorm_forward(v, gamma, beta, G, gn_param)[0], x, dout
    )
    dgamma_num = gc.eval_numerical_gradient_array(forward, gamma, dout)
    dbeta_num = gc.eval_numerical_gradient_array(forward, beta, dout)
    _, cache = layers.spatial_groupnorm_forward(x, gamma, beta, G, gn_param)
    dx, dgamma, dbeta = layers.spatial_groupnorm_backward(dout, cache)
    assert dgamma.shape == dbeta.shape == (1, C, 1, 1)
    assert rel_error(dx, dx_num) < 1e-7  # "between 1e-12 and 1e-07"; published 7.4e-08
    assert rel_error(dgamma, dgamma_num) < 1e-7
    assert rel_error(dbeta, dbeta_num) < 1e-7


# ---------------------------------------------------------------- softmax


def test_softmax_loss_is_stable_at_large_scores(layers):
    np.random.seed(231)
    x = 1e4 * np.random.randn(5, 10)
    y = np.random.randint(10, size=5)
    with np.errstate(divide="raise", over="raise", invalid="raise"):  # log(0) would raise
        loss, dx = layers.softmax_loss(x, y)
    assert np.isfinite(loss) and np.all(np.isfinite(dx))
    np.testing.assert_allclose(dx.sum(axis=1), 0.0, atol=1e-12)


# ---------------------------------------------------------------- optimizers


def optim_inputs():
    N, D = 4, 5
    w = np.linspace(-0.4, 0.6, num=N * D).reshape(N, D)
    dw = np.linspace(-0.6, 0.4, num=N * D).reshape(N, D)
    return N, D, w, dw


def test_sgd_momentum_matches_the_published_update(optim):
    N, D, w, dw = optim_inputs()
    v = np.linspace(0.6, 0.9, num=N * D).reshape(N, D)
    config = {"learning_rate": 1e-3, "velocity": v}
    next_w, _ = optim.sgd_momentum(w, dw, config=config)
    expected_next_w = np.asarray(
        [[0.1406, 0.20738947, 0.27417895, 0.34096842, 0.40775789],
         [0.47454737, 0.54133684, 0.60812632, 0.67491579, 0.74170526],
         [0.80849474, 0.87528421, 0.94207368, 1.00886316, 1.07565263],
         [1.14244211, 1.20923158, 1.27602105, 1.34281053, 1.4096]]
    )  # fmt: skip
    expected_velocity = np.asarray(
        [[0.5406, 0.55475789, 0.56891579, 0.58307368, 0.59723158],
         [0.61138947, 0.62554737, 0.63970526, 0.65386316, 0.66802105],
         [0.68217895, 0.69633684, 0.71049474, 0.72465263, 0.73881053],
         [0.75296842, 0.76712632, 0.78128421, 0.79544211, 0.8096]]
    )  # fmt: skip
    assert rel_error(next_w, expected_next_w) == pytest.approx(8.882347033505819e-09, rel=1e-6)
    assert rel_error(expected_velocity, config["velocity"]) == pytest.approx(
        4.269287743278663e-09, rel=1e-6
    )


def test_rmsprop_matches_the_published_update(optim):
    N, D, w, dw = optim_inputs()
    cache = np.linspace(0.6, 0.9, num=N * D).reshape(N, D)
    config = {"learning_rate": 1e-2, "cache": cache}
    next_w, _ = optim.rmsprop(w, dw, config=config)
    expected_next_w = np.asarray(
        [[-0.39223849, -0.34037513, -0.28849239, -0.23659121, -0.18467247],
         [-0.132737, -0.08078555, -0.02881884, 0.02316247, 0.07515774],
         [0.12716641, 0.17918792, 0.23122175, 0.28326742, 0.33532447],
         [0.38739248, 0.43947102, 0.49155973, 0.54365823, 0.59576619]]
    )  # fmt: skip
    expected_cache = np.asarray(
        [[0.5976, 0.6126277, 0.6277108, 0.64284931, 0.65804321],
         [0.67329252, 0.68859723, 0.70395734, 0.71937285, 0.73484377],
         [0.75037008, 0.7659518, 0.78158892, 0.79728144, 0.81302936],
         [0.82883269, 0.84469141, 0.86060554, 0.87657507, 0.8926]]
    )  # fmt: skip
    assert rel_error(expected_next_w, next_w) == pytest.approx(9.524687511038133e-08, rel=1e-6)
    assert rel_error(expected_cache, config["cache"]) == pytest.approx(
        2.6477955807156126e-09, rel=1e-6
    )


def test_adam_matches_the_published_update(optim):
    N, D, w, dw = optim_inputs()
    m = np.linspace(0.6, 0.9, num=N * D).reshape(N, D)
    v = np.linspace(0.7, 0.5, num=N * D).reshape(N, D)
    config = {"learning_rate": 1e-2, "m": m, "v": v, "t": 5}
    next_w, _ = optim.adam(w, dw, config=config)
    expected_next_w = np.asarray(
        [[-0.40094747, -0.34836187, -0.29577703, -0.24319299, -0.19060977],
         [-0.1380274, -0.08544591, -0.03286534, 0.01971428, 0.0722929],
         [0.1248705, 0.17744702, 0.23002243, 0.28259667, 0.33516969],
         [0.38774145, 0.44031188, 0.49288093, 0.54544852, 0.59801459]]
    )  # fmt: skip
    expected_v = np.asarray(
        [[0.69966, 0.68908382, 0.67851319, 0.66794809, 0.65738853],
         [0.64683452, 0.63628604, 0.6257431, 0.61520571, 0.60467385],
         [0.59414753, 0.58362676, 0.57311152, 0.56260183, 0.55209767],
         [0.54159906, 0.53110598, 0.52061845, 0.51013645, 0.49966]]
    )  # fmt: skip
    expected_m = np.asarray(
        [[0.48, 0.49947368, 0.51894737, 0.53842105, 0.55789474],
         [0.57736842, 0.59684211, 0.61631579, 0.63578947, 0.65526316],
         [0.67473684, 0.69421053, 0.71368421, 0.73315789, 0.75263158],
         [0.77210526, 0.79157895, 0.81105263, 0.83052632, 0.85]]
    )  # fmt: skip
    assert rel_error(expected_next_w, next_w) == pytest.approx(1.1395691798535431e-07, rel=1e-6)
    assert rel_error(expected_v, config["v"]) == pytest.approx(4.208314038113071e-09, rel=1e-6)
    assert rel_error(expected_m, config["m"]) == pytest.approx(4.214963193114416e-09, rel=1e-6)
    assert config["t"] == 6  # incremented before use


# ---------------------------------------------------------------- FullyConnectedNet


def fc_inputs():
    np.random.seed(231)
    N, D, H1, H2, C = 2, 15, 20, 30, 10
    X = np.random.randn(N, D)
    y = np.random.randint(C, size=(N,))
    return X, y, D, [H1, H2], C


def grad_errors(gc, model, X, y, h=1e-5):
    _, grads = model.loss(X, y)
    assert sorted(grads) == sorted(model.params)
    errors, numerics = {}, {}
    for name in sorted(grads):
        numeric = gc.eval_numerical_gradient(
            lambda _: model.loss(X, y)[0], model.params[name], verbose=False, h=h
        )
        errors[name] = rel_error(numeric, grads[name])
        numerics[name] = numeric
    return errors, numerics, grads


def test_fc_net_initial_losses_and_gradients(fc_net, gc):
    # One test for the notebook's loop: each model draws its weights after the previous one's.
    X, y, D, hidden, C = fc_inputs()
    for reg, expected in [(0, 2.3004790897684924), (3.14, 7.052114776533016)]:
        model = fc_net.FullyConnectedNet(
            hidden, input_dim=D, num_classes=C, reg=reg, weight_scale=5e-2, dtype=np.float64
        )
        assert model.loss(X, y)[0] == pytest.approx(expected, rel=1e-12), reg
        errors, _, _ = grad_errors(gc, model, X, y)
        for name, error in errors.items():
            # "around 1e-7 or less"; W2 at reg 0 published 2.2e-05, which the notebook allows.
            bound = 1e-4 if (name == "W2" and reg == 0) else 1e-6
            assert error < bound, (name, reg, error)


def test_fc_net_draws_weights_layer_by_layer(fc_net):
    model = fc_net.FullyConnectedNet([20, 30], input_dim=15, num_classes=10, weight_scale=5e-2)
    assert {k: v.shape for k, v in model.params.items()} == {
        "W1": (15, 20), "b1": (20,), "W2": (20, 30), "b2": (30,), "W3": (30, 10), "b3": (10,),
    }  # fmt: skip
    assert all(v.dtype == np.float32 for v in model.params.values())
    np.random.seed(0)
    model = fc_net.FullyConnectedNet([3, 4], input_dim=2, num_classes=5, weight_scale=1.0)
    np.random.seed(0)
    np.testing.assert_allclose(model.params["W1"], np.random.randn(2, 3).astype(np.float32))
    np.testing.assert_allclose(model.params["W2"], np.random.randn(3, 4).astype(np.float32))


def test_fc_net_with_batchnorm_initial_losses_and_gradients(fc_net, gc):
    X, y, D, hidden, C = fc_inputs()
    for reg, expected in [(0, 2.2611955101340957), (3.14, 6.996533220108303)]:
        model = fc_net.FullyConnectedNet(
            hidden, input_dim=D, num_classes=C, reg=reg, weight_scale=5e-2, dtype=np.float64,
            normalization="batchnorm",
        )  # fmt: skip
        assert model.loss(X, y)[0] == pytest.approx(expected, rel=1e-12), reg
        errors, numerics, grads = grad_errors(gc, model, X, y)
        for name, error in errors.items():
            if name in ("b1", "b2"):
                # These biases feed a batch norm: their true gradient is 0, so a relative error
                # is ill-conditioned (published up to 2.2e-03). Absolute error instead (§6.4).
                assert np.max(np.abs(grads[name])) < 1e-12, (name, reg)
                assert np.max(np.abs(numerics[name])) < 1e-8, (name, reg)
            elif name.startswith("W"):
                assert error < 1e-3, (name, reg, error)  # "1e-4~1e-10"; published W1 1.10e-04
            else:
                assert error < 1e-7, (name, reg, error)  # beta, gamma, b3: published <= 7.5e-09


def test_fc_net_with_layernorm_has_scale_and_shift_and_passes_the_gradient_check(fc_net, gc):
    X, y, D, hidden, C = fc_inputs()
    model = fc_net.FullyConnectedNet(
        hidden, input_dim=D, num_classes=C, reg=0.5, weight_scale=5e-2, dtype=np.float64,
        normalization="layernorm",
    )  # fmt: skip
    for layer in (1, 2):
        np.testing.assert_array_equal(model.params[f"gamma{layer}"], np.ones(hidden[layer - 1]))
        np.testing.assert_array_equal(model.params[f"beta{layer}"], np.zeros(hidden[layer - 1]))
    assert "gamma3" not in model.params
    errors, _, _ = grad_errors(gc, model, X, y)
    for name, error in errors.items():
        assert error < 1e-4, (name, error)


def test_fc_net_with_dropout_initial_losses_and_gradients(fc_net, gc):
    # The dropout layers re-seed with 123 on every call, so each model's weights depend on
    # the previous model's gradient check: one test for the notebook's loop.
    X, y, D, hidden, C = fc_inputs()
    for keep, expected in [(1, 2.3004790897684924), (0.75, 2.302371489704412),
                           (0.5, 2.3042759220785896)]:  # fmt: skip
        model = fc_net.FullyConnectedNet(
            hidden, input_dim=D, num_classes=C, weight_scale=5e-2, dtype=np.float64,
            dropout_keep_ratio=keep, seed=123,
        )  # fmt: skip
        assert model.loss(X, y)[0] == pytest.approx(expected, rel=1e-12), keep
        errors, _, _ = grad_errors(gc, model, X, y)
        for name, error in errors.items():
            # "around e-6 or less"; W2 on the order of e-5 at keep 1 is fine.
            assert error < (1e-4 if name == "W2" else 1e-5), (name, keep, error)


# ---------------------------------------------------------------- ThreeLayerConvNet


def test_three_layer_convnet_shapes_and_initial_loss(cnn):
    np.random.seed(231)
    model = cnn.ThreeLayerConvNet()
    assert {k: v.shape for k, v in model.params.items()} == {
        "W1": (32, 3, 7, 7), "b1": (32,), "W2": (32 * 16 * 16, 100), "b2": (100,),
        "W3": (100, 10), "b3": (10,),
    }  # fmt: skip
    N = 50
    X = np.random.randn(N, 3, 32, 32)
    y = np.random.randint(10, size=N)
    loss, _ = model.loss(X, y)
    assert loss == pytest.approx(math.log(10), abs=1e-2)  # published 2.302586071243987
    model.reg = 0.5
    loss_reg, _ = model.loss(X, y)
    assert loss < loss_reg < loss + 0.5  # "should go up slightly"; published 2.508


def test_three_layer_convnet_gradient_check_reproduces_the_published_run(cnn, gc):
    np.random.seed(231)
    num_inputs, input_dim, num_classes = 2, (3, 16, 16), 10
    X = np.random.randn(num_inputs, *input_dim)
    y = np.random.randint(num_classes, size=num_inputs)
    model = cnn.ThreeLayerConvNet(
        num_filters=3, filter_size=3, input_dim=input_dim, hidden_dim=7, dtype=np.float64
    )
    errors, _, _ = grad_errors(gc, model, X, y, h=1e-6)
    # "correct implementations may have relative errors up to the order of e-2".
    assert all(error < 5e-2 for error in errors.values()), errors
    # Spec §15: the draw order W1, W2, W3 reproduces the published run 2 to its digits.
    run_2 = {"W1": 1.380104e-04, "W2": 1.822723e-02, "W3": 3.064049e-04,
             "b1": 3.477652e-05, "b2": 2.516375e-03, "b3": 7.945660e-10}  # fmt: skip
    for name, published in run_2.items():
        assert errors[name] == pytest.approx(published, rel=1e-2), name


# ---------------------------------------------------------------- sandwich layers


def test_conv_sandwich_layers_pass_the_gradient_check(layer_utils, gc):
    np.random.seed(231)
    x = np.random.randn(2, 3, 16, 16)
    w = np.random.randn(3, 3, 3, 3)
    b = np.random.randn(3)
    dout = np.random.randn(2, 3, 8, 8)
    conv_param = {"stride": 1, "pad": 1}
    pool_param = {"pool_height": 2, "pool_width": 2, "stride": 2}
    numeric = numeric_grads(
        gc, lambda x, w, b: layer_utils.conv_relu_pool_forward(x, w, b, conv_param, pool_param)[0],
        [x, w, b], dout,
    )  # fmt: skip
    _, cache = layer_utils.conv_relu_pool_forward(x, w, b, conv_param, pool_param)
    for analytic, num in zip(
        layer_utils.conv_relu_pool_backward(dout, cache), numeric, strict=True
    ):
        assert rel_error(analytic, num) < 1e-7  # "around e-8 or less"

    np.random.seed(231)
    x = np.random.randn(2, 3, 8, 8)
    w = np.random.randn(3, 3, 3, 3)
    b = np.random.randn(3)
    dout = np.random.randn(2, 3, 8, 8)
    numeric = numeric_grads(
        gc, lambda x, w, b: layer_utils.conv_relu_forward(x, w, b, conv_param)[0], [x, w, b], dout
    )
    _, cache = layer_utils.conv_relu_forward(x, w, b, conv_param)
    for analytic, num in zip(layer_utils.conv_relu_backward(dout, cache), numeric, strict=True):
        assert rel_error(analytic, num) < 1e-7


@pytest.mark.parametrize("kind", ["bn", "ln"])
def test_affine_norm_relu_sandwich_passes_the_gradient_check(layer_utils, gc, kind):
    np.random.seed(231)
    x = np.random.randn(4, 6)
    w = np.random.randn(6, 5)
    b = np.random.randn(5)
    gamma = np.random.randn(5)
    beta = np.random.randn(5)
    dout = np.random.randn(4, 5)
    forward = getattr(layer_utils, f"affine_{kind}_relu_forward")
    backward = getattr(layer_utils, f"affine_{kind}_relu_backward")
    param = {"mode": "train"}
    numeric = numeric_grads(
        gc, lambda *args: forward(*args, param)[0], [x, w, b, gamma, beta], dout
    )
    _, cache = forward(x, w, b, gamma, beta, param)
    for analytic, num in zip(backward(dout, cache), numeric, strict=True):
        assert np.max(np.abs(analytic - num)) < 1e-7


# ---------------------------------------------------------------- Solver


class _TinyModel:
    """A linear softmax classifier, enough to drive the Solver."""

    def __init__(self, layers):
        self.layers = layers
        self.params = {"W": 1e-3 * np.random.randn(4, 3), "b": np.zeros(3)}

    def loss(self, X, y=None):
        scores, cache = self.layers.affine_forward(X, self.params["W"], self.params["b"])
        if y is None:
            return scores
        loss, dscores = self.layers.softmax_loss(scores, y)
        _, dW, db = self.layers.affine_backward(dscores, cache)
        return loss, {"W": dW, "b": db}


def test_solver_prints_from_iteration_1_and_keeps_the_best_params(solver, layers):
    np.random.seed(231)
    X = np.random.randn(60, 4)
    y = np.argmax(X[:, :3], axis=1)
    data = {"X_train": X[:40], "y_train": y[:40], "X_val": X[40:], "y_val": y[40:]}
    model = _TinyModel(layers)
    run = solver.Solver(model, data, update_rule="sgd", optim_config={"learning_rate": 0.5},
                        num_epochs=3, batch_size=10, print_every=5)  # fmt: skip
    printed = io.StringIO()
    with redirect_stdout(printed):
        run.train()
    lines = printed.getvalue().splitlines()
    # 0-based loop: iterations 1, 6, 11; the first epoch line (Epoch 0) follows Iteration 1.
    assert lines[0].startswith("(Iteration 1 / 12) loss: ")
    assert lines[1].startswith("(Epoch 0 / 3) train acc: ")
    assert [line.split(")")[0] for line in lines if line.startswith("(Iteration")] == [
        "(Iteration 1 / 12", "(Iteration 6 / 12", "(Iteration 11 / 12",
    ]  # fmt: skip
    assert len(run.loss_history) == 12 and len(run.val_acc_history) == 4
    assert run.best_val_acc == max(run.val_acc_history)
    assert model.params is run.best_params
    assert run.check_accuracy(data["X_val"], data["y_val"]) == run.best_val_acc


def test_solver_rejects_unknown_arguments_and_update_rules(solver, layers):
    data = {"X_train": np.zeros((2, 4)), "y_train": np.zeros(2, int),
            "X_val": np.zeros((2, 4)), "y_val": np.zeros(2, int)}  # fmt: skip
    with pytest.raises(ValueError, match='Unrecognized arguments "epochs"'):
        solver.Solver(_TinyModel(layers), data, epochs=3)
    with pytest.raises(ValueError, match='Invalid update_rule "nesterov"'):
        solver.Solver(_TinyModel(layers), data, update_rule="nesterov")
