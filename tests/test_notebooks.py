"""Notebooks: the released stubs run in a fresh environment made from requirements.txt, and the
text states the configured targets. (That every reference notebook runs to the end on the
generated data with no failing cell, and reaches its targets, is test_validate's job: it grades
them.)

The stub run is marked slow (`make test-fast` skips it; `make test` and CI run it).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import zipfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from grader.checks import NotebookRun
from grader.markers import START_DELIMITER
from grader.registry import load_checks

NOTEBOOKS = ["knn.ipynb", "svm.ipynb", "softmax.ipynb", "two_layer_net.ipynb", "features.ipynb"]
CELL_TIMEOUT_S = 900


def execute(path: Path, kernel: str = "python3", stop: int | None = None) -> tuple[str, str]:
    """Run a notebook (its first `stop` cells) headless; returns (name, error or "")."""
    nb = nbformat.read(path, as_version=4)
    if stop is not None:
        nb.cells = nb.cells[:stop]
    client = NotebookClient(
        nb,
        timeout=CELL_TIMEOUT_S,
        kernel_name=kernel,
        resources={"metadata": {"path": str(path.parent)}},
    )
    try:
        client.execute()
    except Exception as error:  # noqa: BLE001 - reported per notebook
        return path.name, f"{type(error).__name__}: {str(error)[-1500:]}"
    return path.name, ""


def execute_all(paths, **kwargs) -> dict[str, str]:
    """Run notebooks two at a time (one per core), each kernel with one BLAS thread."""
    with ProcessPoolExecutor(max_workers=2) as pool:
        futures = [pool.submit(execute, path, **kwargs) for path in paths]
        return dict(future.result() for future in futures)


def first_student_cell(nb, functions: set[str]) -> int:
    """Index of the first cell that holds a TODO or calls a function students write."""
    pattern = re.compile(r"\b(" + "|".join(sorted(functions)) + r")\b")
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and (
            START_DELIMITER in cell.source or pattern.search(cell.source)
        ):
            return index
    return len(nb.cells)


@pytest.mark.slow
def test_released_stub_notebooks_run_up_to_the_first_todo_from_requirements(release_zip, tmp_path):
    """Unzip, `pip install -r requirements.txt` into a new venv, run the generator, and run each
    stub notebook up to the first cell that needs the student's work, in that venv's kernel."""
    with zipfile.ZipFile(release_zip) as archive:
        archive.extractall(tmp_path)
    folder = tmp_path / "assignment1"
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    install = subprocess.run(
        [python, "-m", "pip", "install", "--quiet", "-r", "requirements.txt"],
        cwd=folder, capture_output=True, text=True, timeout=1200,
    )  # fmt: skip
    assert install.returncode == 0, install.stderr[-2000:]
    generated = subprocess.run(
        [python, "cs231n/datasets/make_synthetic_cifar10.py"],
        cwd=folder,
        capture_output=True,
        text=True,
    )
    assert generated.returncode == 0, generated.stderr
    data = folder / "cs231n" / "datasets" / "synthetic-cifar-10-batches-py"
    assert sorted(p.name for p in data.iterdir()) == [
        "batches.meta", "data_batch_1", "data_batch_2", "data_batch_3", "data_batch_4",
        "data_batch_5", "test_batch",
    ]  # fmt: skip

    # A kernel spec for the student's venv, found through JUPYTER_PATH.
    spec = tmp_path / "jupyter" / "kernels" / "student"
    spec.mkdir(parents=True)
    argv = [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    (spec / "kernel.json").write_text(
        json.dumps({"argv": argv, "display_name": "student", "language": "python"})
    )
    env = {
        "JUPYTER_PATH": str(tmp_path / "jupyter"),
        "CIFAR10_DIR": str(data),
        "OPENBLAS_NUM_THREADS": "1",
    }
    manifest = json.loads((folder / ".release.json").read_text())
    functions = {
        r["scope"].split(".")[-1] for r in manifest["regions"] if r["file"].endswith(".py")
    } - {"__init__", "loss", "train"}  # too common as plain words to mark a call
    old = {key: os.environ.get(key) for key in env}
    os.environ.update(env)
    try:
        stops = {}
        for name in NOTEBOOKS:
            stops[name] = first_student_cell(nbformat.read(folder / name, as_version=4), functions)
            assert stops[name] >= 3, f"{name}: the first TODO is in cell {stops[name]}"
        errors = {
            name: execute(folder / name, kernel="student", stop=stops[name])[1]
            for name in NOTEBOOKS
        }
    finally:
        for key, value in old.items():
            os.environ.pop(key) if value is None else os.environ.__setitem__(key, value)
    assert errors == {name: "" for name in NOTEBOOKS}


def test_notebooks_need_no_drive_mount_and_read_the_dataset_variable(assignment1):
    for name in NOTEBOOKS:
        text = (assignment1.reference / name).read_text()
        assert "drive.mount" not in text and "google.colab" not in text, name
        nb = nbformat.read(assignment1.reference / name, as_version=4)
        sources = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
        assert "CIFAR10_DIR" in sources or "get_CIFAR10_data()" in sources, name


def test_notebook_text_states_the_targets_of_every_dataset(assignment1):
    """assignment.toml declares the targets; each notebook must state the same numbers."""
    checks = [c for c in load_checks(assignment1) if isinstance(c, NotebookRun)]
    assert {c.notebook for c in checks} == set(NOTEBOOKS)
    for check in checks:
        text = (assignment1.reference / check.notebook).read_text()
        for key in check.targets_by_metric.values():
            for dataset in assignment1.datasets:
                value = dataset.target(key)
                spellings = {f"{value:g}", f"{value:.2f}", f"{value * 100:g}%"}
                assert any(s in text for s in spellings), (check.notebook, dataset.name, key, value)
