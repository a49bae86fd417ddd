"""Notebook runs of Q1-Q4: each numpy notebook runs top to bottom on the run's dataset, and the
models it leaves behind reach that dataset's targets, measured here from their exported
parameters (never by calling student code in this process).

FullyConnectedNets.ipynb asks for two things besides its best model: a weight scale and a
learning rate with which a three-layer and a five-layer net overfit 50 images. Those are
re-measured by training such a net here (our own numpy, seeded) with the chosen settings,
as the notebook's cell does, and taking the best training accuracy over its epochs.
"""

import numpy as np

from grader.checks import NotebookRun

MAX_LAYERS = 8  # deepest FullyConnectedNet whose exported parameters are measured
BN_EPS = 1e-5  # the eps FullyConnectedNet's normalization layers use (provided code)
OVERFIT_SEEDS = (0, 1, 2, 3, 4)  # the overfit runs' accuracy is the median over these
# The overfit cells' Solver: 20 epochs of sgd with batches of 25 (spec §6.3).
OVERFIT_EPOCHS, OVERFIT_BATCH = 20, 25
NUM_CLASSES = 10
MEASURE_BATCH = 100  # images per forward pass when measuring a ConvNet (bounds the memory)

FC_UNITS = (
    "FullyConnectedNet.__init__",
    "FullyConnectedNet.loss",
    "affine_forward",
    "affine_backward",
    "relu_forward",
    "relu_backward",
    "softmax_loss",
)
OPTIM_UNITS = ("sgd_momentum", "rmsprop", "adam")
BN_UNITS = ("batchnorm_forward", "batchnorm_backward", "layernorm_forward", "layernorm_backward")
DROPOUT_UNITS = ("dropout_forward", "dropout_backward")
CNN_UNITS = (
    "ThreeLayerConvNet.__init__",
    "ThreeLayerConvNet.loss",
    "conv_forward_naive",
    "conv_backward_naive",
    "max_pool_forward_naive",
    "max_pool_backward_naive",
)


# Exports: expressions the grader evaluates in the notebook's namespace after the last cell.


def fc_exports(prefix, model):
    """What measuring a FullyConnectedNet needs: its weights, its normalization and the running
    averages of its batchnorm layers, as arrays (empty for layers the net does not have)."""
    exports = {f"{prefix}normalization": f"str({model}.normalization)"}
    for i in range(1, MAX_LAYERS + 1):
        for name in ("W", "b", "gamma", "beta"):
            exports[f"{prefix}{name}{i}"] = f"{model}.params.get('{name}{i}', [])"
        for name in ("running_mean", "running_var"):
            exports[f"{prefix}{name}{i}"] = (
                f"({model}.bn_params[{i - 1}].get('{name}', []) "
                f"if len({model}.bn_params) >= {i} else [])"
            )
    return exports


def convnet_exports(prefix, model):
    return {f"{prefix}{n}": f"{model}.params['{n}']" for n in ("W1", "b1", "W2", "b2", "W3", "b3")}


def overfit_exports(run):
    """The settings one overfit cell recorded in `overfit_runs` (provided code)."""
    return {
        f"{run} weight_scale": f"overfit_runs['{run}']['weight_scale']",
        f"{run} learning_rate": f"overfit_runs['{run}']['learning_rate']",
    }


# The notebooks' own preprocessed data (get_CIFAR10_data).
VAL = {"X_val": "data['X_val']", "y_val": "data['y_val']"}
TRAIN_50 = {"X_train 50": "data['X_train'][:50]", "y_train 50": "data['y_train'][:50]"}
TRAIN_1000 = {"X_train 1000": "data['X_train'][:1000]", "y_train 1000": "data['y_train'][:1000]"}


# Measures: {metric: value} from the exported arrays, in this process.


def fc_accuracy(metric, prefix, X="X_val", y="y_val"):
    """A NotebookRun measure: the accuracy of the exported FullyConnectedNet on X, y."""

    def measure(arrays):
        return {metric: accuracy(fc_scores(arrays, prefix, arrays[X]), arrays[y])}

    return measure


def convnet_accuracy(metric, prefix, X, y):
    """A NotebookRun measure: the accuracy of the exported ThreeLayerConvNet on X, y."""

    def measure(arrays):
        params = {n: _floats(arrays[prefix + n]) for n in ("W1", "b1", "W2", "b2", "W3", "b3")}
        data = _floats(arrays[X])
        scores = [convnet_scores(params, data[i : i + MEASURE_BATCH])
                  for i in range(0, len(data), MEASURE_BATCH)]  # fmt: skip
        return {metric: accuracy(np.concatenate(scores), arrays[y])}

    return measure


def overfit_accuracy(metric, run, hidden_dims):
    """A NotebookRun measure: the best training accuracy a correct net with `hidden_dims`
    reaches on the 50 images with the run's weight scale and learning rate (median over
    seeds)."""

    def measure(arrays):
        weight_scale = float(arrays[f"{run} weight_scale"])
        learning_rate = float(arrays[f"{run} learning_rate"])
        X, y = _floats(arrays["X_train 50"]), np.asarray(arrays["y_train 50"]).astype(np.int64)
        best = [overfit_run(X, y, hidden_dims, weight_scale, learning_rate, seed)
                for seed in OVERFIT_SEEDS]  # fmt: skip
        return {metric: float(np.median(best))}

    return measure


def both(*measures):
    """Several measures of one notebook run, merged."""

    def measure(arrays):
        values = {}
        for one in measures:
            values.update(one(arrays))
        return values

    return measure


# The models, at test time, in numpy.


def fc_scores(arrays, prefix, X):
    """Test-time scores of an exported FullyConnectedNet: {affine - [norm] - relu} x (L - 1) -
    affine, dropout being the identity at test time."""
    normalization = str(arrays[f"{prefix}normalization"])
    layers = [i for i in range(1, MAX_LAYERS + 1) if np.size(arrays[f"{prefix}W{i}"])]
    if not layers or layers != list(range(1, len(layers) + 1)):
        raise ValueError(f"the net's weights are not W1..WL (found {len(layers)} layers)")
    out = _floats(X).reshape(len(X), -1)  # (N, D)
    for i in layers:
        out = out @ _floats(arrays[f"{prefix}W{i}"]) + _floats(arrays[f"{prefix}b{i}"])
        if i == layers[-1]:
            return out  # (N, C)
        gamma, beta = _floats(arrays[f"{prefix}gamma{i}"]), _floats(arrays[f"{prefix}beta{i}"])
        if normalization == "batchnorm":
            mean = _floats(arrays[f"{prefix}running_mean{i}"])
            var = _floats(arrays[f"{prefix}running_var{i}"])
            out = gamma * (out - mean) / np.sqrt(var + BN_EPS) + beta
        elif normalization == "layernorm":
            mean, var = out.mean(axis=1, keepdims=True), out.var(axis=1, keepdims=True)
            out = gamma * (out - mean) / np.sqrt(var + BN_EPS) + beta
        out = np.maximum(out, 0.0)
    return out


def convnet_scores(params, X):
    """Test-time scores of a ThreeLayerConvNet: conv (stride 1, size-preserving padding) -
    relu - 2x2 max pool - affine - relu - affine."""
    W1 = params["W1"]
    F, C, HH, WW = W1.shape
    N, _, H, W = X.shape
    pad = (HH - 1) // 2
    padded = np.pad(X, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    n, c, h, w = padded.strides
    windows = np.lib.stride_tricks.as_strided(
        padded, (N, H, W, C, HH, WW), (n, h, w, c, h, w), writeable=False
    )  # (N, H, W, C, HH, WW)
    conv = windows.reshape(N * H * W, -1) @ W1.reshape(F, -1).T + params["b1"]  # (N*H*W, F)
    relu = np.maximum(conv, 0.0).reshape(N, H // 2, 2, W // 2, 2, F)
    pooled = relu.max(axis=(2, 4)).transpose(0, 3, 1, 2).reshape(N, -1)  # (N, F*H/2*W/2)
    hidden = np.maximum(pooled @ params["W2"] + params["b2"], 0.0)
    return hidden @ params["W3"] + params["b3"]  # (N, C)


def overfit_run(X, y, hidden_dims, weight_scale, learning_rate, seed):
    """Train an affine-relu net with softmax loss as the overfit cells do (sgd, batches of 25
    drawn with replacement, 20 epochs) and return its best training accuracy at an epoch end.
    """
    if not (np.isfinite(weight_scale) and np.isfinite(learning_rate)):
        raise ValueError("the weight scale and the learning rate must be numbers")
    rng = np.random.RandomState(seed)
    rows = X.reshape(len(X), -1)  # (N, D)
    dims = [rows.shape[1], *hidden_dims, NUM_CLASSES]
    weights = [
        weight_scale * rng.randn(d_in, d_out)
        for d_in, d_out in zip(dims[:-1], dims[1:], strict=True)
    ]
    biases = [np.zeros(d_out) for d_out in dims[1:]]
    steps_per_epoch = max(len(rows) // OVERFIT_BATCH, 1)
    best = _fc_accuracy(rows, y, weights, biases)
    with np.errstate(all="ignore"):  # a diverging run ends with NaN scores: accuracy 0
        for step in range(OVERFIT_EPOCHS * steps_per_epoch):
            batch = rng.choice(len(rows), OVERFIT_BATCH)
            grads = _fc_gradients(rows[batch], y[batch], weights, biases)
            for param, grad in zip(weights + biases, grads, strict=True):
                param -= learning_rate * grad
            if (step + 1) % steps_per_epoch == 0:
                best = max(best, _fc_accuracy(rows, y, weights, biases))
    return best


def _fc_gradients(x, y, weights, biases):
    """Gradients of the mean softmax loss of an affine-relu net, weights then biases."""
    activations = [x]
    for W, b in zip(weights[:-1], biases[:-1], strict=True):
        activations.append(np.maximum(activations[-1] @ W + b, 0.0))
    scores = activations[-1] @ weights[-1] + biases[-1]  # (N, C)
    probs = np.exp(scores - scores.max(axis=1, keepdims=True))
    probs /= probs.sum(axis=1, keepdims=True)
    probs[np.arange(len(y)), y] -= 1.0
    dout = probs / len(y)
    dweights, dbiases = [], []
    for layer in range(len(weights) - 1, -1, -1):
        dweights.insert(0, activations[layer].T @ dout)
        dbiases.insert(0, dout.sum(axis=0))
        dout = (dout @ weights[layer].T) * (activations[layer] > 0)
    return dweights + dbiases


def _fc_accuracy(x, y, weights, biases):
    out = x
    for W, b in zip(weights[:-1], biases[:-1], strict=True):
        out = np.maximum(out @ W + b, 0.0)
    return accuracy(out @ weights[-1] + biases[-1], y)


def accuracy(scores, labels) -> float:
    """Fraction of rows whose highest score is the label; 0 for scores of the wrong shape or
    with NaNs (a diverged model)."""
    scores, labels = np.asarray(scores, dtype=np.float64), np.asarray(labels).reshape(-1)
    if scores.ndim != 2 or scores.shape[0] != len(labels) or not np.isfinite(scores).all():
        return 0.0
    return float(np.mean(np.argmax(scores, axis=1) == labels))


def _floats(value):
    return np.asarray(value, dtype=np.float64)


def overfit_check(run, label, hidden_dims, hint):
    """The settings `run` of the FC notebook's overfit cells reach 100% training accuracy."""
    metric = f"{label} training accuracy"
    return NotebookRun(
        unit="FullyConnectedNets.ipynb",
        what=f"the {label} net's weight scale and learning rate overfit 50 images",
        question="fc_nets",
        points=1,
        notebook="FullyConnectedNets.ipynb",
        uses=FC_UNITS,
        exports={**overfit_exports(run), **TRAIN_50},
        claims={metric: f"max(overfit_runs['{run}']['train_acc_history'])"},
        measure=overfit_accuracy(metric, run, hidden_dims),
        targets_by_metric={metric: "fc_overfit_train"},
        hint=hint,
    )


CHECKS = [
    overfit_check(
        "three_layer",
        "three-layer",
        (100, 100),
        "tune only weight_scale and learning_rate until training accuracy reaches 1",
    ),
    overfit_check(
        "five_layer",
        "five-layer",
        (100, 100, 100, 100),
        "a deeper net is more sensitive to the weight scale: tune it with the learning rate",
    ),  # fmt: skip
    NotebookRun(
        unit="FullyConnectedNets.ipynb",
        what="run on the generated data, best_model reaches the validation target",
        question="fc_nets",
        points=1,
        notebook="FullyConnectedNets.ipynb",
        uses=(*FC_UNITS, *OPTIM_UNITS, *BN_UNITS, *DROPOUT_UNITS),
        exports={**fc_exports("best ", "best_model"), **VAL},
        claims={"validation accuracy": "(y_val_pred == data['y_val']).mean()"},
        measure=fc_accuracy("validation accuracy", "best "),
        targets_by_metric={"validation accuracy": "fc_best_val"},
    ),
    NotebookRun(
        unit="BatchNormalization.ipynb",
        what="run on the generated data, the deep net with batchnorm reaches its target",
        question="batchnorm",
        points=2,
        notebook="BatchNormalization.ipynb",
        uses=(*FC_UNITS, *BN_UNITS, "adam"),
        exports={**fc_exports("bn ", "bn_model"), **VAL},
        claims={"validation accuracy": "bn_solver.best_val_acc"},
        measure=fc_accuracy("validation accuracy", "bn "),
        targets_by_metric={"validation accuracy": "bn_val"},
    ),
    NotebookRun(
        unit="Dropout.ipynb",
        what="run on the generated data, the net with dropout reaches its target",
        question="dropout",
        points=2,
        notebook="Dropout.ipynb",
        uses=(*FC_UNITS, *DROPOUT_UNITS, "adam"),
        exports={**fc_exports("dropout ", "solvers[0.25].model"), **VAL},
        claims={"validation accuracy": "solvers[0.25].best_val_acc"},
        measure=fc_accuracy("validation accuracy", "dropout "),
        targets_by_metric={"validation accuracy": "dropout_val"},
    ),
    NotebookRun(
        unit="ConvolutionalNetworks.ipynb",
        what="run on the generated data, one epoch of ThreeLayerConvNet reaches its targets",
        question="cnn",
        points=3,
        notebook="ConvolutionalNetworks.ipynb",
        uses=(*CNN_UNITS, "adam"),
        exports={**convnet_exports("cnn ", "model"), **TRAIN_1000, **VAL},
        claims={
            "training accuracy": "solver.train_acc_history[-1]",
            "validation accuracy": "solver.best_val_acc",
        },
        measure=both(
            convnet_accuracy("training accuracy", "cnn ", "X_train 1000", "y_train 1000"),
            convnet_accuracy("validation accuracy", "cnn ", "X_val", "y_val"),
        ),
        targets_by_metric={
            "training accuracy": "cnn_one_epoch_train",
            "validation accuracy": "cnn_one_epoch_val",
        },
    ),
]
