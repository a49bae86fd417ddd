"""Load CIFAR-10 from its python pickle batches (the format of cifar-10-python.tar.gz)."""

import os
import pickle

import numpy as np

# Notebooks and helpers read the dataset folder from this variable, so the same code runs on
# the real CIFAR-10 and on the small generated set.
DATASET_ENV = "CIFAR10_DIR"
DEFAULT_CIFAR10_DIR = os.path.join(os.path.dirname(__file__), "datasets", "cifar-10-batches-py")


def cifar10_dir():
    """The CIFAR-10 folder: $CIFAR10_DIR when set, else cs231n/datasets/cifar-10-batches-py."""
    return os.environ.get(DATASET_ENV, DEFAULT_CIFAR10_DIR)


def load_pickle(f):
    """Unpickle one batch file; the batches were written by Python 2, hence latin1."""
    return pickle.load(f, encoding="latin1")


def load_CIFAR_batch(filename):
    """
    Load one CIFAR-10 batch file.

    Returns a tuple of:
    - X: Images, of shape (N, 32, 32, 3), float64 in 0..255.
    - Y: Labels, of shape (N,), ints in 0..9.
    """
    with open(filename, "rb") as f:
        datadict = load_pickle(f)
        X = datadict["data"]
        Y = datadict["labels"]
        X = X.reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1).astype("float")  # (N, 32, 32, 3)
        Y = np.array(Y)
        return X, Y


def load_CIFAR10(ROOT):
    """
    Load all of CIFAR-10 from the folder ROOT.

    Returns a tuple of:
    - Xtr: Training images, of shape (50000, 32, 32, 3).
    - Ytr: Training labels, of shape (50000,).
    - Xte: Test images, of shape (10000, 32, 32, 3).
    - Yte: Test labels, of shape (10000,).
    """
    if not os.path.isfile(os.path.join(ROOT, "data_batch_1")):
        raise FileNotFoundError(
            "CIFAR-10 not found in %s: run cs231n/datasets/get_datasets.sh, or set %s "
            "to the folder that holds data_batch_1 ... test_batch" % (ROOT, DATASET_ENV)
        )
    xs = []
    ys = []
    for b in range(1, 6):
        X, Y = load_CIFAR_batch(os.path.join(ROOT, "data_batch_%d" % b))
        xs.append(X)
        ys.append(Y)
    Xtr = np.concatenate(xs)
    Ytr = np.concatenate(ys)
    Xte, Yte = load_CIFAR_batch(os.path.join(ROOT, "test_batch"))
    return Xtr, Ytr, Xte, Yte


def get_CIFAR10_data(num_training=49000, num_validation=1000, num_test=1000, subtract_mean=True):
    """
    Load CIFAR-10 and prepare it for the classifiers: split off a validation set,
    subtract the mean training image, and move channels first.

    Returns a dict with X_train (num_training, 3, 32, 32), y_train (num_training,),
    X_val, y_val, X_test and y_test, shaped alike.
    """
    X_train, y_train, X_test, y_test = load_CIFAR10(cifar10_dir())
    # A dataset smaller than CIFAR-10 (such as the generated one) keeps the validation
    # split and shrinks the training and test splits to fit.
    num_training = min(num_training, X_train.shape[0] - num_validation)
    num_test = min(num_test, X_test.shape[0])

    # Validation comes right after the training examples; training keeps the start.
    mask = list(range(num_training, num_training + num_validation))
    X_val = X_train[mask]
    y_val = y_train[mask]
    mask = list(range(num_training))
    X_train = X_train[mask]
    y_train = y_train[mask]
    mask = list(range(num_test))
    X_test = X_test[mask]
    y_test = y_test[mask]

    if subtract_mean:
        mean_image = np.mean(X_train, axis=0)
        X_train -= mean_image
        X_val -= mean_image
        X_test -= mean_image

    # (N, 32, 32, 3) -> (N, 3, 32, 32)
    X_train = X_train.transpose(0, 3, 1, 2).copy()
    X_val = X_val.transpose(0, 3, 1, 2).copy()
    X_test = X_test.transpose(0, 3, 1, 2).copy()

    return {
        "X_train": X_train,
        "y_train": y_train,
        "X_val": X_val,
        "y_val": y_val,
        "X_test": X_test,
        "y_test": y_test,
    }
