"""Grade a whole batch: one row per student, resumable, and no student can stop the batch.

    rows = grade_batch(project, Path("submissions/"), Path("graded/"), "assignment1", options)

Layout of `out`:
    gradebook.csv                    one row per student (total, per question, status)
    summary.html, *.png              score histogram, per-check pass rates, links to feedback
    similarity.md                    groups of unusually close answers per region (similarity.py)
    students/<id>/report.txt, results.json (Gradescope), report.md, notebooks/
    students/<id>/result.json        the full result and its key, written last

A result's key is (submission content hash, release, grader version, checks hash): rerunning
skips every student whose result.json has the current key, so a run killed midway loses only
the submissions in flight and grades nothing twice. The batch prepares the grading once and
grades `jobs` submissions at a time, each in workers and kernels of its own.
"""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import io
import json
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from grader import __version__
from grader.batch.intake import Entry, content_hash, find_submissions
from grader.batch.similarity import render_similarity, similar_groups
from grader.config import Project
from grader.errors import GraderError, SubmissionError
from grader.files import write_atomically
from grader.markers import split_answer_regions
from grader.notebooks.answers import collect_answers, render_question_pages
from grader.reports import render
from grader.results import SubmissionResult, points_text
from grader.runner import Grading, RunOptions, grade_submission, prepare_grading, unreadable
from grader.submission import open_submission

RESULT_FILE = "result.json"
REPORTS = {"report.txt": "text", "report.md": "markdown", "results.json": "gradescope"}


@dataclass(frozen=True)
class Row:
    """One student's line of the gradebook."""

    student: str
    status: str  # graded, unreadable, grader error
    result: SubmissionResult
    key: str
    reused: bool = False  # graded by an earlier run with the same key


def grade_batch(
    project: Project,
    path: Path,
    out: Path,
    assignment: str,
    options: RunOptions = RunOptions(),
    jobs: int = 1,
    progress: Callable[[int, int, Row, float], None] | None = None,
    scheduler: str | None = None,
) -> list[Row]:
    """Grade every submission in `path` into `out` (see the module docstring); returns the
    rows sorted by student. With `scheduler` (a Dask scheduler's address, or a
    distributed.Client), each submission is a task on the cluster's workers instead of one of
    `jobs` local threads; the results are written here the same way."""
    from grader.batch.summary import preload_plotting, write_summary

    preload_plotting()
    grading = prepare_grading(project, assignment, dataclasses.replace(options, jobs=1))
    salt = grading_key(grading)
    with tempfile.TemporaryDirectory(prefix="grader-batch-") as scratch:
        entries = find_submissions(path, Path(scratch))
        rows, todo = {}, []
        for entry in entries:
            key = hashlib.sha256(f"{salt}:{content_hash(entry.path)}".encode()).hexdigest()
            earlier = _load(out / "students" / entry.student, key)
            if earlier is not None:
                rows[entry.student] = earlier
            else:
                todo.append((entry, key))
        started, lock, done = time.monotonic(), threading.Lock(), [len(rows)]
        reused = len(rows)

        def finished(row: Row) -> Row:
            with lock:
                rows[row.student] = row
                done[0] += 1
                if progress:  # the rate counts only what this run graded
                    progress(done[0], len(entries), row, time.monotonic() - started,
                             done[0] - reused)  # fmt: skip
            return row

        def grade(item: tuple[Entry, str]) -> Row:
            entry, key = item
            folder = out / "students" / entry.student
            status, result = grade_one(project, grading, entry.path, folder / "notebooks")
            return finished(store(folder, entry.student, key, status, result))

        if scheduler is not None:
            from grader.batch.cluster import grade_on_cluster

            grade_on_cluster(scheduler, grading, todo, out, finished)
        elif jobs > 1 and len(todo) > 1:
            grade_in_processes(grading, todo, out, jobs, finished)
        else:
            for item in todo:
                grade(item)
        regions, inline = answer_regions(grading, entries, Path(scratch) / "regions")
    write_atomically(out / "similarity.md", render_similarity(similar_groups(regions), regions))
    pages = render_question_pages(project, inline, grading.assignment.title)
    (out / "answers").mkdir(parents=True, exist_ok=True)
    for name, page in pages.items():
        write_atomically(out / "answers" / name, page)
    ordered = [rows[e.student] for e in entries]
    write_gradebook(out / "gradebook.csv", grading, ordered)
    write_summary(project, out, grading, ordered)
    return ordered


def grade_one(project, grading: Grading, path: Path, artifacts: Path):
    """(status, result) of one submission; any failure becomes its result, never an error."""
    try:
        result = grade_submission(project, path, grading=grading, artifacts=artifacts)
    except Exception as error:  # noqa: BLE001 - one student's catastrophe is one row
        why = f"{type(error).__name__}: {error}".splitlines()[0]
        status = "unreadable" if isinstance(error, GraderError) else "grader error"
        return status, unreadable(grading, str(path), why)
    if result.isolation.startswith("none"):
        return "unreadable", result
    return ("grader error" if result.internal_errors else "graded"), result


def grade_in_processes(grading: Grading, todo, out: Path, jobs: int, finished) -> None:
    """`jobs` grading processes, each preparing the grading once from its spec and grading one
    submission at a time; results come back here to be stored. Processes, not threads: a
    grading's own Python work (inputs, comparisons, reports) would share one interpreter's
    lock between threads, and the batch ran at the speed of one core."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    context = multiprocessing.get_context("forkserver")  # no fork of a threaded parent
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        futures = {}
        for entry, key in todo:
            notebooks = out / "students" / entry.student / "notebooks"
            future = pool.submit(grade_in_process, grading.spec, str(entry.path), str(notebooks))
            futures[future] = (entry, key)
        for future in as_completed(futures):
            entry, key = futures[future]
            try:
                status, data = future.result()
                result = SubmissionResult.from_dict(data)
            except Exception as error:  # noqa: BLE001 - a lost process is this student's row
                status = "grader error"
                result = unreadable(
                    grading, str(entry.path), f"the grading process failed: {error}"
                )
            finished(store(out / "students" / entry.student, entry.student, key, status, result))


_PREPARED: dict = {}  # in a grading process or on a Dask worker: spec -> its Grading


def prepared(spec) -> Grading:
    """The grading a spec describes, prepared once per process."""
    grading = _PREPARED.get(repr(spec))
    if grading is None:
        grading = _PREPARED[repr(spec)] = spec.load()
    return grading


def grade_in_process(spec, path: str, artifacts: str) -> tuple[str, dict]:
    """In a grading process: (status, result as plain data) of one submission."""
    grading = prepared(spec)
    status, result = grade_one(grading.project, grading, Path(path), Path(artifacts))
    return status, result.to_dict()


def store(folder: Path, student: str, key: str, status: str, result: SubmissionResult) -> Row:
    """Write a student's reports, then result.json (last: it marks the student as done)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, format in REPORTS.items():
        write_atomically(folder / name, render(result, format))
    done = {"key": key, "status": status, "student": student, "result": result.to_dict()}
    write_atomically(folder / RESULT_FILE, json.dumps(done, indent=1))
    return Row(student, status, result, key)


def answer_regions(grading: Grading, entries: list[Entry], scratch: Path):
    """({region id: {student: the code they wrote there}} over the student .py files, leaving
    out regions still as released; {student: their inline answers}). Read as text; nothing
    runs."""
    release, regions, inline = grading.release, {}, {}
    ids: dict[str, list[str]] = {}
    for region in release.manifest["regions"]:
        ids.setdefault(region["file"], []).append(region["id"])
    stubs = {path: split_answer_regions(release.files[path].data.decode())[1] for path in ids}
    for index, entry in enumerate(entries):
        try:
            root, _ = open_submission(entry.path, scratch / str(index))
        except SubmissionError:
            continue
        inline[entry.student] = collect_answers(release, root)
        for path, names in ids.items():
            if not path.endswith(".py") or not (root / path).is_file():
                continue
            inside = split_answer_regions((root / path).read_text(errors="replace"))[1]
            if len(inside) != len(names):
                continue  # delimiters edited: the regions cannot be told apart
            for name, code, stub in zip(names, inside, stubs[path], strict=True):
                if code.strip() != stub.strip():
                    regions.setdefault(name, {})[entry.student] = code
    return regions, inline


def grading_key(grading: Grading) -> str:
    """What a result depends on besides the submission: release, grader, checks."""
    digest = hashlib.sha256(__version__.encode())
    digest.update(json.dumps(grading.release.manifest["files"], sort_keys=True).encode())
    digest.update(json.dumps(dataclasses.asdict(grading.options), sort_keys=True,
                             default=str).encode())  # fmt: skip
    for file in sorted(grading.assignment.directory.rglob("*")):
        if file.is_file() and "__pycache__" not in file.parts:
            digest.update(file.relative_to(grading.assignment.directory).as_posix().encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()


def write_gradebook(path: Path, grading: Grading, rows: list[Row]) -> None:
    """gradebook.csv: student, status, score, max_score, pending, one column per question,
    failed checks, elapsed_s (the only column that differs between equal runs)."""
    questions = [q.id for q in grading.assignment.questions]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["student", "status", "score", "max_score", "pending", *questions,
                     "checks_lost", "elapsed_s"])  # fmt: skip
    for row in rows:
        result = row.result
        earned = {q: sum(r.points for r in result.results if r.question == q) for q in questions}
        lost = sum(r.lost_points for r in result.results)
        writer.writerow([row.student, row.status, points_text(result.score),
                         points_text(result.max_score), points_text(result.pending_points),
                         *(points_text(earned[q]) for q in questions), lost,
                         f"{result.elapsed_s:.2f}"])  # fmt: skip
    write_atomically(path, buffer.getvalue())


def print_progress(done: int, total: int, row: Row, elapsed: float, graded: int = 0) -> None:
    """`[3/20] alice 42 / 75 (graded)  1.9 s per submission, ETA 32 s` on stderr; the rate is
    over the `graded` submissions this run graded (not those an earlier run left done)."""
    rate = elapsed / max(graded or done, 1)
    eta = rate * (total - done)
    print(f"[{done}/{total}] {row.student} {points_text(row.result.score)} / "
          f"{points_text(row.result.max_score)} ({row.status})  {rate:.1f} s per submission, "
          f"ETA {eta:.0f} s", file=sys.stderr, flush=True)  # fmt: skip


def _load(folder: Path, key: str) -> Row | None:
    try:
        data = json.loads((folder / RESULT_FILE).read_text())
        if data.get("key") != key:
            return None
        result = SubmissionResult.from_dict(data["result"])
    except (OSError, ValueError, KeyError, TypeError):
        return None  # never finished, or from another release, grader or set of checks
    return Row(data["student"], data["status"], result, key, reused=True)
