"""Benchmark: batch throughput, function checks only, for --jobs 1, --jobs 2 and a 2-worker
Dask LocalCluster, on generated submissions (solved, one wrong layer, a corrupt zip, stubs).

    .venv/bin/python bench/batch.py [--count 200]

Prints a Markdown table and checks that the three gradebooks agree. Timings, not tests.
"""

from __future__ import annotations

import argparse
import csv
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from grader.batch import grade_batch  # noqa: E402
from grader.config import Project, load_assignment  # noqa: E402
from grader.runner import RunOptions  # noqa: E402
from tests.conftest import write_submission  # noqa: E402

WRONG = {"cs231n/layers.py": [("out = np.maximum(0, x)", "out = np.maximum(0.1 * x, x)")]}


def make_batch(project, assignment, folder: Path, count: int) -> None:
    for index in range(count):
        kind = index % 4
        target = folder / f"student{index:03d}"
        if kind == 2:
            folder.mkdir(parents=True, exist_ok=True)
            target.with_suffix(".zip").write_bytes(b"PK\x03\x04 corrupt")
        else:
            write_submission(project, assignment, target, WRONG if kind == 1 else None,
                             fill_answers=kind != 3)  # fmt: skip


def gradebook(out: Path) -> list[dict]:
    with open(out / "gradebook.csv") as stream:
        return [{k: v for k, v in r.items() if k != "elapsed_s"} for r in csv.DictReader(stream)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200)
    args = parser.parse_args()
    project = Project(ROOT)
    assignment = load_assignment(project, "assignment1")
    options = RunOptions(skip_notebooks=True)
    print(f"| {args.count} submissions, functions only | seconds | per submission |")
    print("|---|---|---|")
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        make_batch(project, assignment, scratch / "subs", args.count)
        books = {}
        runs = [("--jobs 1", {"jobs": 1}), ("--jobs 2", {"jobs": 2})]
        for label, how in [*runs, ("2-worker LocalCluster", None)]:
            out = scratch / label.replace(" ", "_")
            start = time.perf_counter()
            if how is None:
                from distributed import Client, LocalCluster

                with LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as c:
                    with Client(c) as client:
                        grade_batch(project, scratch / "subs", out, "assignment1", options,
                                    scheduler=client)  # fmt: skip
            else:
                grade_batch(project, scratch / "subs", out, "assignment1", options, **how)
            elapsed = time.perf_counter() - start
            books[label] = gradebook(out)
            print(f"| {label} | {elapsed:.1f} | {elapsed / args.count:.2f} |")
        agree = all(book == books["--jobs 1"] for book in books.values())
        print(f"\ngradebooks identical apart from timing: {agree}")


if __name__ == "__main__":
    main()
