"""Shared fixtures: the project checkout, assignment configs and built releases."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest

from grader.cli import main
from grader.config import Project, load_assignment
from grader.release import render_release

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def project() -> Project:
    return Project(ROOT)


@pytest.fixture(scope="session")
def assignment1(project):
    return load_assignment(project, "assignment1")


@pytest.fixture(scope="session")
def release1(project, assignment1):
    return render_release(project, assignment1)


@pytest.fixture(scope="session")
def release_zip(tmp_path_factory) -> Path:
    """dist/assignment1.zip built through the CLI, as `make release` does."""
    out = tmp_path_factory.mktemp("dist")
    assert main(["--root", str(ROOT), "release", "assignment1", "--out", str(out)]) == 0
    return out / "assignment1.zip"


@pytest.fixture(scope="session")
def unpacked(release_zip, tmp_path_factory) -> Path:
    """The release zip, unzipped the way a student would."""
    folder = tmp_path_factory.mktemp("student")
    with zipfile.ZipFile(release_zip) as archive:
        archive.extractall(folder)
    return folder / "assignment1"


@pytest.fixture(scope="session")
def collected_stubs(release_zip, tmp_path_factory) -> Path:
    """The untouched release handed in as students hand in: unzipped, then
    collect_submission.py; returns the zip it writes."""
    import subprocess
    import sys

    folder = tmp_path_factory.mktemp("collected")
    with zipfile.ZipFile(release_zip) as archive:
        archive.extractall(folder)
    subprocess.run([sys.executable, "collect_submission.py"], cwd=folder / "assignment1",
                   check=True, capture_output=True)  # fmt: skip
    return folder / "assignment1" / "assignment1_submission.zip"


def load_reference_module(assignment, relative_path: str):
    """Import a reference module (relative imports included) under a private package name,
    so the reference never shadows another assignment's `cs231n` in this process."""
    import importlib
    import importlib.util
    import sys

    package = f"_reference_{assignment.name}_cs231n"
    if package not in sys.modules:
        init = assignment.reference / "cs231n" / "__init__.py"
        spec = importlib.util.spec_from_file_location(
            package, init, submodule_search_locations=[str(init.parent)]
        )
        module = importlib.util.module_from_spec(spec)
        sys.modules[package] = module
        spec.loader.exec_module(module)
    dotted = relative_path.removeprefix("cs231n/").removesuffix(".py").replace("/", ".")
    return importlib.import_module(f"{package}.{dotted}")


def write_submission(project, assignment, folder: Path, edits=None, fill_answers=True) -> Path:
    """Write a student's folder: the release with every answer filled in (or left as stubs),
    then `edits` {path: [(old, new), ...]} applied as a student would have typed them."""
    from grader.release import render_release, write_tree

    write_tree(render_release(project, assignment, fill_answers=fill_answers), folder)
    for path, replacements in (edits or {}).items():
        target = folder / path
        text = target.read_text()
        for old, new in replacements:
            assert old in text, f"{old!r} is not in {path}"
            text = text.replace(old, new)
        target.write_text(text)
    return folder


@pytest.fixture
def submission(project, assignment1, tmp_path):
    """Factory: submission(edits) -> folder of a solved assignment1 with those edits."""

    def make(edits=None, fill_answers=True, name="student"):
        return write_submission(project, assignment1, tmp_path / name, edits, fill_answers)

    return make


def passable(folder: Path) -> Path:
    """Let other users pass through `folder` and the folders above it (pytest makes them
    0700): a worker started directly, not through a grading session, runs as a uid of its own
    when the tests run as root, and must reach its tree. Sessions stage a copy instead."""
    for path in [folder, *folder.parents]:
        if path == Path("/") or path.stat().st_uid != os.geteuid():
            break
        path.chmod(path.stat().st_mode | 0o055)
    return folder
