"""Assignment 3's offline data: the synthetic COCO generator is deterministic, the real loader
reads its output unchanged, its URLs resolve to the written images without a network, and a
CaptioningRNN learns its captions."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from types import SimpleNamespace

import numpy as np
import pytest

from grader.config import Project, load_assignment
from grader.datasets import dataset_folder, load_generator
from tests.conftest import ROOT, load_reference_module

SMALL = ["--train-images", "60", "--val-images", "20", "--seed", "7"]


@pytest.fixture(scope="module")
def reference():
    return SimpleNamespace(name="assignment3", reference=ROOT / "reference" / "assignment3")


@pytest.fixture(scope="module")
def coco_utils(reference):
    return load_reference_module(reference, "cs231n/coco_utils.py")


@pytest.fixture(scope="module")
def image_utils(reference):
    return load_reference_module(reference, "cs231n/image_utils.py")


@pytest.fixture(scope="module")
def generator():
    return load_generator(load_assignment(Project(ROOT), "assignment3"), "synthetic")


def generate(folder, *args):
    """Run the generator as the grader and students do: a script in its own process."""
    script = ROOT / "reference/assignment3/cs231n/datasets/make_synthetic_coco.py"
    subprocess.run([sys.executable, str(script), "--out", str(folder), *args],
                   check=True, capture_output=True)  # fmt: skip
    return folder


def digests(folder):
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    return generate(tmp_path_factory.mktemp("coco") / "small", *SMALL)


@pytest.fixture(scope="module")
def data(coco_utils, small):
    return coco_utils.load_coco_data(base_dir=str(small))


def test_the_same_arguments_give_byte_identical_files(small, tmp_path):
    again = generate(tmp_path / "again", *SMALL)
    assert digests(again) == digests(small)
    other = generate(tmp_path / "other", *SMALL[:-1], "8", "--pca-only")
    assert digests(other)["coco2014_captions.h5"] != digests(small)["coco2014_captions.h5"]
    assert "train2014_vgg16_fc7.h5" not in digests(other)


def test_the_real_loader_reads_the_exact_coco_layout(coco_utils, data, small):
    assert set(data) == {
        "train_captions", "train_image_idxs", "val_captions", "val_image_idxs",
        "train_features", "val_features", "idx_to_word", "word_to_idx", "train_urls", "val_urls",
    }  # fmt: skip
    for split, images in (("train", 60), ("val", 20)):
        captions, idxs = data[f"{split}_captions"], data[f"{split}_image_idxs"]
        assert captions.dtype == np.int32 and captions.shape == (5 * images, 17)
        assert idxs.dtype == np.int32 and idxs.shape == (5 * images,)
        assert idxs.min() == 0 and idxs.max() == images - 1
        assert data[f"{split}_features"].dtype == np.float32
        assert data[f"{split}_features"].shape == (images, 512)
        assert data[f"{split}_urls"].shape == (images,) and data[f"{split}_urls"].dtype.kind == "U"
    assert len(data["idx_to_word"]) == len(data["word_to_idx"]) == 1004
    assert data["idx_to_word"][:4] == ["<NULL>", "<START>", "<END>", "<UNK>"]
    assert all(data["word_to_idx"][w] == i for i, w in enumerate(data["idx_to_word"]))
    assert np.all(data["train_captions"][:, 0] == data["word_to_idx"]["<START>"])

    full = coco_utils.load_coco_data(base_dir=str(small), pca_features=False)
    assert full["train_features"].shape == (60, 4096) and full["val_features"].shape == (20, 4096)
    assert full["train_features"].dtype == np.float32 and full["train_features"].min() >= 0


def test_decode_captions_gives_back_the_scene_descriptions(coco_utils, generator, data):
    # Rebuild the training scenes with the generator's own functions and random stream.
    args = generator.parse_args(["--out", "unused", *SMALL])
    rng = np.random.RandomState(args.seed)
    _, word_to_idx = generator.make_vocabulary(args.vocab_size)
    scenes, _, _, captions, idxs = generator.make_split(rng, 60, args, word_to_idx)
    np.testing.assert_array_equal(captions, data["train_captions"])
    decoded = coco_utils.decode_captions(data["train_captions"], data["idx_to_word"])
    for text, idx in zip(decoded, data["train_image_idxs"], strict=True):
        described = [
            " ".join(["<START>", *w, "<END>"]) for w in generator.describe_scene(scenes[idx])
        ]
        assert text in described
    one = coco_utils.decode_captions(data["train_captions"][0], data["idx_to_word"])
    assert one == decoded[0] and "<NULL>" not in one


def test_urls_resolve_to_the_written_images_offline(image_utils, generator, data, small, capsys):
    args = generator.parse_args(["--out", "unused", *SMALL])
    rng = np.random.RandomState(args.seed)
    _, word_to_idx = generator.make_vocabulary(args.vocab_size)
    _, images, _, _, _ = generator.make_split(rng, 60, args, word_to_idx)
    for idx in (0, 59):
        url = data["train_urls"][idx]
        assert url.startswith("file://")
        np.testing.assert_array_equal(image_utils.image_from_url(url), images[idx])
    path = small / "images" / "train2014" / "000003.png"
    np.testing.assert_array_equal(image_utils.image_from_url(str(path)), images[3])
    assert image_utils.image_from_url((small / "missing.png").as_uri()) is None
    assert "URL Error" in capsys.readouterr().out


def test_max_train_subsets_captions_but_keeps_every_feature(coco_utils, small):
    np.random.seed(231)
    subset = coco_utils.load_coco_data(base_dir=str(small), max_train=25)
    assert subset["train_captions"].shape == (25, 17)
    assert subset["train_features"].shape == (60, 512)
    captions, features, urls = coco_utils.sample_coco_minibatch(subset, batch_size=10)
    assert captions.shape == (10, 17) and features.shape == (10, 512) and urls.shape == (10,)


def test_the_grader_generates_the_configured_dataset(coco_utils, tmp_path, monkeypatch):
    monkeypatch.setenv("GRADER_CACHE", str(tmp_path))
    assignment = load_assignment(Project(ROOT), "assignment3")
    folder = dataset_folder(assignment, "synthetic")
    found = coco_utils.load_coco_data(base_dir=str(folder))
    assert found["train_features"].shape == (1000, 512)
    assert found["train_captions"].shape == (5000, 17)


def test_a_captioning_rnn_learns_generated_captions(reference, coco_utils, data):
    rnn = load_reference_module(reference, "cs231n/classifiers/rnn.py")
    solver_module = load_reference_module(reference, "cs231n/captioning_solver.py")
    # Ten captions of ten different images (two captions of one image cannot both be fit).
    np.random.seed(231)
    rows = [np.flatnonzero(data["train_image_idxs"] == i)[0] for i in range(10)]
    small_data = dict(data, train_captions=data["train_captions"][rows],
                      train_image_idxs=data["train_image_idxs"][rows])  # fmt: skip
    model = rnn.CaptioningRNN(word_to_idx=data["word_to_idx"], input_dim=512, wordvec_dim=32,
                              hidden_dim=64)  # fmt: skip
    solver = solver_module.CaptioningSolver(
        model, small_data, update_rule="adam", num_epochs=60, batch_size=10,
        optim_config={"learning_rate": 1e-2}, verbose=False,
    )  # fmt: skip
    solver.train()  # about 5 s of CPU here; how long it takes is bench material, not a test
    assert solver.loss_history[0] > 40  # about 9 words times log(1004)
    assert solver.loss_history[-1] < 0.3  # the reference reaches about 0.14
