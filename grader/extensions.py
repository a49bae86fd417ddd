"""Extensions: compile an assignment's declared Cython modules once per environment, reuse them.

    built = build_extensions(project, assignment, release)   # once per grading
    install_extensions(built, tree)                           # .so next to its .pyx

The source is always the release's own copy ([[build.extensions]] in assignment.toml names
provided files, which students cannot change), never anything from a submission. A build is
cached under a key made of the source's hash and the Python, numpy and Cython versions, and a
file lock makes parallel graders wait for one build instead of racing. When no build is
possible (no C compiler, no Cython) the result says why in one line, and the assignment's
own numpy fallback keeps everything but the speed working.
"""

from __future__ import annotations

import fcntl
import hashlib
import importlib.machinery
import importlib.metadata
import os
import shlex
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from grader.config import Assignment, Extension, Project
from grader.release import Release

CACHE_ENV = "GRADER_EXTENSION_CACHE"  # overrides the cache folder (tests, shared machines)
CACHE_FOLDER = "build/extensions"  # under the checkout; `make clean` empties it
BUILD_TIMEOUT_S = 600.0  # cythonize and compile one module; about 20 s here
# Runs in a fresh interpreter inside the build folder: argv[1] is the module's short name.
BUILD_SCRIPT = """\
import sys, numpy
from Cython.Build import cythonize
from setuptools import Extension, setup
name = sys.argv[1]
modules = [Extension(name, [name + ".pyx"], include_dirs=[numpy.get_include()])]
setup(name=name, script_args=["build_ext", "--inplace", "--build-temp", "build"],
      ext_modules=cythonize(modules, language_level=3, quiet=True))
"""


@dataclass(frozen=True)
class BuiltExtension:
    """One declared extension after a build: the compiled file, or why there is none."""

    module: str  # e.g. cs231n.im2col_cython
    source: str  # e.g. cs231n/im2col_cython.pyx, relative to the tree
    path: Path | None  # the compiled module in the cache; None when it could not be built
    problem: str = ""  # one line when path is None

    @property
    def target(self) -> str:
        """Where the compiled file goes in a tree: next to its source, as build_ext --inplace
        puts it."""
        suffix = importlib.machinery.EXTENSION_SUFFIXES[0]
        return str(Path(self.source).with_name(self.module.rpartition(".")[2] + suffix))


def build_extensions(
    project: Project, assignment: Assignment, release: Release, cache: Path | None = None
) -> tuple[BuiltExtension, ...]:
    """Build (or find in the cache) every extension the assignment declares, from the
    release's copy of its source."""
    folder = cache or cache_folder(project)
    return tuple(
        build_extension(extension, release.files[extension.source].data, folder)
        for extension in assignment.extensions
    )


def build_extension(extension: Extension, source: bytes, cache: Path) -> BuiltExtension:
    """The compiled module for `source`, built at most once per cache key."""
    name = extension.module.rpartition(".")[2]
    built = BuiltExtension(extension.module, extension.source, None)
    missing = _missing_tools()
    if missing:
        return _failed(built, missing)
    folder = cache / cache_key(source)
    target = folder / Path(built.target).name
    folder.mkdir(parents=True, exist_ok=True)
    with _locked(folder / "lock"):
        if not target.is_file():  # another grader may have built it while we waited
            problem = _compile(name, source, folder, target)
            if problem:
                return _failed(built, problem)
    return BuiltExtension(extension.module, extension.source, target)


def install_extensions(built: tuple[BuiltExtension, ...], tree: Path) -> list[str]:
    """Copy each compiled module into `tree` next to its source, before anything there is
    imported. Returns the problems of the extensions that could not be built or copied."""
    problems = []
    for extension in built:
        if extension.path is None:
            problems.append(extension.problem)
            continue
        target = tree / extension.target
        if target.is_file() and _same_file(target, extension.path):
            continue
        try:
            _copy_atomically(extension.path, target)
        except OSError as error:
            problems.append(f"{extension.target} could not be installed in {tree}: {error}")
    return problems


def cache_folder(project: Project) -> Path:
    """`$GRADER_EXTENSION_CACHE`, else build/extensions in the checkout."""
    return Path(os.environ.get(CACHE_ENV) or project.root / CACHE_FOLDER)


def cache_key(source: bytes) -> str:
    """Names one build: the source's hash, and the versions a compiled module depends on."""
    versions = [
        sys.implementation.cache_tag,
        sysconfig.get_config_var("EXT_SUFFIX") or "",
        _version("numpy"),
        _version("Cython"),
    ]
    digest = hashlib.sha256(source + "\0".join(versions).encode()).hexdigest()
    return f"{sys.implementation.cache_tag}-numpy{versions[2]}-cython{versions[3]}-{digest[:16]}"


def _compile(name: str, source: bytes, folder: Path, target: Path) -> str:
    """Cythonize and compile `source` as module `name` into `target`; "" or the problem."""
    with tempfile.TemporaryDirectory(prefix="build-", dir=folder) as scratch:
        work = Path(scratch)
        (work / f"{name}.pyx").write_bytes(source)
        try:
            result = subprocess.run(
                [sys.executable, "-c", BUILD_SCRIPT, name], cwd=work, capture_output=True,
                text=True, timeout=BUILD_TIMEOUT_S,
            )  # fmt: skip
        except subprocess.TimeoutExpired:
            return f"the build took longer than {BUILD_TIMEOUT_S:.0f} s"
        built = sorted(work.glob(f"{name}*{importlib.machinery.EXTENSION_SUFFIXES[0]}"))
        if result.returncode != 0 or not built:
            return _first_error(result.stdout + result.stderr)
        _copy_atomically(built[0], target)
    return ""


def _missing_tools() -> str:
    """What a build would lack (Cython, numpy or a C compiler), or ""."""
    for package in ("Cython", "numpy", "setuptools"):
        if not _version(package):
            return f"{package} is not installed"
    compiler = shlex.split(os.environ.get("CC") or sysconfig.get_config_var("CC") or "cc")
    if not compiler or shutil.which(compiler[0]) is None:
        return f"no C compiler ({compiler[0] if compiler else 'cc'} not found)"
    return ""


def _failed(built: BuiltExtension, why: str) -> BuiltExtension:
    problem = (
        f"{built.source} could not be compiled ({why}); graded without {built.module}, on "
        "the provided numpy fallback (slower, same results)"
    )
    return BuiltExtension(built.module, built.source, None, problem)


def _first_error(output: str) -> str:
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    errors = [line for line in lines if "error" in line.lower()]
    return (errors or lines or ["the build printed nothing"])[0][:200]


def _copy_atomically(source: Path, target: Path) -> None:
    """Copy under a name of its own, then rename: no process ever imports half a library,
    even when two graders install the same one at once."""
    handle, partial = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    os.close(handle)
    try:
        shutil.copyfile(source, partial)
        os.chmod(partial, 0o644)
        os.replace(partial, target)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise


def _same_file(a: Path, b: Path) -> bool:
    return a.stat().st_size == b.stat().st_size and a.read_bytes() == b.read_bytes()


def _version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return ""


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on `path` (created if missing) for the block."""
    with open(path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
