"""Benchmark: worker start-up cost and per-submission wall time of grading the kNN part.

    .venv/bin/python bench/grade_knn.py [--repeat N]

Prints a Markdown table; the README's performance section quotes it. Timings, not tests:
nothing here asserts a speed.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from grader.config import Project, load_assignment  # noqa: E402
from grader.release import render_release, write_tree  # noqa: E402
from grader.runner import RunOptions, grade_submission  # noqa: E402
from grader.sandbox import Sandbox  # noqa: E402


def seconds(action, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    project = Project(ROOT)
    assignment = load_assignment(project, "assignment1")

    def start_worker():
        with Sandbox().start(assignment.reference):
            pass

    def start_and_import():
        with Sandbox().start(assignment.reference) as worker:
            worker.request({"op": "import", "module": "cs231n.classifiers.k_nearest_neighbor"})

    rows = [
        (
            "worker start-up (spawn, numpy import, handshake, kill)",
            seconds(start_worker, args.repeat),
        ),
        ("worker start-up + import of the kNN module", seconds(start_and_import, args.repeat)),
    ]
    knn = RunOptions(only=("KNearestNeighbor",))
    quick = RunOptions(only=("predict_labels", "one_loop", "two_loops", "agrees"))
    with tempfile.TemporaryDirectory() as scratch:
        for label, fill in (("solved", True), ("stubs", False)):
            folder = write_tree(render_release(project, assignment, fill), Path(scratch) / label)
            times = seconds(lambda f=folder: grade_submission(project, f, None, knn), args.repeat)
            rows.append((f"grade the kNN part, {label} (13 checks)", times))
        folder = Path(scratch) / "solved"
        times = seconds(lambda: grade_submission(project, folder, None, quick), args.repeat)
        rows.append(("grade the kNN part, solved, without the speed check", times))

    print(f"| measurement ({args.repeat} runs) | median | min | max |")
    print("|---|---|---|---|")
    for label, times in rows:
        median, low, high = statistics.median(times), min(times), max(times)
        print(f"| {label} | {median:.3f} s | {low:.3f} s | {high:.3f} s |")


if __name__ == "__main__":
    main()
