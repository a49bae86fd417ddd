"""The reference reproduces every deterministic number that assignment1's spec publishes.

Inputs are built exactly as the notebooks build them (seed 231, legacy np.random stream,
np.linspace); tolerances are the notebooks' own.
"""

from __future__ import annotations

import numpy as np
import pytest

from tests.conftest import load_reference_module


def rel_error(x, y):
    return np.max(np.abs(x - y) / (np.maximum(1e-8, np.abs(x) + np.abs(y))))


@pytest.fixture(scope="module")
def layers(assignment1):
    return load_reference_module(assignment1, "cs231n/layers.py")


@pytest.fixture(scope="module")
def fc_net(assignment1):
    return load_reference_module(assignment1, "cs231n/classifiers/fc_net.py")


@pytest.fixture(scope="module")
def gradient_check(assignment1):
    return load_reference_module(assignment1, "cs231n/gradient_check.py")


def test_affine_forward_matches_the_published_output(layers):
    num_inputs, input_shape, output_dim = 2, (4, 5, 6), 3
    input_size = num_inputs * np.prod(input_shape)
    weight_size = output_dim * np.prod(input_shape)
    x = np.linspace(-0.1, 0.5, num=input_size).reshape(num_inputs, *input_shape)
    w = np.linspace(-0.2, 0.3, num=weight_size).reshape(np.prod(input_shape), output_dim)
    b = np.linspace(-0.3, 0.1, num=output_dim)
    out, _ = layers.affine_forward(x, w, b)
    correct_out = np.array(
        [[1.49834967, 1.70660132, 1.91485297], [3.25553199, 3.5141327, 3.77273342]]
    )
    # Published: 9.769848888397517e-10 ("around e-9 or less").
    assert rel_error(out, correct_out) == pytest.approx(9.769848888397517e-10, rel=1e-6)


def test_relu_forward_matches_the_published_output(layers):
    x = np.linspace(-0.5, 0.5, num=12).reshape(3, 4)
    out, _ = layers.relu_forward(x)
    correct_out = np.array(
        [
            [0.0, 0.0, 0.0, 0.0],
            [0.0, 0.0, 0.04545455, 0.13636364],
            [0.22727273, 0.31818182, 0.40909091, 0.5],
        ]
    )
    assert rel_error(out, correct_out) == pytest.approx(4.999999798022158e-08, rel=1e-6)


def test_affine_and_relu_backward_gradient_errors_are_tiny(layers, gradient_check):
    np.random.seed(231)
    x = np.random.randn(10, 2, 3)
    w = np.random.randn(6, 5)
    b = np.random.randn(5)
    dout = np.random.randn(10, 5)
    numeric = [
        gradient_check.eval_numerical_gradient_array(
            lambda v: layers.affine_forward(v, w, b)[0], x, dout
        ),
        gradient_check.eval_numerical_gradient_array(
            lambda v: layers.affine_forward(x, v, b)[0], w, dout
        ),
        gradient_check.eval_numerical_gradient_array(
            lambda v: layers.affine_forward(x, w, v)[0], b, dout
        ),
    ]
    _, cache = layers.affine_forward(x, w, b)
    for analytic, num in zip(layers.affine_backward(dout, cache), numeric, strict=True):
        assert rel_error(analytic, num) < 1e-9  # "around e-10 or less"

    np.random.seed(231)
    x = np.random.randn(10, 10)
    dout = np.random.randn(*x.shape)
    dx_num = gradient_check.eval_numerical_gradient_array(
        lambda v: layers.relu_forward(v)[0], x, dout
    )
    _, cache = layers.relu_forward(x)
    # Published 3.2756349136310288e-12, a gradient-check magnitude: a threshold, not digits.
    assert rel_error(dx_num, layers.relu_backward(dout, cache)) < 1e-10


def test_relu_backward_passes_no_gradient_at_zero(layers):
    x = np.array([-1.0, 0.0, 2.0])
    assert list(layers.relu_backward(np.ones(3), x)) == [0.0, 0.0, 1.0]


def test_svm_and_softmax_losses_match_the_published_values(layers, gradient_check):
    np.random.seed(231)
    num_classes, num_inputs = 10, 50
    x = 0.001 * np.random.randn(num_inputs, num_classes)
    y = np.random.randint(num_classes, size=num_inputs)

    dx_num = gradient_check.eval_numerical_gradient(
        lambda v: layers.svm_loss(v, y)[0], x, verbose=False
    )
    loss, dx = layers.svm_loss(x, y)
    assert loss == pytest.approx(8.999602749096233, abs=1e-12)
    assert rel_error(dx_num, dx) < 1e-8  # published 1.4e-09

    dx_num = gradient_check.eval_numerical_gradient(
        lambda v: layers.softmax_loss(v, y)[0], x, verbose=False
    )
    loss, dx = layers.softmax_loss(x, y)
    assert loss == pytest.approx(2.302545844500738, abs=1e-12)
    assert rel_error(dx_num, dx) < 1e-7  # published 9.4e-09


def test_two_layer_net_matches_every_published_number(fc_net, gradient_check):
    np.random.seed(231)
    N, D, H, C = 3, 5, 50, 7
    X = np.random.randn(N, D)
    y = np.random.randint(C, size=N)
    std = 1e-3
    model = fc_net.TwoLayerNet(input_dim=D, hidden_dim=H, num_classes=C, weight_scale=std)

    assert abs(model.params["W1"].std() - std) < std / 10
    assert np.all(model.params["b1"] == 0) and model.params["b1"].shape == (H,)
    assert abs(model.params["W2"].std() - std) < std / 10
    assert np.all(model.params["b2"] == 0) and model.params["b2"].shape == (C,)

    model.params["W1"] = np.linspace(-0.7, 0.3, num=D * H).reshape(D, H)
    model.params["b1"] = np.linspace(-0.1, 0.9, num=H)
    model.params["W2"] = np.linspace(-0.3, 0.4, num=H * C).reshape(H, C)
    model.params["b2"] = np.linspace(-0.9, 0.1, num=C)
    X = np.linspace(-5.5, 4.5, num=N * D).reshape(D, N).T
    scores = model.loss(X)
    correct_scores = np.asarray(
        [
            [
                11.53165108,
                12.2917344,
                13.05181771,
                13.81190102,
                14.57198434,
                15.33206765,
                16.09215096,
            ],
            [
                12.05769098,
                12.74614105,
                13.43459113,
                14.1230412,
                14.81149128,
                15.49994135,
                16.18839143,
            ],
            [
                12.58373087,
                13.20054771,
                13.81736455,
                14.43418138,
                15.05099822,
                15.66781506,
                16.2846319,
            ],
        ]
    )
    assert np.abs(scores - correct_scores).sum() < 1e-6

    y = np.asarray([0, 5, 1])
    loss, grads = model.loss(X, y)
    assert abs(loss - 3.4702243556) < 1e-10
    assert loss == pytest.approx(3.4702243555953918, abs=1e-12)
    model.reg = 1.0
    loss, grads = model.loss(X, y)
    assert abs(loss - 26.5948426952) < 1e-10
    assert loss == pytest.approx(26.594842695238583, abs=1e-11)

    for reg in [0.0, 0.7]:
        model.reg = reg
        loss, grads = model.loss(X, y)
        for name in sorted(grads):
            numeric = gradient_check.eval_numerical_gradient(
                lambda _: model.loss(X, y)[0], model.params[name], verbose=False
            )
            assert rel_error(numeric, grads[name]) < 1e-6, (name, reg)  # published up to 2.5e-7


def test_linear_losses_agree_naive_with_vectorized(assignment1):
    svm = load_reference_module(assignment1, "cs231n/classifiers/linear_svm.py")
    softmax = load_reference_module(assignment1, "cs231n/classifiers/softmax.py")
    rng = np.random.RandomState(231)
    W = rng.randn(3073, 10) * 0.0001
    X = rng.randn(500, 3073) * 60
    y = rng.randint(10, size=500)
    pairs = [
        (svm.svm_loss_naive, svm.svm_loss_vectorized),
        (softmax.softmax_loss_naive, softmax.softmax_loss_vectorized),
    ]
    for naive, vectorized in pairs:
        loss_naive, grad_naive = naive(W, X, y, 0.000005)
        loss_vectorized, grad_vectorized = vectorized(W, X, y, 0.000005)
        assert abs(loss_naive - loss_vectorized) < 1e-9  # printed as "difference: 0.000000"
        assert np.linalg.norm(grad_naive - grad_vectorized, ord="fro") < 1e-9
    loss, _ = softmax.softmax_loss_naive(W * 0.01, X, y, 0.0)
    assert loss == pytest.approx(-np.log(0.1), abs=0.01)  # the notebook's sanity check


def test_hog_and_colour_features_have_the_published_sizes(assignment1):
    features = load_reference_module(assignment1, "cs231n/features.py")
    image = np.random.RandomState(0).randint(0, 256, size=(32, 32, 3)).astype(float)
    assert features.hog_feature(image).shape == (144,)
    assert features.hog_feature(image[:, :, 0]).shape == (144,)  # the grayscale branch works
    hist = features.color_histogram_hsv(image, nbin=10)
    assert hist.shape == (10,) and hist.sum() == pytest.approx(1.0)
    feature_fns = [features.hog_feature, lambda im: features.color_histogram_hsv(im, nbin=10)]
    feats = features.extract_features(np.stack([image] * 3), feature_fns)
    assert feats.shape == (3, 154)
    assert features.rgb2gray(np.ones((1, 1, 3)))[0, 0] == pytest.approx(1.0)  # 0.299+0.587+0.114
