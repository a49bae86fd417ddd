"""Assignment 2's PyTorch part: the CIFAR-10 Dataset of cs231n/torch_data.py reads the generated
batches, the seeded fixtures agree with an independent numpy forward pass, and graded on a
sandboxed kernel the reference earns every point of checks/pytorch.py, the released stubs none,
correct variants every point and each realistic bug loses points on its own check.

The notebook's units live in cells, which the corpus format of tests/variants/ (functions in
.py files) cannot express, so the variants here are edits of the solved notebook. Each graded
notebook run takes about 2.5 minutes on one core, so those tests are marked slow.
"""

from __future__ import annotations

import importlib
import pickle
import re

import nbformat
import numpy as np
import pytest

from grader.datasets import dataset_folder
from grader.fixtures import load_fixtures
from grader.registry import load_checks
from grader.runner import RunOptions, grade_submission
from tests.conftest import load_reference_module, write_submission

NOTEBOOK = "PyTorch.ipynb"
UNITS = ("three_layer_convnet", "ThreeLayerConvNet", NOTEBOOK)
PYTORCH = RunOptions(units=UNITS)


@pytest.fixture(scope="module")
def assignment2(project):
    from grader.config import load_assignment

    return load_assignment(project, "assignment2")


@pytest.fixture(scope="module")
def synthetic(assignment2):
    return dataset_folder(assignment2, "synthetic")


@pytest.fixture(scope="module")
def checks_module(assignment2):
    checks = [c for c in load_checks(assignment2) if c.group == "pytorch"]
    return importlib.import_module(type(checks[0]).__module__), checks


def pytorch_checks(assignment2):
    return [c for c in load_checks(assignment2) if c.group == "pytorch"]


def test_the_dataset_reads_the_generated_batches(assignment2, synthetic, monkeypatch):
    monkeypatch.setenv("CIFAR10_DIR", str(synthetic))
    torch_data = load_reference_module(assignment2, "cs231n/torch_data.py")
    train = torch_data.CIFAR10(train=True)
    test = torch_data.CIFAR10(train=False, transform=torch_data.Normalize())
    with open(synthetic / "data_batch_2", "rb") as f:
        batch = pickle.load(f, encoding="latin1")
    assert (len(train), len(test)) == (5000, 1000)
    image, label = train[1000]  # the first image of data_batch_2
    assert tuple(image.shape) == (3, 32, 32) and label == batch["labels"][0]
    np.testing.assert_allclose(image.numpy(), batch["data"][0].reshape(3, 32, 32) / 255.0,
                               rtol=1e-6)  # fmt: skip
    normalized, _ = test[0]
    mean, std = np.array(torch_data.CIFAR10_MEAN), np.array(torch_data.CIFAR10_STD)
    expected = (test.data[0] / 255.0 - mean[:, None, None]) / std[:, None, None]
    np.testing.assert_allclose(normalized.numpy(), expected, rtol=1e-5, atol=1e-6)

    loader_train, loader_val, loader_test = torch_data.cifar10_loaders(batch_size=64)
    assert (len(loader_train.sampler), len(loader_val.sampler), len(loader_test.dataset)) == (
        4000, 1000, 1000)  # fmt: skip
    assert loader_val.dataset.train and not loader_test.dataset.train
    x, y = next(iter(loader_val))
    x_val, y_val = torch_data.split_images("val")
    assert tuple(x.shape) == (64, 3, 32, 32) and tuple(x_val.shape) == (1000, 3, 32, 32)
    np.testing.assert_array_equal(x.numpy(), x_val[:64].numpy())
    np.testing.assert_array_equal(y.numpy(), y_val[:64].numpy())
    np.testing.assert_array_equal(y_val.numpy(), train.targets[4000:])
    seen = {int(i) for i in loader_train.sampler}
    assert seen == set(range(4000)), "training indices overlap the validation set"


def test_only_torch_data_and_the_notebook_import_torch(assignment2):
    pattern = re.compile(r"^\s*(import torch|from torch)", re.MULTILINE)
    importing = {
        str(path.relative_to(assignment2.reference))
        for path in assignment2.reference.rglob("*.py")
        if pattern.search(path.read_text())
    }
    assert importing == {"cs231n/torch_data.py"}
    for path in assignment2.checks_dir.glob("*.py"):
        assert not pattern.search(path.read_text()), path


def numpy_convnet(x, conv_w1, conv_b1, conv_w2, conv_b2, fc_w, fc_b):
    """conv (pad 2) - relu - conv (pad 1) - relu - affine, in float64 numpy: an oracle
    independent of torch."""

    def conv(x, w, b, pad):
        F_, C, HH, WW = w.shape
        padded = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
        windows = np.lib.stride_tricks.sliding_window_view(padded, (HH, WW), axis=(2, 3))
        return np.einsum("nchwij,fcij->nfhw", windows, w) + b[None, :, None, None]

    hidden = np.maximum(0, conv(x, conv_w1, conv_b1, 2))  # (N, channel_1, H, W)
    hidden = np.maximum(0, conv(hidden, conv_w2, conv_b2, 1))  # (N, channel_2, H, W)
    return hidden.reshape(len(x), -1) @ fc_w + fc_b  # (N, C)


def test_seeded_fixtures_match_an_independent_numpy_forward_pass(assignment2, checks_module):
    module, checks = checks_module
    fixtures = load_fixtures(assignment2)
    seeded = [c for c in checks if c.needs_fixture]
    assert len(seeded) == 2
    for check in seeded:
        (name,) = check.fixture_exports
        tensors = list(check.inputs.build(None).values())
        if check.unit == "ThreeLayerConvNet":  # nn.Linear stores (out, in)
            tensors[5] = tensors[5].T
        expected = numpy_convnet(*tensors)
        stored = fixtures[check.name][name]
        assert stored.shape == (4, 10) and stored.dtype == np.float64
        np.testing.assert_allclose(stored, expected, rtol=1e-10, atol=1e-12)
        assert check.inputs.describe()["params"]["torch"].startswith("2.13.0")


def test_the_notebook_states_every_target_of_its_checks(assignment2):
    text = (assignment2.reference / NOTEBOOK).read_text()
    targets = [key for c in pytorch_checks(assignment2) for key, _ in c.targets()]
    assert len(targets) == 4
    for key in targets:
        for dataset in assignment2.datasets:
            value = dataset.target(key)
            spellings = {f"{value:g}", f"{value:.2f}", f"{value * 100:g}%"}
            assert any(s in text for s in spellings), (dataset.name, key, value)


def edit_notebook(folder, edits):
    """Replace text in the notebook's cells, as a student would have typed it."""
    path = folder / NOTEBOOK
    nb = nbformat.read(path, as_version=4)
    for old, new in edits:
        cells = [c for c in nb.cells if old in c.source]
        assert len(cells) == 1, f"{old!r} is in {len(cells)} cells"
        cells[0].source = cells[0].source.replace(old, new)
    nbformat.write(nb, path)


def graded(project, assignment2, folder):
    result = grade_submission(project, folder, options=PYTORCH)
    return {r.check_id: r for r in result.results}


@pytest.mark.slow
def test_the_stubs_lose_every_pytorch_point_saying_which_todo_is_empty(
    project, assignment2, tmp_path
):
    """(The reference's full marks on these checks are test_validate's: it grades them all.)"""
    released = write_submission(project, assignment2, tmp_path / "b", fill_answers=False)
    stubs = graded(project, assignment2, released)
    assert set(stubs) == {c.name for c in pytorch_checks(assignment2)}
    assert [n for n, r in stubs.items() if r.points > 0] == []
    assert all(r.reason for r in stubs.values())
    assert (
        "got None (is the TODO still empty?)"
        in stubs[
            "three_layer_convnet: scores of shape (64, 10) on the notebook's test input"
        ].reason
    )


# Written differently from the reference, each must earn every point.
CORRECT = [
    # three_layer_convnet: explicit F.pad, reshape and addmm instead of padding=, flatten, mm
    ("    hidden = F.relu(F.conv2d(x, conv_w1, conv_b1, padding=2))  # (N, channel_1, H, W)\n"
     "    hidden = F.relu(F.conv2d(hidden, conv_w2, conv_b2, padding=1))  # (N, channel_2, H, W)\n"
     "    scores = flatten(hidden).mm(fc_w) + fc_b  # (N, C)",
     "    h = F.conv2d(F.pad(x, (2, 2, 2, 2)), conv_w1) + conv_b1.view(1, -1, 1, 1)\n"
     "    h = torch.clamp(h, min=0)\n"
     "    h = torch.relu(F.conv2d(F.pad(h, (1, 1, 1, 1)), conv_w2, bias=conv_b2))\n"
     "    scores = torch.addmm(fc_b, h.reshape(h.shape[0], -1), fc_w)"),
    # the barebones init: the weights through a helper loop, biases as plain zeros
    ("conv_w1 = random_weight((channel_1, 3, 5, 5))\n",
     "conv_w1 = random_weight([channel_1, 3, 5, 5])\n"),
    ("conv_b1 = zero_weight((channel_1,))", "conv_b1 = torch.zeros(channel_1, requires_grad=True)"),
    # ThreeLayerConvNet: an nn.Sequential inside, uniform Kaiming init (the same variance)
    ("        self.conv1 = nn.Conv2d(in_channel, channel_1, kernel_size=5, padding=2)\n"
     "        self.conv2 = nn.Conv2d(channel_1, channel_2, kernel_size=3, padding=1)\n"
     "        self.fc = nn.Linear(channel_2 * 32 * 32, num_classes)\n"
     "        for layer in (self.conv1, self.conv2, self.fc):\n"
     "            nn.init.kaiming_normal_(layer.weight)",
     "        self.body = nn.Sequential(nn.Conv2d(in_channel, channel_1, 5, 1, 2), nn.ReLU(),\n"
     "                                  nn.Conv2d(channel_1, channel_2, 3, 1, 1), nn.ReLU())\n"
     "        self.head = nn.Linear(channel_2 * 32 * 32, num_classes)\n"
     "        for m in self.modules():\n"
     "            if isinstance(m, (nn.Conv2d, nn.Linear)):\n"
     "                nn.init.kaiming_uniform_(m.weight, nonlinearity='relu')"),
    ("        hidden = F.relu(self.conv1(x))  # (N, channel_1, 32, 32)\n"
     "        hidden = F.relu(self.conv2(hidden))  # (N, channel_2, 32, 32)\n"
     "        scores = self.fc(flatten(hidden))  # (N, num_classes)",
     "        scores = self.head(torch.flatten(self.body(x), 1))"),
    # Sequential: the notebook's Flatten and positional arguments
    ("    nn.Conv2d(3, channel_1, kernel_size=5, padding=2),",
     "    nn.Conv2d(3, channel_1, (5, 5), 1, 2),"),
    ("    nn.Flatten(),\n    nn.Linear(channel_2 * 32 * 32, 10),",
     "    Flatten(),\n    nn.Linear(channel_2 * 32 * 32, 10),"),
]  # fmt: skip

# Realistic bugs: (edit, a phrase of the check that must lose, a phrase of its reason).
BUGS = [
    ("    hidden = F.relu(F.conv2d(hidden, conv_w2, conv_b2, padding=1))",
     "    hidden = F.conv2d(hidden, conv_w2, conv_b2, padding=1)  # forgot the ReLU",
     "three_layer_convnet: the reference's scores", "relative error"),
    ("        scores = self.fc(flatten(hidden))",
     "        scores = self.fc(hidden.view(64, -1))  # flattens for one batch size only",
     "ThreeLayerConvNet: the reference's scores", "could not be computed"),
    ("    nn.Conv2d(3, channel_1, kernel_size=5, padding=2),",
     "    nn.Conv2d(3, channel_1, kernel_size=5, padding=1),  # 30 x 30 maps",
     "Sequential ConvNet reaches", "not defined"),
    ("train_part34(model, optimizer, epochs=2)",
     "for e in range(2):  # a loop of one's own that never clears the gradients\n"
     "    for x, y in loader_train:\n"
     "        model.train()\n"
     "        F.cross_entropy(model(x), y).backward()\n"
     "        optimizer.step()",
     "Part V model reaches", "<"),
]  # fmt: skip


@pytest.mark.slow
def test_correct_variants_earn_every_point(project, assignment2, tmp_path):
    folder = write_submission(project, assignment2, tmp_path / "variants")
    edit_notebook(folder, [(old, new) for old, new in CORRECT])
    results = graded(project, assignment2, folder)
    assert [f"{n}: {r.reason}" for n, r in results.items() if r.status != "passed"] == []


@pytest.mark.slow
def test_each_bug_loses_points_on_its_own_check(project, assignment2, tmp_path):
    """The four bugs sit in different units, so one graded run shows all of them."""
    folder = write_submission(project, assignment2, tmp_path / "bugs")
    edit_notebook(folder, [(old, new) for old, new, _, _ in BUGS])
    results = graded(project, assignment2, folder)
    for _, _, check, reason in BUGS:
        (lost,) = [r for n, r in results.items() if check in n]
        assert lost.points < lost.max_points and reason in lost.reason, (check, lost.reason)
    for name in ("three_layer_convnet: scores of shape", "ThreeLayerConvNet: scores of shape"):
        (kept,) = [r for n, r in results.items() if name in n]
        assert kept.status == "passed", (name, kept.reason)
