"""A batch on a Dask distributed cluster: one task per submission, graded on a worker in the
same sandbox as a local run, the result and the staff pages sent back to be written here.

    grade_on_cluster("tcp://scheduler:8786", grading, todo, out, finished)

Only the GradingSpec travels (a few hundred bytes; each worker rebuilds the grading once from
the project checkout at the same path) and each submission as zip bytes, so workers need the
project, not the client's files. Results come back as plain data.
"""

from __future__ import annotations

import dataclasses
import io
import tempfile
import zipfile
from pathlib import Path

from grader.results import SubmissionResult


def grade_on_cluster(scheduler, grading, todo, out: Path, finished) -> None:
    """Submit each (entry, key) of `todo`; store each result as it comes back."""
    from distributed import Client, as_completed

    from grader.batch.run import store

    client = scheduler if isinstance(scheduler, Client) else Client(scheduler)
    try:
        futures = {}
        for entry, key in todo:
            future = client.submit(grade_remotely, grading.spec, _payload(entry.path),
                                   entry.path.name, key=f"grade-{key}", pure=False)  # fmt: skip
            futures[future] = (entry, key)
        for future in as_completed(futures):
            entry, key = futures[future]
            folder = out / "students" / entry.student
            try:
                status, data, pages = future.result()
                result = SubmissionResult.from_dict(data)
            except Exception as error:  # noqa: BLE001 - a lost worker is this student's row
                from grader.runner import unreadable

                status = "grader error"
                result = unreadable(grading, str(entry.path), f"the cluster failed: {error}")
                pages = {}
            result = dataclasses.replace(result, submission=str(entry.path))
            for relative, data in pages.items():
                target = folder / "notebooks" / relative
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
            finished(store(folder, entry.student, key, status, result))
    finally:
        if client is not scheduler:
            client.close()


def grade_remotely(spec, payload: bytes, name: str) -> tuple[str, dict, dict[str, bytes]]:
    """On a worker: grade one submission given as zip bytes; (status, result, staff pages)."""
    from grader.batch.run import grade_one, prepared

    grading = prepared(spec)
    with tempfile.TemporaryDirectory(prefix="grader-task-") as scratch:
        submission = Path(scratch) / (name if name.endswith(".zip") else f"{name}.zip")
        submission.write_bytes(payload)
        pages = Path(scratch) / "pages"
        status, result = grade_one(grading.project, grading, submission, pages)
        files = sorted(pages.rglob("*")) if pages.is_dir() else []
        sent = {p.relative_to(pages).as_posix(): p.read_bytes() for p in files if p.is_file()}
    return status, result.to_dict(), sent


def _payload(path: Path) -> bytes:
    """A submission as zip bytes (a zip as it is; a folder zipped)."""
    if path.is_file():
        return path.read_bytes()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for file in sorted(path.rglob("*")):
            if file.is_file() and not file.is_symlink():
                archive.write(file, f"{path.name}/{file.relative_to(path).as_posix()}")
    return buffer.getvalue()
