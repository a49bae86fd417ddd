"""The numpy reference of assignment 3 reproduces every deterministic number its spec publishes.

Inputs are built exactly as RNN_Captioning.ipynb and LSTM_Captioning.ipynb build them (seed
231, legacy np.random stream, np.linspace). Published forward errors are reproduced to 1e-6 of
themselves (spec §15: they reproduce digit for digit), losses to the notebooks' "order e-10",
and numeric gradient checks against the notebooks' bands, never their printed digits (§2).
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from tests.conftest import ROOT, load_reference_module

WORD_TO_IDX = {"<NULL>": 0, "cat": 2, "dog": 3}  # the notebooks' fake vocabulary (§3.4)


def rel_error(x, y):
    return np.max(np.abs(x - y) / (np.maximum(1e-8, np.abs(x) + np.abs(y))))


@pytest.fixture(scope="module")
def reference():
    return SimpleNamespace(name="assignment3", reference=ROOT / "reference" / "assignment3")


@pytest.fixture(scope="module")
def layers(reference):
    return load_reference_module(reference, "cs231n/rnn_layers.py")


@pytest.fixture(scope="module")
def rnn(reference):
    return load_reference_module(reference, "cs231n/classifiers/rnn.py")


@pytest.fixture(scope="module")
def gc(reference):
    return load_reference_module(reference, "cs231n/gradient_check.py")


def numeric_grads(gc, forward, inputs, dout):
    """Numeric gradient of sum(forward(*inputs) * dout) with respect to each input in turn."""
    grads = []
    for index in range(len(inputs)):

        def f(v, index=index):
            args = list(inputs)
            args[index] = v
            return forward(*args)

        grads.append(gc.eval_numerical_gradient_array(f, inputs[index], dout))
    return grads


def assert_published(error, published):
    assert abs(error - published) <= 1e-6 * published, f"{error!r} != published {published!r}"


# §4.2: forward tests of RNN_Captioning.ipynb, all exact.


def test_rnn_step_forward(layers):
    N, D, H = 3, 10, 4
    x = np.linspace(-0.4, 0.7, num=N * D).reshape(N, D)
    prev_h = np.linspace(-0.2, 0.5, num=N * H).reshape(N, H)
    Wx = np.linspace(-0.1, 0.9, num=D * H).reshape(D, H)
    Wh = np.linspace(-0.3, 0.7, num=H * H).reshape(H, H)
    b = np.linspace(-0.2, 0.4, num=H)
    next_h, _ = layers.rnn_step_forward(x, prev_h, Wx, Wh, b)
    expected = np.asarray([
        [-0.58172089, -0.50182032, -0.41232771, -0.31410098],
        [0.66854692, 0.79562378, 0.87755553, 0.92795967],
        [0.97934501, 0.99144213, 0.99646691, 0.99854353],
    ])  # fmt: skip
    assert_published(rel_error(expected, next_h), 6.292421426471037e-09)


def test_rnn_forward(layers):
    N, T, D, H = 2, 3, 4, 5
    x = np.linspace(-0.1, 0.3, num=N * T * D).reshape(N, T, D)
    h0 = np.linspace(-0.3, 0.1, num=N * H).reshape(N, H)
    Wx = np.linspace(-0.2, 0.4, num=D * H).reshape(D, H)
    Wh = np.linspace(-0.4, 0.1, num=H * H).reshape(H, H)
    b = np.linspace(-0.7, 0.1, num=H)
    h, _ = layers.rnn_forward(x, h0, Wx, Wh, b)
    expected = np.asarray([
        [[-0.42070749, -0.27279261, -0.11074945, 0.05740409, 0.22236251],
         [-0.39525808, -0.22554661, -0.0409454, 0.14649412, 0.32397316],
         [-0.42305111, -0.24223728, -0.04287027, 0.15997045, 0.35014525]],
        [[-0.55857474, -0.39065825, -0.19198182, 0.02378408, 0.23735671],
         [-0.27150199, -0.07088804, 0.13562939, 0.33099728, 0.50158768],
         [-0.51014825, -0.30524429, -0.06755202, 0.17806392, 0.40333043]],
    ])  # fmt: skip
    assert h.shape == (N, T, H)
    assert_published(rel_error(expected, h), 7.728466151011529e-08)


def test_word_embedding_forward(layers):
    V, D = 5, 3
    x = np.asarray([[0, 3, 1, 2], [2, 1, 0, 3]])
    W = np.linspace(0, 1, num=V * D).reshape(V, D)
    out, _ = layers.word_embedding_forward(x, W)
    expected = np.asarray([
        [[0.0, 0.07142857, 0.14285714], [0.64285714, 0.71428571, 0.78571429],
         [0.21428571, 0.28571429, 0.35714286], [0.42857143, 0.5, 0.57142857]],
        [[0.42857143, 0.5, 0.57142857], [0.21428571, 0.28571429, 0.35714286],
         [0.0, 0.07142857, 0.14285714], [0.64285714, 0.71428571, 0.78571429]],
    ])  # fmt: skip
    assert_published(rel_error(expected, out), 1.0000000094736443e-08)


# §4.3: forward tests of LSTM_Captioning.ipynb, all exact.


def test_lstm_step_forward(layers):
    N, D, H = 3, 4, 5
    x = np.linspace(-0.4, 1.2, num=N * D).reshape(N, D)
    prev_h = np.linspace(-0.3, 0.7, num=N * H).reshape(N, H)
    prev_c = np.linspace(-0.4, 0.9, num=N * H).reshape(N, H)
    Wx = np.linspace(-2.1, 1.3, num=4 * D * H).reshape(D, 4 * H)
    Wh = np.linspace(-0.7, 2.2, num=4 * H * H).reshape(H, 4 * H)
    b = np.linspace(0.3, 0.7, num=4 * H)
    next_h, next_c, _ = layers.lstm_step_forward(x, prev_h, prev_c, Wx, Wh, b)
    expected_h = np.asarray([
        [0.24635157, 0.28610883, 0.32240467, 0.35525807, 0.38474904],
        [0.49223563, 0.55611431, 0.61507696, 0.66844003, 0.7159181],
        [0.56735664, 0.66310127, 0.74419266, 0.80889665, 0.858299],
    ])  # fmt: skip
    expected_c = np.asarray([
        [0.32986176, 0.39145139, 0.451556, 0.51014116, 0.56717407],
        [0.66382255, 0.76674007, 0.87195994, 0.97902709, 1.08751345],
        [0.74192008, 0.90592151, 1.07717006, 1.25120233, 1.42395676],
    ])  # fmt: skip
    assert_published(rel_error(expected_h, next_h), 5.7054131967097955e-09)
    assert_published(rel_error(expected_c, next_c), 5.8143123088804145e-09)


def test_lstm_forward(layers):
    N, D, H, T = 2, 5, 4, 3
    x = np.linspace(-0.4, 0.6, num=N * T * D).reshape(N, T, D)
    h0 = np.linspace(-0.4, 0.8, num=N * H).reshape(N, H)
    Wx = np.linspace(-0.2, 0.9, num=4 * D * H).reshape(D, 4 * H)
    Wh = np.linspace(-0.3, 0.6, num=4 * H * H).reshape(H, 4 * H)
    b = np.linspace(0.2, 0.7, num=4 * H)
    h, _ = layers.lstm_forward(x, h0, Wx, Wh, b)
    expected = np.asarray([
        [[0.01764008, 0.01823233, 0.01882671, 0.0194232],
         [0.11287491, 0.12146228, 0.13018446, 0.13902939],
         [0.31358768, 0.33338627, 0.35304453, 0.37250975]],
        [[0.45767879, 0.4761092, 0.4936887, 0.51041945],
         [0.6704845, 0.69350089, 0.71486014, 0.7346449],
         [0.81733511, 0.83677871, 0.85403753, 0.86935314]],
    ])  # fmt: skip
    assert_published(rel_error(expected, h), 8.610537442272635e-08)


# Numeric gradient checks, inputs drawn in the notebooks' order (§4.2, §4.3).


def test_rnn_step_backward(layers, gc):
    np.random.seed(231)
    N, D, H = 4, 5, 6
    x, h = np.random.randn(N, D), np.random.randn(N, H)
    Wx, Wh, b = np.random.randn(D, H), np.random.randn(H, H), np.random.randn(H)
    out, cache = layers.rnn_step_forward(x, h, Wx, Wh, b)
    dnext_h = np.random.randn(*out.shape)
    inputs = [x, h, Wx, Wh, b]
    numeric = numeric_grads(gc, lambda *a: layers.rnn_step_forward(*a)[0], inputs, dnext_h)
    for name, num, got in zip(["dx", "dprev_h", "dWx", "dWh", "db"], numeric,
                              layers.rnn_step_backward(dnext_h, cache), strict=True):  # fmt: skip
        assert rel_error(num, got) < 1e-8, name  # "should be order e-8"


def test_rnn_backward(layers, gc):
    np.random.seed(231)
    N, D, T, H = 2, 3, 10, 5
    x, h0 = np.random.randn(N, T, D), np.random.randn(N, H)
    Wx, Wh, b = np.random.randn(D, H), np.random.randn(H, H), np.random.randn(H)
    out, cache = layers.rnn_forward(x, h0, Wx, Wh, b)
    dout = np.random.randn(*out.shape)
    dout_before = dout.copy()
    grads = layers.rnn_backward(dout, cache)
    assert np.array_equal(dout, dout_before), "rnn_backward modified dh"
    inputs = [x, h0, Wx, Wh, b]
    numeric = numeric_grads(gc, lambda *a: layers.rnn_forward(*a)[0], inputs, dout)
    for name, num, got in zip(["dx", "dh0", "dWx", "dWh", "db"], numeric, grads, strict=True):
        assert rel_error(num, got) < 1e-6, name  # "should be order e-6"


def test_word_embedding_backward(layers, gc):
    np.random.seed(231)
    N, T, V, D = 50, 3, 5, 6
    x = np.random.randint(V, size=(N, T))
    W = np.random.randn(V, D)
    out, cache = layers.word_embedding_forward(x, W)
    dout = np.random.randn(*out.shape)
    dW = layers.word_embedding_backward(dout, cache)
    dW_num = gc.eval_numerical_gradient_array(
        lambda W: layers.word_embedding_forward(x, W)[0], W, dout
    )
    assert rel_error(dW, dW_num) < 1e-11  # "should be order e-11"


def test_temporal_affine_backward(layers, gc):
    np.random.seed(231)
    N, T, D, M = 2, 3, 4, 5
    x, w, b = np.random.randn(N, T, D), np.random.randn(D, M), np.random.randn(M)
    out, cache = layers.temporal_affine_forward(x, w, b)
    assert out.shape == (N, T, M)
    dout = np.random.randn(*out.shape)
    numeric = numeric_grads(gc, lambda *a: layers.temporal_affine_forward(*a)[0], [x, w, b], dout)
    grads = layers.temporal_affine_backward(dout, cache)
    for name, num, got in zip(["dx", "dw", "db"], numeric, grads, strict=True):
        assert rel_error(num, got) < 1e-9, name  # "should be order e-9"


def test_lstm_step_backward_does_not_touch_its_inputs(layers, gc):
    np.random.seed(231)
    N, D, H = 4, 5, 6
    x, prev_h, prev_c = np.random.randn(N, D), np.random.randn(N, H), np.random.randn(N, H)
    Wx, Wh, b = np.random.randn(D, 4 * H), np.random.randn(H, 4 * H), np.random.randn(4 * H)
    next_h, next_c, cache = layers.lstm_step_forward(x, prev_h, prev_c, Wx, Wh, b)
    dnext_h, dnext_c = np.random.randn(*next_h.shape), np.random.randn(*next_c.shape)
    upstream = (dnext_h.copy(), dnext_c.copy())
    grads = layers.lstm_step_backward(dnext_h, dnext_c, cache)
    assert np.array_equal(dnext_h, upstream[0]) and np.array_equal(dnext_c, upstream[1]), (
        "lstm_step_backward modified dnext_h or dnext_c (spec §14)"
    )
    inputs = [x, prev_h, prev_c, Wx, Wh, b]
    # Each input's numeric gradient is the h-path term plus the c-path term.
    via_h = numeric_grads(gc, lambda *a: layers.lstm_step_forward(*a)[0], inputs, dnext_h)
    via_c = numeric_grads(gc, lambda *a: layers.lstm_step_forward(*a)[1], inputs, dnext_c)
    names = ["dx", "dprev_h", "dprev_c", "dWx", "dWh", "db"]
    for name, h_term, c_term, got in zip(names, via_h, via_c, grads, strict=True):
        assert rel_error(h_term + c_term, got) < 1e-7, name  # "order e-7"


def test_lstm_backward(layers, gc):
    np.random.seed(231)
    N, D, T, H = 2, 3, 10, 6
    x, h0 = np.random.randn(N, T, D), np.random.randn(N, H)
    Wx, Wh, b = np.random.randn(D, 4 * H), np.random.randn(H, 4 * H), np.random.randn(4 * H)
    out, cache = layers.lstm_forward(x, h0, Wx, Wh, b)
    dout = np.random.randn(*out.shape)
    grads = layers.lstm_backward(dout, cache)
    inputs = [x, h0, Wx, Wh, b]
    numeric = numeric_grads(gc, lambda *a: layers.lstm_forward(*a)[0], inputs, dout)
    for name, num, got in zip(["dx", "dh0", "dWx", "dWh", "db"], numeric, grads, strict=True):
        bound = 1e-5 if name == "dWh" else 1e-7  # "order e-8, and dWh may reach e-6"
        assert rel_error(num, got) < bound, name


# §4.2: temporal_softmax_loss, the notebook's unseeded sanity checks (seeded here).


@pytest.mark.parametrize(
    ("N", "T", "V", "p", "low", "high"),
    [(100, 1, 10, 1.0, 2.25, 2.35), (100, 10, 10, 1.0, 22.5, 23.5), (5000, 10, 10, 0.1, 2.2, 2.4)],
)
def test_temporal_softmax_loss_values(layers, N, T, V, p, low, high):
    np.random.seed(231)
    x = 0.001 * np.random.randn(N, T, V)
    y = np.random.randint(V, size=(N, T))
    mask = np.random.rand(N, T) <= p
    loss, _ = layers.temporal_softmax_loss(x, y, mask)
    # Summed over time, averaged over the batch: about p * T * log(V).
    assert low < loss < high


def test_temporal_softmax_loss_gradient_and_mask(layers, gc):
    np.random.seed(231)
    N, T, V = 7, 8, 9
    x = np.random.randn(N, T, V)
    y = np.random.randint(V, size=(N, T))
    mask = np.random.rand(N, T) > 0.5
    loss, dx = layers.temporal_softmax_loss(x, y, mask, verbose=False)
    dx_num = gc.eval_numerical_gradient(
        lambda x: layers.temporal_softmax_loss(x, y, mask)[0], x, verbose=False
    )
    assert rel_error(dx, dx_num) < 1e-6  # "should be order e-7"
    assert np.all(dx[~mask] == 0), "a masked timestep has a gradient"
    y_changed = y.copy()
    y_changed[~mask] = (y[~mask] + 1) % V
    assert layers.temporal_softmax_loss(x, y_changed, mask)[0] == pytest.approx(loss, abs=0)


# §5.4: CaptioningRNN.


def linspace_model(rnn, cell_type, N=10, D=20, W=30, H=40):
    model = rnn.CaptioningRNN(WORD_TO_IDX, input_dim=D, wordvec_dim=W, hidden_dim=H,
                              cell_type=cell_type, dtype=np.float64)  # fmt: skip
    for k, v in model.params.items():
        model.params[k] = np.linspace(-1.4, 1.3, num=v.size).reshape(*v.shape)
    return model


@pytest.mark.parametrize(
    ("cell_type", "low", "high", "expected"),
    [("rnn", -1.5, 0.3, 9.83235591003), ("lstm", -0.5, 1.7, 9.82445935443)],
)
def test_captioning_rnn_loss(rnn, cell_type, low, high, expected):
    N, D, T = 10, 20, 13
    model = linspace_model(rnn, cell_type)
    features = np.linspace(low, high, num=N * D).reshape(N, D)
    captions = (np.arange(N * T) % len(WORD_TO_IDX)).reshape(N, T)
    loss, grads = model.loss(features, captions)
    assert abs(loss - expected) < 1e-10  # "should be order e-10"
    assert set(grads) == set(model.params)
    assert all(grads[k].shape == v.shape for k, v in model.params.items())


@pytest.mark.parametrize("cell_type", ["rnn", "lstm"])
def test_captioning_rnn_gradient_check(rnn, gc, cell_type):
    np.random.seed(231)
    batch_size, timesteps, input_dim, wordvec_dim, hidden_dim = 2, 3, 4, 5, 6
    V = len(WORD_TO_IDX)
    captions = np.random.randint(V, size=(batch_size, timesteps))  # captions before features
    features = np.random.randn(batch_size, input_dim)
    model = rnn.CaptioningRNN(WORD_TO_IDX, input_dim=input_dim, wordvec_dim=wordvec_dim,
                              hidden_dim=hidden_dim, cell_type=cell_type,
                              dtype=np.float64)  # fmt: skip
    loss, grads = model.loss(features, captions)
    for name in sorted(model.params):
        numeric = gc.eval_numerical_gradient(
            lambda _: model.loss(features, captions)[0], model.params[name], verbose=False, h=1e-6
        )
        if cell_type == "rnn":
            assert rel_error(numeric, grads[name]) < 1e-5, name  # "should be order e-6"
        else:
            # No published check. The lstm's gradients are ~1e-5 (the embeddings start at 1e-2
            # scale), so entrywise rel_error measures the difference quotient's roundoff
            # (~1e-10 absolute); compare the whole array instead.
            difference = np.linalg.norm(numeric - grads[name])
            assert difference <= 1e-6 * np.linalg.norm(numeric + grads[name]), name


def test_captioning_rnn_rejects_an_unknown_cell_type(rnn):
    with pytest.raises(ValueError, match="gru"):
        rnn.CaptioningRNN(WORD_TO_IDX, cell_type="gru")


# §5.3, §13: sample() is checked explicitly, as the notebooks never do.

SAMPLE_VOCAB = {"<NULL>": 0, "<START>": 1, "<END>": 2, "cat": 3, "dog": 4, "sat": 5}


@pytest.mark.parametrize("cell_type", ["rnn", "lstm"])
def test_sample_is_greedy_from_start_and_never_writes_start(layers, rnn, cell_type):
    np.random.seed(231)
    N, D, max_length = 4, 7, 6
    model = rnn.CaptioningRNN(SAMPLE_VOCAB, input_dim=D, wordvec_dim=5, hidden_dim=8,
                              cell_type=cell_type, dtype=np.float64)  # fmt: skip
    # Make <START> the argmax of every step unless something else wins: a sampler that copies
    # its input word into the output, or writes <START> in column 0, is caught.
    model.params["b_vocab"][SAMPLE_VOCAB["<START>"]] = -50.0
    features = np.random.randn(N, D)
    captions = model.sample(features, max_length=max_length)
    assert captions.shape == (N, max_length)
    assert np.issubdtype(captions.dtype, np.integer)
    assert not np.any(captions[:, 0] == SAMPLE_VOCAB["<START>"])

    # The same greedy decode, step by step with the layer functions.
    p = model.params
    h = features @ p["W_proj"] + p["b_proj"]
    c = np.zeros_like(h)
    word = np.full(N, SAMPLE_VOCAB["<START>"])
    expected = np.zeros((N, max_length), dtype=int)
    for t in range(max_length):
        x = p["W_embed"][word]
        if cell_type == "rnn":
            h, _ = layers.rnn_step_forward(x, h, p["Wx"], p["Wh"], p["b"])
        else:
            h, c, _ = layers.lstm_step_forward(x, h, c, p["Wx"], p["Wh"], p["b"])
        word = (h @ p["W_vocab"] + p["b_vocab"]).argmax(axis=1)
        expected[:, t] = word
    np.testing.assert_array_equal(captions, expected)
