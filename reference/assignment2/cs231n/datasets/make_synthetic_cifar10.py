"""Write a small, learnable stand-in for CIFAR-10 in the exact format of the real download.

    python cs231n/datasets/make_synthetic_cifar10.py            # -> cs231n/datasets/synthetic-cifar-10-batches-py
    export CIFAR10_DIR=cs231n/datasets/synthetic-cifar-10-batches-py

Use it when you cannot download CIFAR-10 (no network, a laptop on a plane). It writes
data_batch_1 ... data_batch_5, test_batch and batches.meta as Python pickles with the same
keys and dtypes as cifar-10-python.tar.gz, so `load_CIFAR10` reads it unchanged. The images
are 32x32x3 uint8: each class is a few blurry colour prototypes, shifted, rescaled, mixed with
class-free clutter and noise. A linear classifier learns part of it, and a small neural
network learns more. Accuracy targets for this data differ from CIFAR-10's (see the notebooks).

The same seed and sizes always give byte-identical files.
"""

import argparse
import os
import pickle

import numpy as np

LABEL_NAMES = [
    "airplane",
    "automobile",
    "bird",
    "cat",
    "deer",
    "dog",
    "frog",
    "horse",
    "ship",
    "truck",
]
NUM_CLASSES = 10
# Difficulty, calibrated so that (on 1000 images per batch) kNN gets about 20-27%, a linear
# SVM or softmax about 45%, and the notebook's two-layer net about 60%: CIFAR-10's ordering.
MODES_PER_CLASS = 10  # several prototypes per class, so no single template separates a class
COLOUR_SPREAD = 12  # how far class colours sit from the common grey: what a linear model sees
PATTERN_SCALE = 35  # strength of each prototype's own pattern: what needs a nonlinear model
NOISE = 45  # per-pixel noise
CLUTTER = (30, 80)  # range of the class-free clutter's strength
# Each class also has a texture: a grating at its own orientation with a random phase per
# image. Its pixels average out, so raw-pixel linear models barely see it, but gradient
# orientation histograms (HOG) do: image features beat raw pixels, as on CIFAR-10.
GRATING = 35  # amplitude of the texture
GRATING_CYCLES = (3, 5)  # cycles per image width, drawn per image
CLUTTER_FIELDS = 256  # class-free background patterns shared by all classes
DEFAULT_FOLDER = os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "synthetic-cifar-10-batches-py"
)


def smooth_field(rng, cells=4, size=32):
    """A blurry random colour pattern, shape (size, size, 3), roughly zero-mean and unit-scale."""
    coarse = rng.randn(cells, cells, 3)
    field = np.kron(coarse, np.ones((size // cells, size // cells, 1)))  # (size, size, 3), blocky
    for _ in range(3):  # a few box blurs soften the block edges
        field = (
            field
            + np.roll(field, 1, 0)
            + np.roll(field, -1, 0)
            + np.roll(field, 1, 1)
            + np.roll(field, -1, 1)
        ) / 5
    return field / field.std()


def make_prototypes(rng):
    """Class prototypes, shape (NUM_CLASSES, MODES_PER_CLASS, 32, 32, 3), in pixel units."""
    prototypes = np.empty((NUM_CLASSES, MODES_PER_CLASS, 32, 32, 3))
    for c in range(NUM_CLASSES):
        base_colour = 128 + COLOUR_SPREAD * rng.randn(3)
        for m in range(MODES_PER_CLASS):
            prototypes[c, m] = base_colour + PATTERN_SCALE * smooth_field(
                rng, cells=rng.choice([2, 4, 8])
            )
    return prototypes


def make_images(rng, prototypes, clutter, labels):
    """Render one image per label: a shifted, rescaled prototype plus clutter and noise."""
    images = np.empty((len(labels), 32, 32, 3))
    modes = rng.randint(MODES_PER_CLASS, size=len(labels))
    shifts = rng.randint(-4, 5, size=(len(labels), 2))
    contrast = rng.uniform(0.6, 1.4, size=len(labels))
    brightness = rng.normal(0, 25, size=len(labels))
    clutter_index = rng.randint(len(clutter), size=len(labels))
    clutter_amount = rng.uniform(*CLUTTER, size=len(labels))
    phases = rng.uniform(0, 2 * np.pi, size=len(labels))
    cycles = rng.uniform(*GRATING_CYCLES, size=len(labels))
    yy, xx = np.mgrid[0:32, 0:32] / 32.0
    for i, label in enumerate(labels):
        image = np.roll(prototypes[label, modes[i]], tuple(shifts[i]), axis=(0, 1))
        mean = image.mean()
        images[i] = (image - mean) * contrast[i] + mean + brightness[i]
        images[i] += clutter_amount[i] * clutter[clutter_index[i]]
        angle = np.pi * label / NUM_CLASSES  # each class its own orientation in [0, 180)
        wave = np.sin(2 * np.pi * cycles[i] * (xx * np.cos(angle) + yy * np.sin(angle)) + phases[i])
        images[i] += GRATING * wave[:, :, None]
    images += rng.normal(0, NOISE, size=images.shape)
    return np.clip(np.rint(images), 0, 255).astype(np.uint8)


def to_rows(images):
    """(N, 32, 32, 3) uint8 -> (N, 3072) uint8 rows: 1024 red, 1024 green, 1024 blue values."""
    return images.transpose(0, 3, 1, 2).reshape(len(images), 3072)


def write_batch(path, batch_label, labels, images, first_index):
    """One batch file: a dict with the real batches' keys, pickled as they are (protocol 2)."""
    batch = {
        "batch_label": batch_label,
        "labels": [int(label) for label in labels],
        "data": to_rows(images),  # (N, 3072) uint8
        "filenames": [
            "synthetic_%s_%05d.png" % (LABEL_NAMES[y], first_index + i)
            for i, y in enumerate(labels)
        ],
    }
    with open(path, "wb") as f:
        pickle.dump(batch, f, protocol=2)


def make_dataset(rng, num_train, num_test):
    """The images and labels themselves, in memory: (X_train, y_train, X_test, y_test), with
    X as uint8 arrays of shape (N, 32, 32, 3) and y as int arrays of shape (N,)."""
    prototypes = make_prototypes(rng)
    clutter = np.stack([smooth_field(rng, cells=rng.choice([4, 8])) for _ in range(CLUTTER_FIELDS)])
    y_train = rng.randint(NUM_CLASSES, size=num_train)
    X_train = make_images(rng, prototypes, clutter, y_train)
    y_test = rng.randint(NUM_CLASSES, size=num_test)
    X_test = make_images(rng, prototypes, clutter, y_test)
    return X_train, y_train, X_test, y_test


def generate(folder=DEFAULT_FOLDER, images_per_batch=1000, seed=231):
    """Write the five training batches, the test batch and batches.meta into `folder`."""
    X_train, y_train, X_test, y_test = make_dataset(
        np.random.RandomState(seed), 5 * images_per_batch, images_per_batch
    )
    os.makedirs(folder, exist_ok=True)
    batches = [
        (
            "data_batch_%d" % (b + 1),
            "training batch %d of 5" % (b + 1),
            slice(b * images_per_batch, (b + 1) * images_per_batch),
        )
        for b in range(5)
    ]
    for name, label, rows in batches:
        write_batch(os.path.join(folder, name), label, y_train[rows], X_train[rows], rows.start)
    write_batch(os.path.join(folder, "test_batch"), "testing batch 1 of 1", y_test, X_test, 0)
    meta = {"num_cases_per_batch": images_per_batch, "label_names": LABEL_NAMES, "num_vis": 3072}
    with open(os.path.join(folder, "batches.meta"), "wb") as f:
        pickle.dump(meta, f, protocol=2)
    return folder


def main():
    parser = argparse.ArgumentParser(
        description="Write a synthetic CIFAR-10 in the python pickle format."
    )
    parser.add_argument(
        "--out", default=DEFAULT_FOLDER, help="output folder (default: %(default)s)"
    )
    parser.add_argument(
        "--images-per-batch",
        type=int,
        default=1000,
        help="images in each of the 6 batches (real CIFAR-10: 10000)",
    )
    parser.add_argument("--seed", type=int, default=231)
    args = parser.parse_args()
    folder = generate(args.out, args.images_per_batch, args.seed)
    print(
        "Wrote %d training and %d test images to %s"
        % (5 * args.images_per_batch, args.images_per_batch, folder)
    )
    print("Point the notebooks at it with:  export CIFAR10_DIR=%s" % os.path.relpath(folder))


if __name__ == "__main__":
    main()
