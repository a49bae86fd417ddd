"""Inputs shared by assignment 1's checks: notebook-style arrays and the generated images,
and the accuracies computed here (never in the worker or the kernel) from what models leave."""

import functools

import numpy as np


@functools.lru_cache(maxsize=4)
def synthetic_images(generator, seed, num_train, num_val):
    """Generated CIFAR-like images as float64: (X_train (N, 32, 32, 3), y_train, X_val, y_val);
    `generator` is the dataset's generator module (Inputs(..., dataset="synthetic"))."""
    X_train, y_train, X_val, y_val = generator.make_dataset(
        np.random.RandomState(seed), num_train, num_val
    )
    return X_train.astype(np.float64), y_train, X_val.astype(np.float64), y_val


def linear_rows(generator, seed, num_train, num_val, pool=1):
    """The svm/softmax notebooks' preprocessing: rows, minus the mean image, plus a bias column.
    With `pool` > 1 each image is first averaged over pool x pool blocks of pixels (the
    generated classes are blurry colour patterns, so little of their signal goes)."""
    X_train, y_train, X_val, y_val = synthetic_images(generator, seed, num_train, num_val)
    X_train, X_val = _pooled(X_train, pool), _pooled(X_val, pool)
    mean_image = X_train.reshape(num_train, -1).mean(axis=0)

    def rows(X):
        flat = X.reshape(len(X), -1) - mean_image
        return np.hstack([flat, np.ones((len(X), 1))])

    return {"X_train": rows(X_train), "y_train": y_train, "X_val": rows(X_val), "y_val": y_val}


def net_images(generator, seed, num_train, num_val, pool=1):
    """get_CIFAR10_data's preprocessing: minus the mean image, channels first; with `pool` > 1,
    each image averaged over pool x pool blocks first (see linear_rows)."""
    X_train, y_train, X_val, y_val = synthetic_images(generator, seed, num_train, num_val)
    X_train, X_val = _pooled(X_train, pool), _pooled(X_val, pool)
    mean_image = X_train.mean(axis=0)
    return {
        "X_train": (X_train - mean_image).transpose(0, 3, 1, 2).copy(),
        "y_train": y_train,
        "X_val": (X_val - mean_image).transpose(0, 3, 1, 2).copy(),
        "y_val": y_val,
    }


def _pooled(images, pool):
    """(N, 32, 32, 3) images averaged over pool x pool blocks: (N, 32 / pool, 32 / pool, 3)."""
    if pool == 1:
        return images
    n, size = len(images), images.shape[1] // pool
    return images.reshape(n, size, pool, size, pool, 3).mean(axis=(2, 4))


def dev_set(rng, num_dev=500, dim=3073, scale=60.0):
    """A stand-in for the notebooks' X_dev: mean-subtracted pixel rows with a bias column."""
    X = scale * rng.randn(num_dev, dim)
    X[:, -1] = 1.0
    return {"W": 0.0001 * rng.randn(dim, 10), "X": X, "y": rng.randint(10, size=num_dev)}


def loss_inputs(rng, num_train, dim, num_classes, reg, weight_scale=0.01):
    """W, X, y for a linear loss: small random weights and pixel-scale data."""
    return {
        "W": weight_scale * rng.randn(dim, num_classes),
        "X": 10.0 * rng.randn(num_train, dim),
        "y": rng.randint(num_classes, size=num_train),
        "reg": reg,
    }


def fraction_correct(predicted, labels) -> float:
    """How often predicted labels equal the labels; 0 when their shapes differ."""
    predicted, labels = np.asarray(predicted).reshape(-1), np.asarray(labels).reshape(-1)
    return float(np.mean(predicted == labels)) if predicted.shape == labels.shape else 0.0


def accuracy(scores, labels) -> float:
    """Fraction of rows whose highest score is the label."""
    scores = np.asarray(scores, dtype=np.float64)
    if scores.ndim != 2 or scores.shape[0] != len(labels):
        return 0.0
    return fraction_correct(np.argmax(scores, axis=1), labels)


def linear_accuracy(metric, W="W", X="X", y="y"):
    """A NotebookRun measure: {metric: accuracy of scores X.dot(W)}, from the exported arrays.
    Weights with one more row than X has columns get X's bias column back (the features
    notebook drops it after its SVM cell)."""

    def measure(arrays):
        weights, data = _matrix(arrays, W), _matrix(arrays, X)
        if weights.shape[0] == data.shape[1] + 1:
            data = np.hstack([data, np.ones((len(data), 1))])
        if weights.shape[0] != data.shape[1]:
            raise ValueError(f"{W} has {weights.shape[0]} rows but {X} has {data.shape[1]} columns")
        return {metric: accuracy(data @ weights, arrays[y])}

    return measure


def net_accuracy(metric, prefix="", X="X", y="y"):
    """A NotebookRun measure: {metric: accuracy of the two-layer net whose W1, b1, W2, b2 were
    exported (under `prefix`)}: affine - relu - affine, computed here."""

    def measure(arrays):
        W1, b1, W2, b2 = (np.asarray(arrays[prefix + n], dtype=np.float64)
                          for n in ("W1", "b1", "W2", "b2"))  # fmt: skip
        data = np.asarray(arrays[X], dtype=np.float64)
        rows = data.reshape(len(data), -1)  # (N, D)
        hidden = np.maximum(0.0, rows @ W1 + b1)  # (N, H)
        return {metric: accuracy(hidden @ W2 + b2, arrays[y])}

    return measure


def knn_accuracy(metric):
    """A NotebookRun measure: {metric: accuracy of kNN with the notebook's best_k on its test
    rows}, computed here with L2 distances and ties to the smaller label."""

    def measure(arrays):
        train, test = _matrix(arrays, "X_train"), _matrix(arrays, "X_test")
        labels, k = np.asarray(arrays["y_train"]).astype(np.int64), int(arrays["k"])
        squared = (test**2).sum(1)[:, None] + (train**2).sum(1) - 2.0 * test @ train.T
        nearest = np.argsort(squared, axis=1, kind="stable")[:, :k]  # (num_test, k)
        votes = np.stack([np.bincount(row, minlength=labels.max() + 1) for row in labels[nearest]])
        return {metric: fraction_correct(np.argmax(votes, axis=1), arrays["y_test"])}

    return measure


def both(*measures):
    """Several measures of one notebook run, merged."""

    def measure(arrays):
        values = {}
        for one in measures:
            values.update(one(arrays))
        return values

    return measure


def _matrix(arrays, name):
    value = np.asarray(arrays[name], dtype=np.float64)
    if value.ndim != 2:
        value = value.reshape(len(value), -1)
    return value
