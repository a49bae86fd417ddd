"""Batch intake: which students a folder (or an LMS bulk-download zip) holds, and what each
submission's content hash is.

    entries = find_submissions(Path("submissions/"), scratch)   # [Entry("alice", ...), ...]

A batch folder holds one folder or zip per student, named after the student; an LMS export is
a zip of such zips (or folders), unpacked safely into `scratch` first. A single submission
(a folder with a .release.json or cs231n/, or a zip holding one) is not a batch.
"""

from __future__ import annotations

import hashlib
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from grader.errors import SubmissionError
from grader.release import MANIFEST_NAME
from grader.submission import extract_zip

_UNSAFE = re.compile(r"[^A-Za-z0-9._@+-]+")


@dataclass(frozen=True)
class Entry:
    """One student's submission in a batch."""

    student: str  # from the folder or zip name, made safe for file names
    path: Path


def looks_like_submission(folder: Path) -> bool:
    return (folder / MANIFEST_NAME).is_file() or (folder / "cs231n").is_dir()


def is_batch(path: Path) -> bool:
    """Whether `path` holds many submissions rather than being one."""
    if path.is_dir():
        if looks_like_submission(path):
            return False
        children = [c for c in path.iterdir() if not c.name.startswith((".", "__MACOSX"))]
        return bool(children) and all(c.is_dir() or c.suffix == ".zip" for c in children)
    if path.suffix == ".zip" and path.is_file():
        try:
            with zipfile.ZipFile(path) as archive:
                names = [n for n in archive.namelist() if not n.startswith("__MACOSX")]
        except (zipfile.BadZipFile, OSError):
            return False
        return bool(names) and all(n.endswith((".zip", "/")) for n in names)
    return False


def find_submissions(path: Path, scratch: Path) -> list[Entry]:
    """The batch's submissions, one per student, sorted by student.

    Raises
    ------
    SubmissionError
        When the batch cannot be read or two entries name the same student.
    """
    folder = path
    if path.is_file():
        folder = scratch / "unpacked"
        extract_zip(path, folder)
        inner = [c for c in folder.iterdir() if not c.name.startswith((".", "__MACOSX"))]
        if len(inner) == 1 and inner[0].is_dir() and is_batch(inner[0]):
            folder = inner[0]  # the export's own top folder
    entries: dict[str, Entry] = {}
    for child in sorted(folder.iterdir()):
        if child.name.startswith((".", "__MACOSX")) or not (
            child.is_dir() or child.suffix == ".zip"
        ):
            continue
        student = _UNSAFE.sub("_", child.name.removesuffix(".zip")).strip("._") or "student"
        if student in entries:
            raise SubmissionError(f"{path}: two submissions for {student!r}")
        entries[student] = Entry(student, child)
    return list(entries.values())


def content_hash(path: Path) -> str:
    """sha256 of a zip's bytes, or of a folder's relative paths and file contents."""
    digest = hashlib.sha256()
    if path.is_file():
        with open(path, "rb") as stream:
            for block in iter(lambda: stream.read(1 << 20), b""):
                digest.update(block)
        return digest.hexdigest()
    for file in sorted(p for p in path.rglob("*") if p.is_file() and not p.is_symlink()):
        digest.update(file.relative_to(path).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(file.read_bytes()).digest())
    return digest.hexdigest()
