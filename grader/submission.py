"""Submissions: open a folder or zip safely, and lay out the tree that gets graded.

    root, warnings = open_submission(Path("alice.zip"), scratch)
    warnings += lay_out_tree(release, root, tree)

The grading tree is the release with the student's files on top, so provided files always
come from the release and editing them cannot change a score.
"""

from __future__ import annotations

import json
import shutil
import stat
import zipfile
import zlib
from pathlib import Path

from grader.errors import SubmissionError
from grader.markers import first_outside_edit
from grader.release import MANIFEST_NAME, Release, write_tree

MAX_UNPACKED_MB = 500  # a submission zip may unpack to at most this much
MAX_ZIP_ENTRIES = 20_000
MAX_STUDENT_FILE_MB = 50  # notebooks with outputs are a few MB; anything bigger is a mistake


def open_submission(path: Path, scratch: Path) -> tuple[Path, list[str]]:
    """Return the folder holding the submission's files (unzipping a zip safely) and warnings."""
    warnings: list[str] = []
    if path.is_dir():
        folder = path
    elif path.is_file():
        folder = scratch
        warnings += extract_zip(path, folder)
    else:
        raise SubmissionError(f"{path}: no such file or folder")
    return _find_root(folder), warnings


def read_manifest(root: Path, warnings: list[str]) -> dict | None:
    path = root / MANIFEST_NAME
    if not path.is_file():
        return None
    try:
        manifest = json.loads(path.read_text())
    except (ValueError, UnicodeDecodeError) as error:
        warnings.append(f"{MANIFEST_NAME} is unreadable ({error}); it was ignored")
        return None
    return manifest if isinstance(manifest, dict) else None


def lay_out_tree(release: Release, root: Path, tree: Path) -> list[str]:
    """Write the release into `tree`, then the student's files over their stubs.

    Provided files always come from the release, so editing them cannot change a score.
    Returns warnings about missing files and edits outside answer regions.
    """
    warnings = []
    write_tree(release, tree)
    for path in release.assignment.student_files:
        source = root / path
        if source.is_symlink():  # a link could point at any file the grader may read
            warnings.append(f"{path} is a symbolic link; graded as the starter code")
            continue
        if not source.is_file():
            warnings.append(f"{path} is missing from the submission; graded as the starter code")
            continue
        if source.stat().st_size > MAX_STUDENT_FILE_MB << 20:
            warnings.append(
                f"{path} is larger than {MAX_STUDENT_FILE_MB} MB; graded as the starter code"
            )
            continue
        data = source.read_bytes()
        (tree / path).write_bytes(data)
        if path.endswith(".py"):
            line = first_outside_edit(
                release.files[path].data.decode(), data.decode(errors="replace")
            )
            if line == 0:
                warnings.append(f"{path}: START/END OF YOUR CODE lines were changed or removed")
            elif line:
                warnings.append(f"{path}:{line}: edited outside the answer regions")
    for path, entry in release.files.items():
        copy = root / path
        if path not in release.assignment.student_files and path != MANIFEST_NAME:
            if copy.is_file() and copy.read_bytes() != entry.data:
                warnings.append(f"{path} differs from the release; the release's version was used")
    return warnings


def extract_zip(path: Path, folder: Path) -> list[str]:
    warnings = []
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as error:
        raise SubmissionError(f"{path}: not a readable zip file ({error})") from None
    with archive:
        members = archive.infolist()
        if len(members) > MAX_ZIP_ENTRIES:
            raise SubmissionError(f"{path}: {len(members)} entries, more than {MAX_ZIP_ENTRIES}")
        total = sum(m.file_size for m in members)
        if total > MAX_UNPACKED_MB << 20:
            raise SubmissionError(f"{path}: unpacks to {total >> 20} MB, over {MAX_UNPACKED_MB} MB")
        folder.mkdir(parents=True, exist_ok=True)
        base = folder.resolve()
        for member in members:
            name = member.filename
            if member.is_dir() or name.startswith("__MACOSX/"):
                continue
            target = (folder / name).resolve()
            if stat.S_ISLNK(member.external_attr >> 16) or not target.is_relative_to(base):
                warnings.append(f"{path}: skipped unsafe entry {name!r}")
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                with archive.open(member) as source, open(target, "wb") as out:
                    shutil.copyfileobj(source, out)
            except (zipfile.BadZipFile, zlib.error, OSError, EOFError) as error:
                raise SubmissionError(f"{path}: corrupt zip entry {name!r} ({error})") from None
    return warnings


def _find_root(folder: Path) -> Path:
    """The folder that holds the manifest (or the cs231n package), at most two levels down."""
    levels = [[folder]]
    for _ in range(2):
        levels.append([d for parent in levels[-1] for d in sorted(parent.iterdir()) if d.is_dir()])
    for candidates in levels:
        for candidate in candidates:
            if (candidate / MANIFEST_NAME).is_file() or (candidate / "cs231n").is_dir():
                return candidate
    raise SubmissionError(f"{folder}: no {MANIFEST_NAME} or cs231n/ folder in the submission")
