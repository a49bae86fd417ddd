"""
The COCO captioning data: load it, draw minibatches, and turn word indices back into text.

    data = load_coco_data(max_train=50)

The folder holds what cs231n/datasets/get_datasets.sh downloads:
- coco2014_captions.h5: train_captions (M, 17) and val_captions int32, each row <START>
  word ... <END> padded with <NULL>; train_image_idxs (M,) and val_image_idxs int32, the
  row of each caption's image in the feature arrays;
- train2014_vgg16_fc7.h5, val2014_vgg16_fc7.h5: dataset "features", (num_images, 4096)
  float32, VGG-16 fc7 activations; *_vgg16_fc7_pca.h5: the same reduced to 512 by PCA;
- coco2014_vocab.json: {"idx_to_word": [...], "word_to_idx": {...}};
- train2014_urls.txt, val2014_urls.txt: one image URL per line, one line per image.

The folder is $COCO_CAPTIONING_DIR when set, else cs231n/datasets/coco_captioning. Offline,
cs231n/datasets/make_synthetic_coco.py writes a small set in the same layout; its URLs are
paths relative to the folder, which load_coco_data turns into file:// URLs.
"""

import json
import os
import pathlib

import h5py
import numpy as np

DATASET_ENV = "COCO_CAPTIONING_DIR"
BASE_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "datasets", "coco_captioning")


def coco_dir():
    """The COCO captioning folder: $COCO_CAPTIONING_DIR when set, else BASE_DIR."""
    return os.environ.get(DATASET_ENV, BASE_DIR)


def load_coco_data(base_dir=None, max_train=None, pca_features=True):
    """
    Load the COCO captioning data into a dictionary of arrays.

    Inputs:
    - base_dir: The folder of the data; None for coco_dir()
    - max_train: If set, keep only this many training captions, drawn at random
      (with replacement, from np.random). The features are kept whole, so
      train_image_idxs still index train_features.
    - pca_features: If True, load the 512-d PCA'd features; else the 4096-d ones.

    Returns a dictionary with the keys:
    - train_captions, val_captions: int32, of shape (M, T + 1)
    - train_image_idxs, val_image_idxs: int32, of shape (M,)
    - train_features, val_features: float32, of shape (num_images, 512) or (num_images, 4096)
    - idx_to_word: list of V words; word_to_idx: dict of V words to their indices
    - train_urls, val_urls: numpy arrays of strings, of shape (num_images,)
    """
    base_dir = coco_dir() if base_dir is None else base_dir
    print("base dir ", base_dir)
    if not os.path.isfile(os.path.join(base_dir, "coco2014_captions.h5")):
        raise FileNotFoundError(
            "No COCO captioning data in %s. Run cs231n/datasets/get_datasets.sh, or set $%s "
            "to a folder made by cs231n/datasets/make_synthetic_coco.py" % (base_dir, DATASET_ENV)
        )
    data = {}
    with h5py.File(os.path.join(base_dir, "coco2014_captions.h5"), "r") as f:
        for k, v in f.items():
            data[k] = np.asarray(v)

    suffix = "_pca" if pca_features else ""
    for split in ("train", "val"):
        path = os.path.join(base_dir, "%s2014_vgg16_fc7%s.h5" % (split, suffix))
        with h5py.File(path, "r") as f:
            data["%s_features" % split] = np.asarray(f["features"])

    with open(os.path.join(base_dir, "coco2014_vocab.json")) as f:
        data.update(json.load(f))

    for split in ("train", "val"):
        with open(os.path.join(base_dir, "%s2014_urls.txt" % split)) as f:
            urls = [_absolute_url(line.strip(), base_dir) for line in f]
        data["%s_urls" % split] = np.asarray(urls)

    # Maybe subsample the training captions (not the features: the indices stay valid).
    if max_train is not None:
        num_train = data["train_captions"].shape[0]
        mask = np.random.randint(num_train, size=max_train)
        data["train_captions"] = data["train_captions"][mask]
        data["train_image_idxs"] = data["train_image_idxs"][mask]
    return data


def decode_captions(captions, idx_to_word):
    """
    Turn word indices into text: <NULL> words are dropped and a caption ends after
    its <END>.

    Inputs:
    - captions: Integer array of shape (T,) for one caption or (N, T) for N captions
    - idx_to_word: Sequence that maps an index to its word

    Returns:
    - A string for one caption, else a list of N strings
    """
    singleton = captions.ndim == 1
    if singleton:
        captions = captions[None]
    decoded = []
    for caption in captions:
        words = []
        for idx in caption:
            word = idx_to_word[idx]
            if word != "<NULL>":
                words.append(word)
            if word == "<END>":
                break
        decoded.append(" ".join(words))
    return decoded[0] if singleton else decoded


def sample_coco_minibatch(data, batch_size=100, split="train"):
    """
    Draw a random minibatch of captions (with np.random, with replacement) and the
    features and URLs of their images.

    Inputs:
    - data: Dictionary from load_coco_data
    - batch_size: Number B of captions to draw
    - split: "train" or "val"

    Returns a tuple of:
    - captions: int32, of shape (B, T + 1)
    - image_features: of shape (B, D)
    - urls: strings, of shape (B,)
    """
    split_size = data["%s_captions" % split].shape[0]
    mask = np.random.choice(split_size, batch_size)
    captions = data["%s_captions" % split][mask]
    image_idxs = data["%s_image_idxs" % split][mask]
    image_features = data["%s_features" % split][image_idxs]
    urls = data["%s_urls" % split][image_idxs]
    return captions, image_features, urls


def _absolute_url(url, base_dir):
    """A URL as given, or a file:// URL for a path relative to the data folder."""
    if "://" in url:
        return url
    return pathlib.Path(base_dir, url).resolve().as_uri()
