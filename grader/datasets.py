"""Datasets: the folders notebooks read during grading, made offline and cached.

    folder = dataset_folder(assignment, "synthetic")   # generated once, then reused
    module = load_generator(assignment, "synthetic")   # its generator, to build images in memory

A dataset with a generator (a reference script, run in its own process) is written into
`$GRADER_CACHE` (default ~/.cache/cs231n-grader) under a key of the script's bytes and
arguments, so a changed generator makes a new folder. A dataset without one (the real
CIFAR-10) must be given by path.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from grader.config import Assignment
from grader.errors import GraderError

GENERATE_TIMEOUT_S = 600.0


def cache_root() -> Path:
    """`$GRADER_CACHE`, else ~/.cache/cs231n-grader; as root /var/cache/cs231n-grader, since
    the students' workers (other uids) must be able to reach the data and /root is closed."""
    if env := os.environ.get("GRADER_CACHE"):
        return Path(env)
    if os.geteuid() == 0:
        return Path("/var/cache/cs231n-grader")
    return Path.home() / ".cache" / "cs231n-grader"


def dataset_folder(assignment: Assignment, name: str, given: Path | None = None) -> Path:
    """The folder of dataset `name`: `given` if set, else the generated (and cached) one.

    Raises
    ------
    GraderError
        When the dataset has no generator and no folder was given, or generation fails.
    """
    dataset = assignment.dataset(name)
    if given is not None:
        if not Path(given).is_dir():
            raise GraderError(f"dataset folder {given} does not exist")
        return Path(given)
    if not dataset.generator:
        raise GraderError(f"dataset {name!r} cannot be generated; pass its folder (--data-dir)")
    script = assignment.reference / dataset.generator
    key = hashlib.sha256(script.read_bytes() + "\0".join(dataset.generator_args).encode())
    folder = cache_root() / f"{assignment.name}-{name}-{key.hexdigest()[:12]}"
    if folder.is_dir():
        return folder
    folder.parent.mkdir(parents=True, exist_ok=True)
    partial = Path(tempfile.mkdtemp(prefix=f".{folder.name}-", dir=folder.parent))
    try:
        subprocess.run(
            [sys.executable, str(script), "--out", str(partial), *dataset.generator_args],
            check=True, capture_output=True, timeout=GENERATE_TIMEOUT_S,
        )  # fmt: skip
        _readable_by_all(partial)  # the data is public; workers of other uids read it
        partial.rename(folder)  # atomic: a folder under the real name is always complete
    except (subprocess.SubprocessError, OSError) as error:
        shutil.rmtree(partial, ignore_errors=True)
        if folder.is_dir():  # another process won the race
            return folder
        raise GraderError(f"could not generate dataset {name!r} with {script}: {error}") from None
    return folder


def load_generator(assignment: Assignment, name: str):
    """The generator script of dataset `name` as a module, imported once per script (checks
    build their training images with it in memory).

    Raises
    ------
    GraderError
        When the dataset has no generator.
    """
    dataset = assignment.dataset(name)
    if not dataset.generator:
        raise GraderError(f"dataset {name!r} has no generator to build inputs with")
    return _import_script(assignment.reference / dataset.generator)


@functools.lru_cache(maxsize=8)
def _import_script(path: Path):
    digest = hashlib.sha256(str(path.resolve()).encode()).hexdigest()[:10]
    spec = importlib.util.spec_from_file_location(f"_generator_{digest}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _readable_by_all(folder: Path) -> None:
    for path in [folder, *folder.rglob("*")]:
        os.chmod(path, 0o755 if path.is_dir() else 0o644)
