"""Benchmark: batch throughput, function checks only, for --jobs 1, --jobs 2 and a 2-worker
Dask LocalCluster, on generated submissions: in every six, two solved, one with a wrong layer,
a corrupt zip, stubs, and a syntax error in one file; submission 7 also loops forever in one
function (its calls are cut at the timeout, its other checks graded).

    .venv/bin/python bench/batch.py [--count 200] [--modes jobs1,jobs2,cluster]

Prints a Markdown table and checks that the three gradebooks agree. Timings, not tests.
"""

from __future__ import annotations

import argparse
import csv
import json
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
SYNTAX = {"cs231n/classifiers/softmax.py": [("def softmax_loss_naive(W, X, y, reg):",
                                              "def softmax_loss_naive(W, X, y, reg:")]}  # fmt: skip
SVM = "def svm_loss_naive(W, X, y, reg):\n"
LOOPS = {"cs231n/classifiers/linear_svm.py": [(SVM, SVM + "    while True:\n        pass\n")]}
KINDS = ("solved", "wrong", "corrupt", "stubs", "syntax", "solved")


def make_batch(project, assignment, folder: Path, count: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for index in range(count):
        kind = "loops" if index == 7 else KINDS[index % len(KINDS)]
        target = folder / f"student{index:03d}"
        if kind == "corrupt":
            target.with_suffix(".zip").write_bytes(f"PK\x03\x04 corrupt {index}".encode())
            continue
        edits = {"wrong": WRONG, "syntax": SYNTAX, "loops": LOOPS}.get(kind)
        write_submission(project, assignment, target, edits, fill_answers=kind != "stubs")
        # Byte-identical submissions share one result key (a cluster grades them once), so
        # each gets a note of its own: every submission here is graded.
        (target / "NOTES.txt").write_text(f"{target.name}\n")


def gradebook(out: Path) -> list[dict]:
    with open(out / "gradebook.csv") as stream:
        return [{k: v for k, v in r.items() if k != "elapsed_s"} for r in csv.DictReader(stream)]


def print_differences(scratch: Path, label_a, label_b, book_a, book_b) -> None:
    """Every gradebook row that differs, with the checks whose verdicts differ and why."""
    for a, b in zip(book_a, book_b, strict=True):
        if a == b:
            continue
        print(f"{a['student']}: {label_a} {a['score']} ({a['status']}), "
              f"{label_b} {b['score']} ({b['status']})")  # fmt: skip
        results = [check_verdicts(scratch / label.replace(" ", "_") / "students" / a["student"])
                   for label in (label_a, label_b)]  # fmt: skip
        for check in sorted(set(results[0]) | set(results[1])):
            left, right = results[0].get(check), results[1].get(check)
            if left != right:
                print(f"  {check}\n    {label_a}: {left}\n    {label_b}: {right}")


def check_verdicts(folder: Path) -> dict[str, tuple]:
    """{check id: (points, status, reason)} from a student's stored result.json."""
    try:
        result = json.loads((folder / "result.json").read_text())["result"]
    except (OSError, KeyError, ValueError) as error:
        return {"(result.json)": (str(error),)}
    return {r["check_id"]: (r["points"], r["status"], r["reason"]) for r in result["results"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--keep", type=Path, help="write the batches here and keep them")
    parser.add_argument("--modes", default="jobs1,jobs2,cluster",
                        help="comma-separated: jobs1, jobs2, cluster")  # fmt: skip
    args = parser.parse_args()
    modes = args.modes.split(",")
    project = Project(ROOT)
    assignment = load_assignment(project, "assignment1")
    options = RunOptions(skip_notebooks=True)
    print(f"| {args.count} submissions, functions only | seconds | per submission |")
    print("|---|---|---|")
    with tempfile.TemporaryDirectory() as temporary:
        scratch = args.keep or Path(temporary)
        make_batch(project, assignment, scratch / "subs", args.count)
        books, seconds = {}, {}
        runs = [("jobs1", "--jobs 1", {"jobs": 1}), ("jobs2", "--jobs 2", {"jobs": 2}),
                ("cluster", "2-worker LocalCluster", None)]  # fmt: skip
        for label, how in [(label, how) for mode, label, how in runs if mode in modes]:
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
            seconds[label] = elapsed
            print(f"| {label} | {elapsed:.1f} | {elapsed / args.count:.2f} |")
        first = next(iter(books.values()))
        agree = all(book == first for book in books.values())
        statuses = {}
        for row in first:
            statuses[row["status"]] = statuses.get(row["status"], 0) + 1
        print(f"\nstatuses: {statuses}; gradebooks identical apart from timing: {agree}")
        for label, book in books.items():
            if book != first:
                print_differences(scratch, next(iter(books)), label, first, book)
        if "--jobs 2" in seconds and "2-worker LocalCluster" in seconds:
            ratio = seconds["2-worker LocalCluster"] / seconds["--jobs 2"]
            print(f"LocalCluster / --jobs 2: {ratio:.2f}x")


if __name__ == "__main__":
    main()
