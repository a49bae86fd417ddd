"""What `make release` builds besides the student zip: a GitHub Classroom template repository
and a Gradescope autograder bundle, per assignment.

    template = classroom_template(project, assignment, release)   # dist/<name>-classroom/
    bundle = autograder_bundle(project, assignment)               # dist/<name>-autograder.zip

The template is the student release plus `.github/workflows/grade.yml`, which grades every push
and pull request with the grader from a staff repository. The bundle is what Gradescope wants
at the root of its zip (`setup.sh`, `run_autograder`) plus `project/`: the grader, this
assignment's checks, fixtures and reference, and the templates, so Gradescope grades with the
same code and data as `grader run`. Both are Releases, written with write_zip/write_tree.
"""

from __future__ import annotations

from pathlib import Path

from grader import __version__
from grader.config import Assignment, Project
from grader.release import Release, ReleasedFile
from grader.templating import render_template

WORKFLOW = ".github/workflows/grade.yml"
# What a bundle leaves out of the project's folders: caches, editor state, build output.
SKIPPED_PARTS = ("__pycache__", ".pytest_cache", ".ruff_cache")
SKIPPED_SUFFIXES = (".pyc", ".partial")


def grader_ref() -> str:
    """The staff repository's ref the workflow checks out: the grader version's tag."""
    return f"v{__version__}"


def classroom_template(project: Project, assignment: Assignment, release: Release) -> Release:
    """The student release with the grading workflow, as a template repository's files."""
    workflow = render_template(project, "classroom/grade.yml.j2", assignment=assignment.name,
                               version=assignment.version, grader_ref=grader_ref())  # fmt: skip
    files = dict(release.files)
    files[WORKFLOW] = ReleasedFile(workflow.encode(), 0o644)
    return Release(assignment, files, release.manifest)


def autograder_bundle(project: Project, assignment: Assignment) -> Release:
    """Gradescope's autograder zip: setup.sh, run_autograder and the project they run."""
    context = {"assignment": assignment.name, "version": assignment.version,
               "grader_version": __version__}  # fmt: skip
    files = {
        "setup.sh": render_template(project, "gradescope/setup.sh.j2", **context),
        "run_autograder": render_template(project, "gradescope/run_autograder.j2", **context),
    }
    bundle = {name: ReleasedFile(text.encode(), 0o755) for name, text in files.items()}
    folders = ["grader", "templates", f"assignments/{assignment.name}",
               assignment.reference.relative_to(project.root).as_posix()]  # fmt: skip
    for folder in folders:
        for path in sorted((project.root / folder).rglob("*")):
            if _shipped(path):
                relative = path.relative_to(project.root).as_posix()
                mode = 0o755 if path.stat().st_mode & 0o111 else 0o644
                bundle[f"project/{relative}"] = ReleasedFile(path.read_bytes(), mode)
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        if (project.root / name).is_file():
            bundle[f"project/{name}"] = ReleasedFile((project.root / name).read_bytes(), 0o644)
    manifest = {"assignment": assignment.name, "kind": "gradescope autograder"}
    return Release(assignment, bundle, manifest)


def _shipped(path: Path) -> bool:
    if not path.is_file() or path.is_symlink():
        return False
    if any(part in SKIPPED_PARTS or part.endswith(".egg-info") for part in path.parts):
        return False
    return not path.name.startswith(".") and not path.name.endswith(SKIPPED_SUFFIXES)
