"""The generated images the training checks run on, and accuracies computed here (never in the
worker) from the scores a model returns."""

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


def net_images(generator, seed, num_train, num_val):
    """get_CIFAR10_data's preprocessing: minus the mean image, channels first (N, 3, 32, 32)."""
    X_train, y_train, X_val, y_val = synthetic_images(generator, seed, num_train, num_val)
    mean_image = X_train.mean(axis=0)
    return {
        "X_train": (X_train - mean_image).transpose(0, 3, 1, 2).copy(),
        "y_train": y_train,
        "X_val": (X_val - mean_image).transpose(0, 3, 1, 2).copy(),
        "y_val": y_val,
    }


def accuracy(scores, labels) -> float:
    """Fraction of rows whose highest score is the label (0 for scores of the wrong shape)."""
    try:
        scores = np.asarray(scores, dtype=np.float64)
    except (TypeError, ValueError):
        return 0.0
    if scores.ndim != 2 or scores.shape[0] != len(labels):
        return 0.0
    return float(np.mean(np.argmax(scores, axis=1) == np.asarray(labels)))
