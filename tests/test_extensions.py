"""grader/extensions.py: a declared Cython extension is compiled once per cache key, reused,
installed next to its source in grading trees and the reference, and never released."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import zipfile

import pytest

from grader import extensions
from grader.bundles import autograder_bundle
from grader.config import Extension, load_assignment
from grader.errors import ConfigError
from grader.extensions import build_extension, build_extensions, cache_key, install_extensions
from grader.release import render_release, write_tree, write_zip
from grader.runner import prepare_grading

# A module that compiles in a second or two, so the cache can be tested on real builds.
TINY = Extension("pkg.tiny", "pkg/tiny.pyx")
TINY_SOURCE = b"def answer():\n    cdef int x = 6\n    return x * 7\n"
COMPILED_SUFFIXES = (".so", ".pyd", ".c", ".o")


@pytest.fixture(scope="module")
def assignment2(project):
    return load_assignment(project, "assignment2")


@pytest.fixture
def counted(monkeypatch):
    """How many times the compiler really ran."""
    calls = []
    real = extensions._compile

    def compile_and_count(*args):
        calls.append(args[0])
        return real(*args)

    monkeypatch.setattr(extensions, "_compile", compile_and_count)
    return calls


def test_the_cache_builds_once_and_is_reused(tmp_path, counted):
    first = build_extension(TINY, TINY_SOURCE, tmp_path)
    assert first.path is not None, first.problem
    assert first.path.parent == tmp_path / cache_key(TINY_SOURCE)
    stamp = first.path.stat().st_mtime_ns
    second = build_extension(TINY, TINY_SOURCE, tmp_path)
    assert second == first and second.path.stat().st_mtime_ns == stamp
    assert counted == ["tiny"]
    # a changed source is another key, and another build
    other = build_extension(TINY, TINY_SOURCE.replace(b"7", b"8"), tmp_path)
    assert other.path != first.path and counted == ["tiny", "tiny"]
    tree = tmp_path / "tree"
    (tree / "pkg").mkdir(parents=True)
    (tree / "pkg" / "__init__.py").write_text("")
    assert install_extensions((first,), tree) == []
    assert (tree / first.target).is_file()
    answer = subprocess.run([sys.executable, "-c", "import pkg.tiny; print(pkg.tiny.answer())"],
                            cwd=tree, capture_output=True, text=True, check=True)  # fmt: skip
    assert answer.stdout.strip() == "42"


def test_parallel_builds_of_one_key_compile_once(tmp_path, counted):
    results = []
    threads = [
        threading.Thread(
            target=lambda: results.append(build_extension(TINY, TINY_SOURCE, tmp_path))
        )  # fmt: skip
        for _ in range(3)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({r.path for r in results}) == 1 and results[0].path.is_file()
    assert counted == ["tiny"]


def test_without_a_compiler_the_problem_is_one_line_and_nothing_is_installed(tmp_path, monkeypatch):
    monkeypatch.setenv("CC", "no-such-compiler-cc")
    built = build_extension(TINY, TINY_SOURCE, tmp_path)
    assert built.path is None
    assert built.problem == (
        "pkg/tiny.pyx could not be compiled (no C compiler (no-such-compiler-cc not found)); "
        "graded without pkg.tiny, on the provided numpy fallback (slower, same results)"
    )
    (tmp_path / "tree" / "pkg").mkdir(parents=True)
    assert install_extensions((built,), tmp_path / "tree") == [built.problem]
    assert not list((tmp_path / "tree").rglob("*.so"))


def test_a_source_that_does_not_compile_says_why(tmp_path):
    built = build_extension(TINY, b"def broken(:\n", tmp_path)
    assert built.path is None and "\n" not in built.problem
    assert built.problem.startswith("pkg/tiny.pyx could not be compiled (")
    assert not list(tmp_path.rglob("*.so"))


def test_the_declared_extension_must_be_a_provided_pyx_named_by_its_path(
    project, assignment2, tmp_path
):
    assert assignment2.extensions == (
        Extension("cs231n.im2col_cython", "cs231n/im2col_cython.pyx"),
    )
    folder = tmp_path / "assignments" / "assignment2"
    folder.mkdir(parents=True)
    text = (assignment2.directory / "assignment.toml").read_text()
    (tmp_path / "templates").mkdir()
    (tmp_path / "reference").symlink_to(project.reference)
    from grader.config import Project

    for wrong, message in (
        ('module = "cs231n.im2col"', "build.extensions[0].module 'cs231n.im2col_cython' expected"),
        ('source = "cs231n/layers.py"', "is not a released .pyx"),
        ('flags = "-O3"', "unknown key build.extensions[0].flags"),
    ):
        edited = text.replace('module = "cs231n.im2col_cython"', wrong, 1)
        if wrong.startswith("source"):
            edited = text.replace('source = "cs231n/im2col_cython.pyx"', wrong, 1)
        if wrong.startswith("flags"):
            edited = text.replace('module = "cs231n.im2col_cython"',
                                  'module = "cs231n.im2col_cython"\n' + wrong, 1)  # fmt: skip
        (folder / "assignment.toml").write_text(edited)
        with pytest.raises(ConfigError, match=re.escape(message)):
            load_assignment(Project(tmp_path), "assignment2")


def test_the_release_and_the_bundle_carry_no_compiled_artefacts(project, assignment2, tmp_path):
    # the reference holds a built module (the grader installs one there), and maybe the .c
    # and build/ of a staff member's `python setup.py build_ext --inplace`
    built = build_extensions(project, assignment2, render_release(project, assignment2))
    assert install_extensions(built, assignment2.reference) == []
    assert (assignment2.reference / built[0].target).is_file()
    release = render_release(project, assignment2)
    assert "cs231n/im2col_cython.pyx" in release.files and "cs231n/setup.py" in release.files
    assert not [name for name in release.files if name.endswith(COMPILED_SUFFIXES)]
    assert not [name for name in release.files if "build/" in name]
    with zipfile.ZipFile(write_zip(release, tmp_path / "assignment2.zip")) as archive:
        assert not [n for n in archive.namelist() if n.endswith(COMPILED_SUFFIXES)]
    bundle = autograder_bundle(project, assignment2)
    assert "project/reference/assignment2/cs231n/im2col_cython.pyx" in bundle.files
    assert not [name for name in bundle.files if name.endswith(COMPILED_SUFFIXES)]


def test_grading_puts_the_release_build_in_the_tree_and_the_reference(
    project, assignment2, tmp_path
):
    grading = prepare_grading(project, "assignment2", require_fixtures=False)
    (built,) = grading.extensions
    assert built.path is not None, built.problem
    assert (assignment2.reference / built.target).read_bytes() == built.path.read_bytes()
    # a student's own .so is never used: the tree gets the grader's build over it
    tree = write_tree(grading.release, tmp_path / "tree")
    (tree / built.target).write_bytes(b"not a library")
    assert install_extensions(grading.extensions, tree) == []
    assert (tree / built.target).read_bytes() == built.path.read_bytes()
    probe = ("import cs231n.fast_layers as f, cs231n.im2col_cython as c; "
             "print(f.COMPILED, c.__file__)")  # fmt: skip
    result = subprocess.run([sys.executable, "-c", probe], cwd=tree, capture_output=True,
                            text=True, check=True)  # fmt: skip
    assert result.stdout.split() == ["True", str(tree / built.target)]


@pytest.mark.slow
def test_a_student_folder_from_the_release_builds_in_place(project, assignment2, tmp_path):
    with zipfile.ZipFile(write_zip(render_release(project, assignment2),
                                   tmp_path / "assignment2.zip")) as archive:  # fmt: skip
        archive.extractall(tmp_path / "student")
    folder = tmp_path / "student" / "assignment2"
    env = {k: v for k, v in os.environ.items() if not k.startswith("GRADER")}
    build = subprocess.run([sys.executable, "setup.py", "build_ext", "--inplace"],
                           cwd=folder / "cs231n", capture_output=True, text=True, env=env,
                           timeout=600)  # fmt: skip
    assert build.returncode == 0, build.stderr[-2000:]
    assert list((folder / "cs231n").glob("im2col_cython*.so"))
    probe = subprocess.run([sys.executable, "-c", "import cs231n.fast_layers as f; "
                            "print(f.COMPILED)"], cwd=folder, capture_output=True, text=True,
                           env=env, check=True)  # fmt: skip
    assert probe.stdout == "True\n"  # and no "compile a Cython extension" message


def test_grader_build_compiles_into_the_cache_and_says_where(project, capsys):
    from grader.cli import main

    assert main(["--root", str(project.root), "build", "assignment2"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("built cs231n.im2col_cython: ")
    assert out.strip().endswith(".so") and str(extensions.cache_folder(project)) in out
