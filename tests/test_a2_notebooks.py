"""Assignment 2's numpy notebooks (FullyConnectedNets, BatchNormalization, Dropout,
ConvolutionalNetworks) and their graded runs (assignments/assignment2/checks/notebooks.py).

The measures are checked against the reference models they stand in for, and the notebooks'
text states the configured targets. (That each reference notebook runs to the end on the
generated data with no failing cell, its build cell included, and earns every notebook point,
and that the released stubs earn none, each failing at a cell it names, is test_validate's job:
it grades both. How long they take is `make notebook-timings`' record, not a test.)
"""

from __future__ import annotations

import os
import re
import sys

import nbformat
import numpy as np
import pytest

from grader.checks import NotebookRun
from grader.config import load_assignment
from grader.datasets import dataset_folder
from grader.registry import load_checks
from grader.release import render_release
from tests.conftest import load_reference_module

NOTEBOOKS = [
    "FullyConnectedNets.ipynb",
    "BatchNormalization.ipynb",
    "Dropout.ipynb",
    "ConvolutionalNetworks.ipynb",
]


@pytest.fixture(scope="module")
def assignment2(project):
    return load_assignment(project, "assignment2")


@pytest.fixture(scope="module")
def notebook_checks(assignment2):
    checks = [c for c in load_checks(assignment2) if isinstance(c, NotebookRun)]
    return [c for c in checks if c.notebook in NOTEBOOKS]


@pytest.fixture(scope="module")
def measures(notebook_checks):
    """checks/notebooks.py, as the registry imported it."""
    return sys.modules[notebook_checks[0].measure.__module__]


@pytest.fixture(scope="module")
def synthetic(assignment2):
    return dataset_folder(assignment2, "synthetic")


@pytest.fixture(scope="module")
def images(assignment2, synthetic):
    """get_CIFAR10_data() of the reference on the generated set."""
    data_utils = load_reference_module(assignment2, "cs231n/data_utils.py")
    old = os.environ.get("CIFAR10_DIR")
    os.environ["CIFAR10_DIR"] = str(synthetic)
    try:
        return data_utils.get_CIFAR10_data()
    finally:
        os.environ.pop("CIFAR10_DIR") if old is None else os.environ.__setitem__("CIFAR10_DIR", old)


def exported(exports: dict[str, str], namespace: dict) -> dict[str, np.ndarray]:
    """What the grader's export code saves: np.asarray of each expression in the namespace."""
    return {
        name: np.asarray(eval(expression, {}, namespace)) for name, expression in exports.items()
    }


# The measures against the reference models.


@pytest.mark.parametrize("normalization", [None, "batchnorm", "layernorm"])
def test_fc_scores_are_the_reference_nets_test_time_scores(assignment2, measures, normalization):
    fc_net = load_reference_module(assignment2, "cs231n/classifiers/fc_net.py")
    np.random.seed(231)
    model = fc_net.FullyConnectedNet([20, 15, 12], input_dim=30, num_classes=10,
                                     normalization=normalization, dropout_keep_ratio=0.6,
                                     weight_scale=0.3, dtype=np.float64)  # fmt: skip
    X, y = 2.0 * np.random.randn(16, 30) + 1.0, np.random.randint(10, size=16)
    for _ in range(3):  # train-mode passes fill the batchnorm running averages
        model.loss(X + np.random.randn(*X.shape), y)
    arrays = exported(measures.fc_exports("m ", "model"), {"model": model})
    expected = model.loss(X)
    np.testing.assert_allclose(measures.fc_scores(arrays, "m ", X), expected, rtol=1e-10)


def test_fc_scores_refuse_a_net_with_missing_layers(assignment2, measures):
    fc_net = load_reference_module(assignment2, "cs231n/classifiers/fc_net.py")
    model = fc_net.FullyConnectedNet([5, 5], input_dim=4, num_classes=3)
    del model.params["W2"]
    arrays = exported(measures.fc_exports("m ", "model"), {"model": model})
    with pytest.raises(ValueError, match="not W1..WL"):
        measures.fc_scores(arrays, "m ", np.zeros((2, 4)))


def test_convnet_scores_are_the_reference_convnets_scores(assignment2, measures):
    cnn = load_reference_module(assignment2, "cs231n/classifiers/cnn.py")
    np.random.seed(231)
    model = cnn.ThreeLayerConvNet(input_dim=(3, 12, 12), num_filters=4, filter_size=5,
                                  hidden_dim=9, weight_scale=0.1, dtype=np.float64)  # fmt: skip
    X = np.random.randn(7, 3, 12, 12)
    arrays = exported(measures.convnet_exports("c ", "model"), {"model": model})
    params = {n: arrays["c " + n] for n in ("W1", "b1", "W2", "b2", "W3", "b3")}
    np.testing.assert_allclose(measures.convnet_scores(params, X), model.loss(X), rtol=1e-9)


def test_overfit_runs_reach_100_percent_with_working_settings_only(measures, images):
    X, y = images["X_train"][:50], images["y_train"][:50]
    run = measures.overfit_run
    assert run(X, y, (100, 100), 3e-2, 4e-3, seed=0) == 1.0
    assert run(X, y, (100, 100, 100, 100), 7e-2, 2e-3, seed=0) == 1.0
    # The cells' starting values learn almost nothing in 20 epochs.
    assert run(X, y, (100, 100), 1e-2, 1e-4, seed=0) < 0.5
    assert run(X, y, (100, 100, 100, 100), 1e-5, 2e-3, seed=0) < 0.5
    # A learning rate that blows the net up scores 0, not a crash.
    assert run(X, y, (100, 100), 1.0, 10.0, seed=0) < 0.5


def test_accuracy_of_malformed_or_diverged_scores_is_zero(measures):
    labels = np.array([0, 1, 2])
    assert measures.accuracy(np.eye(3), labels) == 1.0
    assert measures.accuracy(np.eye(3)[:2], labels) == 0.0
    assert measures.accuracy(np.full((3, 3), np.nan), labels) == 0.0


# The notebooks as files.


def test_notebook_text_states_the_targets_of_every_dataset(assignment2, notebook_checks):
    assert {c.notebook for c in notebook_checks} == set(NOTEBOOKS)
    for check in notebook_checks:
        text = (assignment2.reference / check.notebook).read_text()
        for key in check.targets_by_metric.values():
            for dataset in assignment2.datasets:
                value = dataset.target(key)
                spellings = {f"{value:.2f}", f"{value * 100:g}%"}
                if value == 1.0:
                    spellings = {"100% training accuracy"}
                assert any(s in text for s in spellings), (check.notebook, dataset.name, key)


def test_notebook_checks_fill_the_notebook_points_of_their_questions(notebook_checks):
    points: dict[str, float] = {}
    for check in notebook_checks:
        points[check.question] = points.get(check.question, 0) + check.points
    assert points == {"fc_nets": 3, "batchnorm": 2, "dropout": 2, "cnn": 3}


def test_notebooks_are_stripped_offline_and_stably_numbered(assignment2):
    for name in NOTEBOOKS:
        path = assignment2.reference / name
        text = path.read_text()
        assert "drive.mount" not in text and "google.colab" not in text, name
        nb = nbformat.read(path, as_version=4)
        stem = name.removesuffix(".ipynb")
        assert [c.id for c in nb.cells] == [f"{stem}-{i:02d}" for i in range(len(nb.cells))]
        code = [c for c in nb.cells if c.cell_type == "code"]
        assert all(not c.outputs and c.execution_count is None for c in code), name
        assert "get_CIFAR10_data()" in "\n".join(c.source for c in code), name
        assert (
            "%autoreload 2" in code[0].source and 'sys.modules.setdefault("imp"' in code[0].source
        )


def test_release_stubs_the_student_cells_and_keeps_what_the_grader_reads(project, assignment2):
    release = render_release(project, assignment2)
    regions = {r["scope"] for r in release.manifest["regions"] if r["file"] in NOTEBOOKS}
    answers = {"FullyConnectedNets": 2, "BatchNormalization": 4, "Dropout": 2}
    for stem, count in answers.items():  # the inline answers, stubbed as markdown
        nb = nbformat.reads(release.files[f"{stem}.ipynb"].data.decode(), as_version=4)
        stubbed = [c for c in nb.cells if c.cell_type == "markdown" and f"cell[{c.id}]" in regions]
        assert len(stubbed) == count, stem
        assert all("BEGIN SOLUTION" not in c.source for c in nb.cells), stem
    fc = nbformat.reads(release.files["FullyConnectedNets.ipynb"].data.decode(), as_version=4)
    code = "\n".join(c.source for c in fc.cells if c.cell_type == "code")
    assert code.count("# *****START OF YOUR CODE") == 3  # two overfit cells, best_model
    assert "weight_scale = 1e-2   # Experiment with this!" in code  # the course's starters
    assert "3e-2" not in code and "best_solver" not in code  # our answers are gone
    assert re.search(r'overfit_runs\["five_layer"\] = \{"weight_scale": weight_scale', code)


def test_images_are_the_generators_output(assignment2, tmp_path):
    import subprocess

    folder = assignment2.reference / "cs231n" / "notebook_images"
    subprocess.run([sys.executable, str(folder / "make_images.py"), "--out", str(tmp_path)],
                   check=True)  # fmt: skip
    for name in ("kitten.jpg", "puppy.jpg"):
        assert (tmp_path / name).read_bytes() == (folder / name).read_bytes(), name
    from PIL import Image

    kitten, puppy = Image.open(folder / "kitten.jpg"), Image.open(folder / "puppy.jpg")
    assert kitten.width > kitten.height and puppy.width == puppy.height  # the crop expects it
