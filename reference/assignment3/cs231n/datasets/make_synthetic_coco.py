"""Write a small, learnable stand-in for the COCO captioning data in the exact layout of the real one.

    python cs231n/datasets/make_synthetic_coco.py       # -> cs231n/datasets/synthetic_coco_captioning
    export COCO_CAPTIONING_DIR=cs231n/datasets/synthetic_coco_captioning

Use it when you cannot download coco_captioning.zip (no network, a laptop on a plane). It
writes the files the real zip holds, with the same HDF5 dataset names, dtypes and widths, so
`cs231n.coco_utils.load_coco_data` reads it unchanged:

- coco2014_captions.h5: train_captions / val_captions (M, 17) int32, each row <START> words
  <END> then <NULL> padding; train_image_idxs / val_image_idxs (M,) int32;
- train2014_vgg16_fc7.h5, val2014_vgg16_fc7.h5: "features" (num_images, 4096) float32
  (left out with --pca-only; only load_coco_data(pca_features=False) reads them);
- train2014_vgg16_fc7_pca.h5, val2014_vgg16_fc7_pca.h5: "features" (num_images, 512) float32,
  the 4096-d features projected on the top 512 principal components of the training images;
- coco2014_vocab.json: idx_to_word (a list) and word_to_idx (a dict), --vocab-size entries
  (1004, as the real one): <NULL> 0, <START> 1, <END> 2, <UNK> 3, the caption words, then
  unused filler words;
- train2014_urls.txt, val2014_urls.txt: one URL per image, a path relative to the folder
  (images/train2014/000000.png) that load_coco_data turns into a file:// URL;
- images/train2014/*.png, images/val2014/*.png: the scenes themselves, --image-size pixels
  square, so the notebooks' display cells work offline.

Each scene is one or two coloured shapes (circle, square, triangle) on a plain background,
and its captions say what is where ("a red circle above a blue square", "a blue square below
a red circle", ...). The features stand in for VGG-16 fc7: a fixed random ReLU layer over the
downsampled pixels and a code of the scene's objects and their positions, plus noise, so a
model can learn to caption from them. The same arguments always give byte-identical files.
"""

import argparse
import json
import os

import h5py
import numpy as np
from PIL import Image

CAPTION_LENGTH = 17  # <START> + up to 15 words + <END>, padded with <NULL>: the real width
FEATURE_DIM = 4096  # VGG-16 fc7
PCA_DIM = 512
SPECIAL_WORDS = ["<NULL>", "<START>", "<END>", "<UNK>"]  # the real vocabulary's first four

COLOURS = {
    "red": (220, 30, 30),
    "green": (30, 170, 50),
    "blue": (40, 60, 220),
    "yellow": (235, 215, 30),
    "purple": (140, 40, 170),
    "orange": (245, 140, 20),
}
BACKGROUNDS = {"white": (245, 245, 245), "black": (15, 15, 15), "gray": (128, 128, 128)}
SHAPES = ("circle", "square", "triangle")
# Where the second object sits relative to the first, and the words for it both ways round.
RELATIONS = {
    "above": ("above", "below"),
    "below": ("below", "above"),
    "left": ("to the left of", "to the right of"),
    "right": ("to the right of", "to the left of"),
}
GRID = 3  # the object code places each object in a GRID x GRID cell of the image
PIXEL_POOL = 4  # the pixel part of the features sees the image average-pooled by this factor
# How much the object code weighs against the pixels (in [-1, 1]), and the std of the noise on
# the fc7 pre-activations (what tells two images of the same objects apart). Calibrated with
# the notebook's overfit run (50 captions, 100 Adam steps): the reference RNN ends near 0.08,
# as on COCO (target 0.1).
OBJECT_WEIGHT = 10.0
FEATURE_NOISE = 0.1
PCA_FIT_IMAGES = 768  # training images the PCA is fitted on: more than PCA_DIM, and fast
DEFAULT_FOLDER = os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "synthetic_coco_captioning"
)


def make_scene(rng, size):
    """A random scene: background, objects [(colour, shape, (cy, cx), radius)], relation."""
    background = str(rng.choice(list(BACKGROUNDS)))
    count = 1 + rng.randint(2)
    colours = rng.choice(list(COLOURS), size=count, replace=False)
    shapes = rng.choice(SHAPES, size=count)
    radius = rng.uniform(0.11, 0.17, size=count) * size
    if count == 1:
        centres = [rng.uniform(0.3, 0.7, size=2) * size]
        relation = None
    else:
        relation = str(rng.choice(list(RELATIONS)))
        near, far = rng.uniform(0.18, 0.32) * size, rng.uniform(0.68, 0.82) * size
        across = rng.uniform(0.25, 0.75, size=2) * size
        first, second = {
            "above": ((near, across[0]), (far, across[1])),
            "below": ((far, across[0]), (near, across[1])),
            "left": ((across[0], near), (across[1], far)),
            "right": ((across[0], far), (across[1], near)),
        }[relation]
        centres = [np.array(first), np.array(second)]
    objects = [
        (str(c), str(s), tuple(p), float(r))
        for c, s, p, r in zip(colours, shapes, centres, radius, strict=True)
    ]
    return background, objects, relation


def render_scene(scene, size):
    """The scene as a uint8 image of shape (size, size, 3)."""
    background, objects, _ = scene
    image = np.empty((size, size, 3))
    image[:] = BACKGROUNDS[background]
    y, x = np.mgrid[0:size, 0:size] + 0.5
    for colour, shape, (cy, cx), r in objects:
        if shape == "circle":
            inside = (y - cy) ** 2 + (x - cx) ** 2 <= r**2
        elif shape == "square":
            inside = (np.abs(y - cy) <= 0.85 * r) & (np.abs(x - cx) <= 0.85 * r)
        else:  # an upward triangle: apex at the top, base at the bottom
            top, bottom = cy - r, cy + 0.8 * r
            half_width = (y - top) / (bottom - top) * r
            inside = (y >= top) & (y <= bottom) & (np.abs(x - cx) <= half_width)
        image[inside] = COLOURS[colour]
    return image.astype(np.uint8)


def describe_scene(scene):
    """Five captions of the scene (lists of words), as COCO has about five per image."""
    background, objects, relation = scene
    things = [[article(colour), colour, shape] for colour, shape, _, _ in objects]
    on_bg = ["on", "a", background, "background"]
    if relation is None:
        (a,) = things
        return [
            a,
            a + on_bg,
            ["a", "picture", "of"] + a,
            ["there", "is"] + a + on_bg,
            ["a", "single"] + a[1:] + on_bg,
        ]
    a, b = things
    forward, backward = (words.split() for words in RELATIONS[relation])
    return [
        a + forward + b,
        b + backward + a,
        ["there", "is"] + a + forward + b,
        a + ["and"] + b + on_bg,
        ["a", "picture", "of"] + a + ["and"] + b,
    ]


def article(word):
    """The indefinite article before `word`: "an orange", "a red"."""
    return "an" if word[0] in "aeiou" else "a"


def caption_words():
    """Every word a caption can use, sorted."""
    words = {"a", "an", "single", "picture", "of", "there", "is", "and", "on", "background"}
    words |= set(COLOURS) | set(BACKGROUNDS) | set(SHAPES)
    for phrases in RELATIONS.values():
        for phrase in phrases:
            words |= set(phrase.split())
    return sorted(words)


def make_vocabulary(vocab_size):
    """idx_to_word (list) and word_to_idx (dict): special words, caption words, fillers."""
    words = SPECIAL_WORDS + caption_words()
    if vocab_size < len(words):
        raise ValueError(f"--vocab-size must be at least {len(words)}, got {vocab_size}")
    words += [f"unused{i}" for i in range(vocab_size - len(words))]
    return words, {word: idx for idx, word in enumerate(words)}


def encode_caption(words, word_to_idx):
    """One row of token ids: <START>, the words, <END>, then <NULL> to CAPTION_LENGTH."""
    ids = [word_to_idx["<START>"]] + [word_to_idx.get(w, word_to_idx["<UNK>"]) for w in words]
    ids.append(word_to_idx["<END>"])
    if len(ids) > CAPTION_LENGTH:
        raise ValueError(f"caption of {len(words)} words is too long: {' '.join(words)}")
    return ids + [word_to_idx["<NULL>"]] * (CAPTION_LENGTH - len(ids))


def object_code(scene, size):
    """What the scene holds, as a vector: per colour and shape, the grid cells it occupies;
    and the background."""
    background, objects, _ = scene
    code = np.zeros((len(COLOURS), len(SHAPES), GRID, GRID))
    for colour, shape, (cy, cx), _ in objects:
        row, col = min(int(cy / size * GRID), GRID - 1), min(int(cx / size * GRID), GRID - 1)
        code[list(COLOURS).index(colour), SHAPES.index(shape), row, col] = 1
    bg = np.zeros(len(BACKGROUNDS))
    bg[list(BACKGROUNDS).index(background)] = 1
    return np.concatenate([code.ravel(), bg])


def fc7_features(images, codes, weights, rng):
    """The 4096-d stand-in for VGG-16 fc7: ReLU(weights @ [pooled pixels; object code] + noise)."""
    N, size = images.shape[:2]
    pooled = images.reshape(N, size // PIXEL_POOL, PIXEL_POOL, size // PIXEL_POOL, PIXEL_POOL, 3)
    pooled = pooled.mean(axis=(2, 4)).reshape(N, -1) / 127.5 - 1  # (N, pixels), in [-1, 1]
    inputs = np.hstack([pooled, OBJECT_WEIGHT * codes]).astype(np.float32)
    pre = inputs @ weights + FEATURE_NOISE * rng.randn(N, FEATURE_DIM).astype(np.float32)
    return np.maximum(pre, 0)


def pca_basis(train_features, dim):
    """The mean of the training features and their top `dim` principal directions
    (FEATURE_DIM, dim), fitted on the first PCA_FIT_IMAGES images (an SVD of all of them
    takes half a minute); directions beyond the number of images fitted are zero."""
    fit = train_features[:PCA_FIT_IMAGES].astype(np.float64)
    mean = fit.mean(axis=0)
    centred = fit - mean
    # The eigenvectors u of the Gram matrix (images x images) give the directions X^T u.
    eigenvalues, u = np.linalg.eigh(centred @ centred.T)
    order = np.argsort(eigenvalues)[::-1][:dim]
    kept = order[eigenvalues[order] > 1e-9 * eigenvalues.max()]
    directions = centred.T @ u[:, kept] / np.sqrt(eigenvalues[kept])  # unit columns
    basis = np.zeros((train_features.shape[1], dim))
    basis[:, : len(kept)] = directions
    signs = np.sign(basis[np.abs(basis).argmax(axis=0), np.arange(dim)])  # a fixed sign each
    return mean, basis * np.where(signs == 0, 1, signs)


def make_split(rng, num_images, args, word_to_idx):
    """Scenes, images, object codes, captions (rows of ids) and image indices of one split."""
    scenes = [make_scene(rng, args.image_size) for _ in range(num_images)]
    images = np.stack([render_scene(s, args.image_size) for s in scenes])
    captions, image_idxs = [], []
    for idx, scene in enumerate(scenes):
        for words in describe_scene(scene)[: args.captions_per_image]:
            captions.append(encode_caption(words, word_to_idx))
            image_idxs.append(idx)
    order = rng.permutation(len(captions))  # COCO's captions are not grouped by image
    captions = np.asarray(captions, dtype=np.int32)[order]
    image_idxs = np.asarray(image_idxs, dtype=np.int32)[order]
    codes = np.stack([object_code(s, args.image_size) for s in scenes])
    return scenes, images, codes, captions, image_idxs


def write_dataset(args):
    """Write every file of the data set into args.out; returns the folder."""
    rng = np.random.RandomState(args.seed)
    idx_to_word, word_to_idx = make_vocabulary(args.vocab_size)
    splits = {
        "train": make_split(rng, args.train_images, args, word_to_idx),
        "val": make_split(rng, args.val_images, args, word_to_idx),
    }
    inputs = (args.image_size // PIXEL_POOL) ** 2 * 3 + len(COLOURS) * len(SHAPES) * GRID**2
    inputs += len(BACKGROUNDS)
    weights = (rng.randn(inputs, FEATURE_DIM) / np.sqrt(inputs)).astype(np.float32)  # fixed
    features = {name: fc7_features(s[1], s[2], weights, rng) for name, s in splits.items()}
    mean, basis = pca_basis(features["train"], PCA_DIM)

    os.makedirs(args.out, exist_ok=True)
    with h5py.File(os.path.join(args.out, "coco2014_captions.h5"), "w", track_order=True) as f:
        for name, (_, _, _, captions, image_idxs) in splits.items():
            f.create_dataset(f"{name}_captions", data=captions)
            f.create_dataset(f"{name}_image_idxs", data=image_idxs)
    for name, (_, images, _, _, _) in splits.items():
        pca = ((features[name] - mean) @ basis).astype(np.float32)
        written = [("_pca", pca)] if args.pca_only else [("", features[name]), ("_pca", pca)]
        for suffix, values in written:
            with h5py.File(os.path.join(args.out, f"{name}2014_vgg16_fc7{suffix}.h5"), "w") as f:
                f.create_dataset("features", data=values)
        folder = os.path.join("images", f"{name}2014")
        os.makedirs(os.path.join(args.out, folder), exist_ok=True)
        urls = []
        for idx, image in enumerate(images):
            url = f"{folder}/{idx:06d}.png"
            Image.fromarray(image).save(os.path.join(args.out, url))
            urls.append(url)
        with open(os.path.join(args.out, f"{name}2014_urls.txt"), "w") as f:
            f.write("\n".join(urls) + "\n")
    with open(os.path.join(args.out, "coco2014_vocab.json"), "w") as f:
        json.dump({"idx_to_word": idx_to_word, "word_to_idx": word_to_idx}, f)
    return args.out


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default=DEFAULT_FOLDER,
                        help="folder to write (default: %(default)s)")  # fmt: skip
    parser.add_argument("--seed", type=int, default=231, help="random seed (default: 231)")
    parser.add_argument("--train-images", type=int, default=1000,
                        help="training images (default: 1000)")  # fmt: skip
    parser.add_argument("--val-images", type=int, default=250,
                        help="validation images (default: 250)")  # fmt: skip
    parser.add_argument("--captions-per-image", type=int, choices=range(1, 6), default=5,
                        help="captions per image, 1-5 (default: 5)")  # fmt: skip
    parser.add_argument("--image-size", type=int, default=64,
                        help="image side in pixels, a multiple of 4 (default: 64)")  # fmt: skip
    parser.add_argument("--vocab-size", type=int, default=1004,
                        help="vocabulary entries, padded with unused words (default: 1004)")  # fmt: skip
    parser.add_argument("--pca-only", action="store_true",
                        help="skip the 4096-d feature files (a fifth of the size)")  # fmt: skip
    args = parser.parse_args(argv)
    if args.image_size % PIXEL_POOL or args.image_size < 16:
        parser.error(f"--image-size must be a multiple of {PIXEL_POOL}, at least 16")
    return args


if __name__ == "__main__":
    folder = write_dataset(parse_args())
    print(f"wrote the synthetic COCO captioning data to {folder}")
