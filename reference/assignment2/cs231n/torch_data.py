"""CIFAR-10 for PyTorch, read straight from the python pickle batches.

    loader_train, loader_val, loader_test = cifar10_loaders(batch_size=64)

torchvision's CIFAR10 class checks the MD5 of every batch file, so it refuses anything but
the original download (the generated stand-in of make_synthetic_cifar10.py included), and
PyTorch.ipynb would need torchvision only for it. This module reads the same files itself:
data_batch_1 ... data_batch_5 and test_batch in $CIFAR10_DIR, else
cs231n/datasets/cifar-10-batches-py. It is the only module of the package that imports torch.
"""

import os
import pickle

import numpy as np
import torch
from torch.utils.data import DataLoader, Dataset, sampler

# The same variable and default folder as data_utils, so every notebook reads one dataset.
DATASET_ENV = "CIFAR10_DIR"
DEFAULT_CIFAR10_DIR = os.path.join(os.path.dirname(__file__), "datasets", "cifar-10-batches-py")
# Per-channel mean and standard deviation of CIFAR-10's training images, in [0, 1] units.
CIFAR10_MEAN = (0.4914, 0.4822, 0.4465)
CIFAR10_STD = (0.2023, 0.1994, 0.2010)
NUM_VAL = 1000  # the last 1000 training images are the validation set, as in the course


def cifar10_dir():
    """The CIFAR-10 folder: $CIFAR10_DIR when set, else cs231n/datasets/cifar-10-batches-py."""
    return os.environ.get(DATASET_ENV, DEFAULT_CIFAR10_DIR)


class Normalize:
    """
    Turn uint8 images into a float32 tensor in [0, 1], then standardize each channel.

    Inputs:
    - image: uint8 array, of shape (3, 32, 32) or (N, 3, 32, 32)

    Returns a float32 tensor of the same shape: (image / 255 - mean) / std per channel.
    """

    def __init__(self, mean=CIFAR10_MEAN, std=CIFAR10_STD):
        self.mean = torch.tensor(mean, dtype=torch.float32).view(3, 1, 1)  # (3, 1, 1)
        self.std = torch.tensor(std, dtype=torch.float32).view(3, 1, 1)

    def __call__(self, image):
        x = torch.from_numpy(np.ascontiguousarray(image)).to(torch.float32) / 255.0
        return (x - self.mean) / self.std


class CIFAR10(Dataset):
    """
    The training batches (train=True) or the test batch of a CIFAR-10 folder.

    Item i is (transform(image), label) with image a uint8 array of shape (3, 32, 32),
    channels first as stored, and label an int in 0..9. Without a transform the image is
    returned as a float32 tensor in [0, 1].
    """

    def __init__(self, root=None, train=True, transform=None):
        self.root = root or cifar10_dir()
        self.train = train  # check_accuracy_part2 reads it to name the split
        self.transform = transform
        names = ["data_batch_%d" % b for b in range(1, 6)] if train else ["test_batch"]
        images, labels = [], []
        for name in names:
            batch = _load_batch(os.path.join(self.root, name))
            images.append(np.asarray(batch["data"], dtype=np.uint8).reshape(-1, 3, 32, 32))
            labels.extend(int(label) for label in batch["labels"])
        self.data = np.concatenate(images)  # (N, 3, 32, 32) uint8
        self.targets = labels

    def __len__(self):
        return len(self.targets)

    def __getitem__(self, index):
        image = self.data[index]
        if self.transform is None:
            return torch.from_numpy(image.astype(np.float32) / 255.0), self.targets[index]
        return self.transform(image), self.targets[index]


def cifar10_loaders(root=None, batch_size=64, num_val=NUM_VAL, transform=None):
    """
    The notebook's three DataLoaders: training and validation images both come from the
    training batches (the last num_val images are the validation set), test images from
    the test batch. Training batches are drawn in a random order (torch's global generator:
    seed it with torch.manual_seed for repeatable runs).

    Inputs:
    - root: the dataset folder; None for $CIFAR10_DIR or cs231n/datasets/cifar-10-batches-py
    - batch_size: images per minibatch
    - num_val: how many training images to keep for validation
    - transform: applied to each uint8 image; None for Normalize()

    Returns a tuple of:
    - loader_train, loader_val, loader_test: DataLoaders of (x, y) with x of shape
      (batch_size, 3, 32, 32) and y of shape (batch_size,)
    """
    transform = transform or Normalize()
    train = CIFAR10(root, train=True, transform=transform)
    test = CIFAR10(root, train=False, transform=transform)
    num_train = len(train) - num_val
    if num_train <= 0:
        raise ValueError("%s has %d training images; %d are kept for validation"
                         % (train.root, len(train), num_val))  # fmt: skip
    loader_train = DataLoader(train, batch_size=batch_size,
                              sampler=sampler.SubsetRandomSampler(range(num_train)))  # fmt: skip
    # Validation images in order: any iterable of indices is a sampler.
    loader_val = DataLoader(train, batch_size=batch_size, sampler=range(num_train, len(train)))
    loader_test = DataLoader(test, batch_size=batch_size)
    return loader_train, loader_val, loader_test


def split_images(split, root=None, num_val=NUM_VAL):
    """
    All images and labels of one split as tensors, normalized as the loaders do.

    Inputs:
    - split: "val" or "test"

    Returns a tuple of:
    - x: float32 tensor, of shape (N, 3, 32, 32)
    - y: int64 tensor, of shape (N,)
    """
    if split not in ("val", "test"):
        raise ValueError('split must be "val" or "test", got %r' % (split,))
    dataset = CIFAR10(root, train=split == "val")
    rows = slice(len(dataset) - num_val, None) if split == "val" else slice(None)
    normalize = Normalize()
    x = normalize(dataset.data[rows])  # (N, 3, 32, 32)
    return x, torch.tensor(dataset.targets[rows], dtype=torch.int64)


def class_scores(model_fn, split="val", root=None, batch_size=250):
    """
    Scores of a model on every image of one split, in order, as a numpy array; the
    autograder measures models this way after a notebook has run.

    Inputs:
    - model_fn: callable taking x of shape (N, 3, 32, 32) to scores of shape (N, C)
      (an nn.Module, or a lambda around three_layer_convnet and its params)
    - split: "val" or "test"

    Returns scores, a float32 array of shape (N, C).
    """
    x, _ = split_images(split, root)
    if isinstance(model_fn, torch.nn.Module):
        model_fn.eval()
    with torch.no_grad():
        scores = [model_fn(x[i : i + batch_size]) for i in range(0, len(x), batch_size)]
    return torch.cat(scores).to(torch.float32).numpy()


def _load_batch(path):
    """One pickled batch: a dict with "data" (N, 3072) uint8 and "labels" (N ints)."""
    if not os.path.isfile(path):
        raise FileNotFoundError(
            "CIFAR-10 batch %s not found: run cs231n/datasets/get_datasets.sh, or set %s to "
            "the folder that holds data_batch_1 ... test_batch" % (path, DATASET_ENV)
        )
    with open(path, "rb") as f:
        return pickle.load(f, encoding="latin1")  # the real batches were written by Python 2


# What the autograder calls in the notebook's kernel once the notebook has run; nothing in
# the notebook needs these.


def seeded_tensors(specs, seed=231):
    """
    Float64 tensors drawn in order from numpy's RandomState(seed), so they are the same on
    every machine and with every torch version.

    Inputs:
    - specs: a list of (shape, scale) pairs; tensor i is scale_i times standard normal values

    Returns a list of float64 tensors, one per pair.
    """
    rng = np.random.RandomState(seed)
    return [torch.from_numpy(scale * rng.randn(*shape)) for shape, scale in specs]


def load_parameters(model, tensors):
    """
    Make `model` float64 and copy each tensor into the parameter of its shape (every
    parameter needs a tensor of its own shape, so the shapes must all differ).

    Returns the model, in test-time mode.
    """
    by_shape = {tuple(t.shape): t for t in tensors}
    model = model.double()
    shapes = [tuple(p.shape) for p in model.parameters()]
    if sorted(shapes) != sorted(by_shape):
        raise ValueError("parameter shapes %s, expected %s" % (sorted(shapes), sorted(by_shape)))
    with torch.no_grad():
        for p in model.parameters():
            p.copy_(by_shape[tuple(p.shape)])
    return model.eval()


def as_array(value):
    """A tensor (or anything array-like) as a numpy array; None is an error that says so."""
    if value is None:
        raise TypeError("got None (is the TODO still empty?)")
    if isinstance(value, torch.Tensor):
        return value.detach().cpu().numpy()
    return np.asarray(value)
