"""Benchmark: what bubblewrap costs over process isolation, per worker and per submission.

    .venv/bin/python bench/isolation.py [--repeat N]

Prints a Markdown table (the README's "Security model" quotes it): worker start-up (spawn,
sandbox, numpy import, handshake, kill and sweep), and a whole function-only grading of a
solved assignment 1. Timings, not tests: nothing here asserts a speed.
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
from grader.sandbox import BwrapIsolation, Isolation, Sandbox  # noqa: E402

LEVELS = {"process": Isolation(), "bwrap": BwrapIsolation()}


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
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        solved = write_tree(render_release(project, assignment, fill_answers=True),
                            Path(scratch) / "solved")  # fmt: skip
        for name, isolation in LEVELS.items():

            def start_worker(isolation=isolation):
                with Sandbox(isolation).start(assignment.reference, writable=False):
                    pass

            def grade(name=name):
                options = RunOptions(isolation=name, skip_notebooks=True)
                result = grade_submission(project, solved, "assignment1", options)
                assert result.score == result.max_score, result.score

            rows.append((f"worker start-up, {name}", seconds(start_worker, args.repeat)))
            rows.append((f"assignment 1, functions only, {name}",
                         seconds(grade, max(1, args.repeat // 2))))  # fmt: skip
    print(f"| measurement ({args.repeat} runs) | median | min | max |")
    print("|---|---|---|---|")
    for label, times in rows:
        print(f"| {label} | {statistics.median(times):.3f} s | {min(times):.3f} s | "
              f"{max(times):.3f} s |")  # fmt: skip


if __name__ == "__main__":
    main()
