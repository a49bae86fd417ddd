"""Release: turn a solved reference folder into the student tree, its manifest, and a zip.

    zip_path = write_zip(render_release(project, assignment), Path("dist/assignment1.zip"))

Flow: reference files -> strip solutions (.py, .ipynb) -> render student files from
templates/student -> manifest (.release.json) -> byte-for-byte reproducible zip.
"""

from __future__ import annotations

import ast
import hashlib
import json
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path

import jinja2

from grader import __version__
from grader.config import Assignment, Project, notebooks_in_order, released_paths
from grader.markers import PYTHON, StubTemplates, strip_solutions
from grader.notebooks import strip_notebook

MANIFEST_NAME = ".release.json"
# Zip entries get a fixed timestamp (the earliest a zip can hold) so builds are reproducible.
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
EXECUTABLE_SUFFIXES = (".sh",)


@dataclass(frozen=True)
class ReleasedFile:
    data: bytes
    mode: int  # 0o644 or 0o755


@dataclass(frozen=True)
class Release:
    """The student tree of one assignment, held in memory."""

    assignment: Assignment
    files: dict[str, ReleasedFile]  # POSIX path -> content; includes the manifest
    manifest: dict

    def student_file(self, path: str) -> bool:
        return path in self.assignment.student_files


def render_release(project: Project, assignment: Assignment, fill_answers: bool = False) -> Release:
    """Build the student tree in memory: stubs, cleared notebooks, student files, manifest.

    With `fill_answers`, every stub keeps the reference's answer between its delimiters: the
    submission of a student who solved everything (the manifest is the real release's).
    """
    files, regions = _render_files(project, assignment, fill=False)
    for name, text in render_student_files(project, assignment).items():
        if name in files:
            raise ValueError(f"templates/student/{name}.j2 would overwrite the reference's {name}")
        files[name] = ReleasedFile(text.encode(), 0o755 if name.endswith(".sh") else 0o644)

    manifest = {
        "assignment": assignment.name,
        "title": assignment.title,
        "version": assignment.version,
        "grader_version": __version__,
        "source_commit": source_commit(project.root),
        "files": {path: {"sha256": sha256(files[path].data)} for path in sorted(files)},
        "student_files": list(assignment.student_files),
        "regions": regions,
    }
    manifest_bytes = (json.dumps(manifest, indent=2, sort_keys=True) + "\n").encode()
    if fill_answers:
        files.update(_render_files(project, assignment, fill=True)[0])
    files[MANIFEST_NAME] = ReleasedFile(manifest_bytes, 0o644)
    return Release(assignment, files, manifest)


def _render_files(project: Project, assignment: Assignment, fill: bool):
    """The released reference files (stubbed, or filled) and their answer regions."""
    stubs = StubTemplates(project.templates / "stubs")
    files: dict[str, ReleasedFile] = {}
    regions: list[dict] = []
    for path in released_paths(assignment):
        source = assignment.reference / path
        data = source.read_bytes()
        width = assignment.banner.width_for(path)
        trailer = assignment.banner.trailer_for(path)
        if path.endswith(".py"):
            text = data.decode()
            stripped = strip_solutions(text, path, PYTHON, stubs, width, trailer, fill)
            data = stripped.text.encode()
            scopes = _scopes(text, path)
            for region, stub in zip(stripped.regions, stripped.stubs, strict=True):
                regions.append(_region_entry(path, scopes(region.begin), stub, regions))
        elif path.endswith(".ipynb"):
            notebook = strip_notebook(data.decode(), path, stubs, width, trailer, fill)
            data = notebook.text.encode()
            for cell_region in notebook.regions:
                scope = f"cell[{cell_region.cell_id}]"
                regions.append(_region_entry(path, scope, cell_region.stub, regions))
        executable = source.stat().st_mode & 0o111 or path.endswith(EXECUTABLE_SUFFIXES)
        files[path] = ReleasedFile(data, 0o755 if executable else 0o644)
    return files, regions


def render_student_files(project: Project, assignment: Assignment) -> dict[str, str]:
    """Render every `templates/student/*.j2` for this assignment (README, requirements, ...)."""
    folder = project.templates / "student"
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(folder)),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,
    )
    context = {
        "assignment": assignment,
        "notebooks": notebooks_in_order(assignment),
        "submit_files": [*assignment.student_files, MANIFEST_NAME],
        "manifest_name": MANIFEST_NAME,
    }
    return {
        template.name.removesuffix(".j2"): env.get_template(template.name).render(context)
        for template in sorted(folder.glob("*.j2"))
    }


def write_zip(release: Release, path: Path, prefix: str | None = None) -> Path:
    """Write the release as `<prefix>/...` entries (the assignment's name unless given; "" for
    entries at the root); equal releases give byte-identical zips."""
    prefix = release.assignment.name if prefix is None else prefix
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".zip.partial")
    with zipfile.ZipFile(partial, "w") as archive:
        for name in sorted(release.files):
            entry = release.files[name]
            entry_name = f"{prefix}/{name}" if prefix else name
            info = zipfile.ZipInfo(entry_name, date_time=ZIP_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # unix, so the permission bits below are honoured
            info.external_attr = (0o100000 | entry.mode) << 16
            archive.writestr(info, entry.data, compresslevel=9)
    partial.replace(path)  # never leave a half-written zip under the real name
    return path


def write_tree(release: Release, folder: Path) -> Path:
    """Write the release as a folder (what a student gets after unzipping)."""
    for name, entry in release.files.items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(entry.data)
        target.chmod(entry.mode)
    return folder


def source_commit(root: Path) -> str:
    """The checkout's HEAD commit, or 'unknown' outside git."""
    try:
        result = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "HEAD"],
            capture_output=True, text=True, check=True, timeout=10,
        )  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return result.stdout.strip()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _region_entry(path: str, scope: str, stub: str, earlier: list[dict]) -> dict:
    number = 1 + sum(1 for r in earlier if r["file"] == path and r["scope"] == scope)
    return {
        "file": path,
        "scope": scope,
        "id": f"{path}::{scope}#{number}",
        "stub_sha256": sha256(stub.encode()),
    }


def _scopes(text: str, path: str):
    """Return a function mapping a line number to the qualified name of its innermost def/class."""
    spans: list[tuple[int, int, str]] = []

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                name = f"{prefix}{child.name}"
                spans.append((child.lineno, child.end_lineno or child.lineno, name))
                visit(child, f"{name}.")
            else:
                visit(child, prefix)

    visit(ast.parse(text, filename=path), "")

    def scope_of(line: int) -> str:
        inside = [s for s in spans if s[0] <= line <= s[1]]
        return max(inside, key=lambda s: s[0])[2] if inside else "<module>"

    return scope_of
