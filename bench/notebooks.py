"""Benchmark: how long each reference notebook takes headless on the generated data, and how
long grading a whole solved assignment 1 takes (notebook runs included).

    .venv/bin/python bench/notebooks.py

Prints Markdown tables for the README. Kernels get one BLAS thread, as the grader's workers do.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from grader.config import Project, load_assignment  # noqa: E402
from grader.datasets import dataset_folder  # noqa: E402
from grader.release import render_release, write_tree  # noqa: E402
from grader.runner import RunOptions, grade_submission  # noqa: E402

NOTEBOOKS = ["knn.ipynb", "svm.ipynb", "softmax.ipynb", "two_layer_net.ipynb", "features.ipynb"]


def main() -> None:
    project = Project(ROOT)
    assignment = load_assignment(project, "assignment1")
    os.environ["CIFAR10_DIR"] = str(dataset_folder(assignment, "synthetic"))
    os.environ["OPENBLAS_NUM_THREADS"] = os.environ["OMP_NUM_THREADS"] = "1"
    print("| notebook (alone, one BLAS thread) | seconds |")
    print("|---|---|")
    with tempfile.TemporaryDirectory() as scratch:
        work = shutil.copytree(assignment.reference, Path(scratch) / "reference")
        for name in NOTEBOOKS:
            nb = nbformat.read(work / name, as_version=4)
            start = time.perf_counter()
            NotebookClient(nb, timeout=900, resources={"metadata": {"path": str(work)}}).execute()
            print(f"| {name} | {time.perf_counter() - start:.0f} |")

        solved = render_release(project, assignment, fill_answers=True)
        folder = write_tree(solved, Path(scratch) / "solved")
        print()
        print("| grading a solved assignment 1 (55 checks) | seconds |")
        print("|---|---|")
        for label, options in (
            ("functions only (`--skip-notebooks`)", RunOptions(skip_notebooks=True)),
            ("everything, notebooks 2 at a time", RunOptions()),
        ):
            start = time.perf_counter()
            result = grade_submission(project, folder, "assignment1", options)
            elapsed = time.perf_counter() - start
            print(f"| {label}: {result.score:g} / {result.max_score:g} | {elapsed:.0f} |")


if __name__ == "__main__":
    main()
