"""Assignment 3's captioning notebooks (RNN_Captioning, LSTM_Captioning,
Transformer_Captioning) as files, and, marked slow, each reference notebook run headless on
the generated COCO-format data, printing gradient errors and final losses within its targets.
(How long they take is `make notebook-timings`' record, not a test.)
"""

from __future__ import annotations

import re
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from grader.config import load_assignment
from grader.datasets import dataset_folder
from grader.release import render_release

NOTEBOOKS = ["RNN_Captioning.ipynb", "LSTM_Captioning.ipynb", "Transformer_Captioning.ipynb"]
CELL_TIMEOUT_S = 600
# The final-loss targets each notebook states: (real COCO, generated set).
TARGETS = {
    "RNN_Captioning.ipynb": (0.1, 0.8),
    "LSTM_Captioning.ipynb": (0.5, 0.8),
    "Transformer_Captioning.ipynb": (0.03, 0.03),
}


@pytest.fixture(scope="module")
def assignment3(project):
    return load_assignment(project, "assignment3")


def code_of(nb) -> str:
    return "\n".join(c.source for c in nb.cells if c.cell_type == "code")


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebooks_are_offline_stripped_and_stably_numbered(assignment3, name):
    path = assignment3.reference / name
    text = path.read_text()
    assert "drive.mount" not in text and "google.colab" not in text
    nb = nbformat.read(path, as_version=4)
    stem = name.removesuffix(".ipynb")
    assert [c.id for c in nb.cells] == [f"{stem}-{i:02d}" for i in range(len(nb.cells))]
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(not c.outputs and c.execution_count is None for c in code)
    assert "load_coco_data(pca_features=True)" in code_of(nb)
    assert "load_coco_data(max_train=50)" in code_of(nb)  # the code's 50, not the prose's 100
    assert "%autoreload 2" in code[0].source and 'sys.modules.setdefault("imp"' in code[0].source


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebooks_state_their_budget_and_both_targets(assignment3, name):
    nb = nbformat.read(assignment3.reference / name, as_version=4)
    assert "minute" in nb.cells[0].source and "one CPU core" in nb.cells[0].source
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    real, generated = TARGETS[name]
    assert f"less than {real:g}" in text
    assert f"{generated:g}" in text and "generated set" in text


def test_only_the_transformer_notebook_imports_torch(assignment3):
    for name in NOTEBOOKS:
        code = code_of(nbformat.read(assignment3.reference / name, as_version=4))
        assert ("import torch" in code) == (name == "Transformer_Captioning.ipynb"), name


def test_display_cells_skip_images_that_cannot_be_fetched(assignment3):
    for name in NOTEBOOKS:
        code = code_of(nbformat.read(assignment3.reference / name, as_version=4))
        if "image_from_url" in code.split("def show_images", 1)[-1]:
            assert "if image is not None" in code, name


def test_release_stubs_the_inline_answers_and_keeps_the_tests(project, assignment3):
    release = render_release(project, assignment3)
    for name in NOTEBOOKS:
        if name not in release.files:
            pytest.skip(f"{name} is not in assignment.toml [files] yet")
        nb = nbformat.reads(release.files[name].data.decode(), as_version=4)
        text = "\n".join(c.source for c in nb.cells)
        assert "BEGIN SOLUTION" not in text and "Your Answer" in text, name
        assert "rel_error" in text and "Final loss" in text, name


def execute(path: Path) -> tuple[str, str, str]:
    """Run a notebook headless; returns (name, first error or "", printed text)."""
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=CELL_TIMEOUT_S, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})  # fmt: skip
    try:
        client.execute()
    except Exception as error:  # noqa: BLE001 - reported per notebook
        return path.name, f"{type(error).__name__}: {str(error)[-1500:]}", ""
    printed = "".join(
        output.get("text", "") for cell in nb.cells if cell.cell_type == "code"
        for output in cell.outputs
    )  # fmt: skip
    return path.name, "", printed


@pytest.mark.slow
def test_reference_notebooks_run_headless_and_print_losses_within_their_targets(
    assignment3, monkeypatch
):
    monkeypatch.setenv("COCO_CAPTIONING_DIR", str(dataset_folder(assignment3, "synthetic")))
    for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        monkeypatch.setenv(name, "1")
    with ProcessPoolExecutor(max_workers=2) as pool:
        runs = list(pool.map(execute, [assignment3.reference / name for name in NOTEBOOKS]))
    assert {name: error for name, error, _ in runs} == {name: "" for name in NOTEBOOKS}
    for name, _, printed in runs:
        final = float(re.search(r"Final loss:\s+(\S+)", printed).group(1))
        assert final < TARGETS[name][1], (name, final)
        errors = [float(e) for e in re.findall(r"error:\s+(\S+)", printed)]
        assert errors and max(errors) < 1e-4, (name, errors)
