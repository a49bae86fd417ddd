"""Benchmark: what grading a notebook on a sandboxed kernel costs, and what a looping cell costs.

    .venv/bin/python bench/notebooks.py [--skip-overhead] [--skip-looping]

1. Per notebook of the solved assignment 1: plain `jupyter nbconvert --to notebook --execute`
   against the grader's own run (a writable copy of the tree, a kernel under bubblewrap with a
   uid of its own, per-cell timeouts, nbclient), one after the other, one BLAS thread each.
2. Grading a whole solved submission against the same submission whose
   compute_distances_one_loop never returns (its knn.ipynb cells are cut at their timeouts).

Prints Markdown tables for the README. Timings, not tests: nothing here asserts a speed.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from grader.config import Project, load_assignment, notebooks_in_order  # noqa: E402
from grader.datasets import dataset_folder  # noqa: E402
from grader.release import render_release, write_tree  # noqa: E402
from grader.runner import RunOptions, grade_submission, prepare_grading  # noqa: E402
from grader.session import GradingSession  # noqa: E402

KNN_FILE = "cs231n/classifiers/k_nearest_neighbor.py"
LOOP = "            if i == 0:  # the training norms"


def overhead(project, assignment, solved: Path) -> None:
    env = dict(os.environ, CIFAR10_DIR=str(dataset_folder(assignment, "synthetic")),
               OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1")  # fmt: skip
    nbconvert = Path(sys.executable).with_name("jupyter-nbconvert")
    grading = prepare_grading(project, assignment.name, RunOptions())
    print("| notebook | `nbconvert --execute` s | grader's sandboxed run s | ratio |")
    print("|---|---|---|---|")
    totals = [0.0, 0.0]
    with tempfile.TemporaryDirectory() as out, GradingSession(grading, solved) as session:
        for name in notebooks_in_order(assignment):
            start = time.perf_counter()
            subprocess.run([str(nbconvert), "--to", "notebook", "--execute", "--output-dir", out,
                            "--ExecutePreprocessor.timeout=900", str(solved / name)],
                           env=env, check=True, capture_output=True)  # fmt: skip
            plain = time.perf_counter() - start
            start = time.perf_counter()
            run = session.run_notebook(name, {})
            ours = time.perf_counter() - start
            assert not run.problems, run.problems
            totals[0] += plain
            totals[1] += ours
            print(f"| {name} | {plain:.1f} | {ours:.1f} | {ours / plain:.2f}x |")
    print(f"| all five | {totals[0]:.1f} | {totals[1]:.1f} | {totals[1] / totals[0]:.2f}x |")


def looping(project, assignment, scratch: Path, solved: Path) -> None:
    spinning = write_tree(render_release(project, assignment, fill_answers=True),
                          scratch / "looping")  # fmt: skip
    source = spinning / KNN_FILE
    spin = "            while True:\n                pass\n"
    source.write_text(source.read_text().replace(LOOP, spin + LOOP))
    print()
    print("| grading, everything (notebooks 2 at a time) | score | seconds |")
    print("|---|---|---|")
    times = {}
    for label, folder in (("solved", solved), ("compute_distances_one_loop loops", spinning)):
        start = time.perf_counter()
        result = grade_submission(project, folder, assignment.name, RunOptions())
        times[label] = time.perf_counter() - start
        print(f"| {label} | {result.score:g} / {result.max_score:g} | {times[label]:.0f} |")
    ratio = times["compute_distances_one_loop loops"] / times["solved"]
    print(f"| looping / solved | | {ratio:.2f}x |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-overhead", action="store_true")
    parser.add_argument("--skip-looping", action="store_true")
    args = parser.parse_args()
    project = Project(ROOT)
    assignment = load_assignment(project, "assignment1")
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        solved = write_tree(render_release(project, assignment, fill_answers=True),
                            scratch / "solved")  # fmt: skip
        if not args.skip_overhead:
            overhead(project, assignment, solved)
        if not args.skip_looping:
            looping(project, assignment, scratch, solved)


if __name__ == "__main__":
    main()
