"""Benchmark: where one submission's grading time goes, and how much memory it takes.

    .venv/bin/python bench/one_submission.py [--assignment assignment1] [--skip-with-notebooks]

Grades a solved submission twice in fresh interpreters, functions only and with notebooks, and
splits each run's wall time into: interpreter start-up and the grader's imports, preparing the
grading (config, checks, fixtures, release) and opening the submission, the function checks,
and the notebook runs (the checks with workers of their own). Peak memory is the largest
resident set of the grader's own process and of any worker or kernel it started. Timings,
not tests.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def child(assignment: str, submission: Path, skip_notebooks: bool) -> dict:
    """In a fresh interpreter: grade and time each phase (the parent passes its clock)."""
    imported = time.time()
    import resource

    from grader.config import Project
    from grader.runner import RunOptions, grade_submission, prepare_grading

    imports_done = time.time()
    project = Project(ROOT)
    options = RunOptions(skip_notebooks=skip_notebooks)
    grading = prepare_grading(project, assignment, options)
    prepared = time.time()
    first: list[float] = []
    function_s = [0.0]

    def progress(result) -> None:
        now = time.time()
        if not first:
            first.append(now - result.elapsed_s)
        if result.kind != "notebook":
            function_s[0] += result.elapsed_s

    result = grade_submission(project, submission, options=options, grading=grading,
                              progress=progress)  # fmt: skip
    finished = time.time()
    notebooks = [r for r in result.results if r.kind == "notebook"]
    return {
        "imported": imported,
        "imports_done": imports_done,
        "prepared": prepared,
        "first_check": first[0] if first else finished,
        "function_checks_s": function_s[0],
        "notebook_checks": len(notebooks),
        "finished": finished,
        "score": f"{result.score:g} / {result.max_score:g}",
        "checks": len(result.results),
        "grader_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "worker_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }


def measure(assignment: str, submission: Path, skip_notebooks: bool) -> dict:
    started = time.time()
    command = [sys.executable, __file__, "--child", assignment, str(submission)]
    if skip_notebooks:
        command.append("--skip-notebooks")
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    data = json.loads(out.strip().splitlines()[-1])
    data["started"] = started
    return data


def row(label: str, data: dict) -> str:
    startup = data["imports_done"] - data["started"]
    prepare = data["first_check"] - data["imports_done"]
    total = data["finished"] - data["started"]
    rest = data["finished"] - data["first_check"]
    functions = min(data["function_checks_s"], rest)
    notebooks = max(0.0, rest - functions)
    return (f"| {label} | {data['score']} | {startup:.2f} | {prepare:.2f} | {functions:.1f} | "
            f"{notebooks:.1f} | {total:.1f} | {data['grader_rss_mb']:.0f} | "
            f"{data['worker_rss_mb']:.0f} |")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--assignment", default="assignment1")
    parser.add_argument("--skip-with-notebooks", action="store_true")
    parser.add_argument("--child", nargs=2, metavar=("ASSIGNMENT", "SUBMISSION"))
    parser.add_argument("--skip-notebooks", action="store_true")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    if args.child:
        name, submission = args.child
        print(json.dumps(child(name, Path(submission), args.skip_notebooks)))
        return
    from grader.config import Project, load_assignment
    from tests.conftest import write_submission

    project = Project(ROOT)
    assignment = load_assignment(project, args.assignment)
    print(
        "| solved submission | score | start-up and imports s | prepare and open s | "
        "function checks s | notebooks and reports s | total s | grader peak MB | "
        "largest worker MB |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as scratch:
        submission = write_submission(project, assignment, Path(scratch) / "student")
        print(row("functions only", measure(args.assignment, submission, True)))
        if not args.skip_with_notebooks:
            print(row("with notebooks", measure(args.assignment, submission, False)))


if __name__ == "__main__":
    main()
