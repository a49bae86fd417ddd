"""Inputs shared by assignment 1's checks: notebook-style arrays and the generated images,
and the accuracies computed (here, never in the worker) from what models predict."""

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


def linear_rows(generator, seed, num_train, num_val):
    """The svm/softmax notebooks' preprocessing: rows, minus the mean image, plus a bias column."""
    X_train, y_train, X_val, y_val = synthetic_images(generator, seed, num_train, num_val)
    mean_image = X_train.reshape(num_train, -1).mean(axis=0)

    def rows(X):
        flat = X.reshape(len(X), -1) - mean_image
        return np.hstack([flat, np.ones((len(X), 1))])

    return {"X_train": rows(X_train), "y_train": y_train, "X_val": rows(X_val), "y_val": y_val}


def net_images(generator, seed, num_train, num_val):
    """get_CIFAR10_data's preprocessing: minus the mean image, channels first."""
    X_train, y_train, X_val, y_val = synthetic_images(generator, seed, num_train, num_val)
    mean_image = X_train.mean(axis=0)
    return {
        "X_train": (X_train - mean_image).transpose(0, 3, 1, 2).copy(),
        "y_train": y_train,
        "X_val": (X_val - mean_image).transpose(0, 3, 1, 2).copy(),
        "y_val": y_val,
    }


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


def predicted_accuracy(metric, model, X, y, method="predict"):
    """A NotebookRun measure: {metric: accuracy of the notebook's `model` on its X and y}.

    X and y name notebook variables, or "variable[key]" for an entry of a dict variable.
    With method="loss" the model returns scores (a TwoLayerNet) and the argmax is taken here.
    """

    def lookup(names, spec):
        name, _, key = spec.partition("[")
        value = names[name]
        return value[key.rstrip("]").strip("'\"")] if key else value

    def measure(student, names):
        output = student.method(names[model], method, lookup(names, X))
        labels = lookup(names, y)
        score = accuracy if method == "loss" else fraction_correct
        return {metric: score(output, labels)}

    measure.__name__ = f"accuracy_of_{model}"
    return measure


def label_accuracy(metric, predicted, y):
    """A NotebookRun measure: {metric: how often the notebook's `predicted` labels equal y}."""

    def measure(student, names):
        return {metric: fraction_correct(names[predicted], names[y])}

    return measure


def both(*measures):
    """Several measures of one notebook run, merged."""

    def measure(student, names):
        values = {}
        for one in measures:
            values.update(one(student, names))
        return values

    return measure
