"""Read the project layout and each `assignments/<name>/assignment.toml` into frozen dataclasses.

    assignment = load_assignment(find_project(), "assignment1")

Parsing happens once, at the edge; unknown keys and contradictions are errors naming the file.
"""

from __future__ import annotations

import fnmatch
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

from grader.errors import ConfigError

# Defaults, each written once.
BANNER_WIDTH = 79  # layers.py banners: 4 + 75 and 8 + 71 columns
NOTEBOOK_BANNER_WIDTH = 80  # most notebook TODO cells
DATASET_ENV = "CIFAR10_DIR"  # notebooks read the dataset folder from this variable
# The dataset grading runs on unless told otherwise: generated offline, so no download.
DEFAULT_DATASET = "synthetic"
# Build output that never ships in a release (students compile their own).
COMPILED_SUFFIXES = (".so", ".pyd", ".dll", ".dylib", ".o", ".obj", ".pyc")


@dataclass(frozen=True)
class Project:
    """Where the fixed top-level folders of a checkout are."""

    root: Path

    @property
    def assignments(self) -> Path:
        return self.root / "assignments"

    @property
    def reference(self) -> Path:
        return self.root / "reference"

    @property
    def templates(self) -> Path:
        return self.root / "templates"


@dataclass(frozen=True)
class Banner:
    """How TODO banners are sized: total width (indent included) per file, and trailers."""

    width: int = BANNER_WIDTH
    notebook_width: int = NOTEBOOK_BANNER_WIDTH
    widths: tuple[tuple[str, int], ...] = ()  # per-file overrides
    trailer: tuple[str, ...] = ()  # files whose blocks end with an END OF YOUR CODE box

    def width_for(self, path: str) -> int:
        for pattern, width in self.widths:
            if fnmatch.fnmatch(path, pattern):
                return width
        return self.notebook_width if path.endswith(".ipynb") else self.width

    def trailer_for(self, path: str) -> bool:
        return any(fnmatch.fnmatch(path, pattern) for pattern in self.trailer)


@dataclass(frozen=True)
class Question:
    """One graded question of an assignment."""

    id: str
    title: str
    points: float
    notebook: str | None = None
    manual: bool = False  # graded by hand: its points are the notebooks' inline questions
    extra_credit: bool = False  # its points add to a score but not to the maximum


@dataclass(frozen=True)
class Dataset:
    """A dataset checks can run on, and the accuracy targets stated for it."""

    name: str
    description: str
    targets: tuple[tuple[str, float], ...]
    generator: str = ""  # a reference script that writes this dataset; "" if it must be given
    generator_args: tuple[str, ...] = ()

    def target(self, key: str) -> float | None:
        """The target stated under `key`, or None."""
        return dict(self.targets).get(key)


@dataclass(frozen=True)
class NotebookSettings:
    """How long notebook cells may run when graded ([notebooks] in assignment.toml)."""

    # A cell's timeout is this many times the reference's own time for it (recorded by
    # `grader timings`), and at least the floor: a looping cell is cut in seconds, a slow but
    # correct one is not.
    cell_timeout_multiple: float = 3.0
    cell_timeout_floor_s: float = 10.0
    new_cell_timeout_s: float = 60.0  # a cell the release does not have (the student's own)
    budget_s: float = 900.0  # the whole notebook


@dataclass(frozen=True)
class DataSettings:
    """Where the notebooks find their dataset ([data] in assignment.toml), as the grader sets it
    for a run and the student README explains it."""

    env: str = DATASET_ENV  # the variable the notebooks read the dataset folder from
    folder: str = "cs231n/datasets/cifar-10-batches-py"  # used when the variable is not set
    download: str = "the real CIFAR-10 (about 170 MB)"  # what get_datasets.sh fetches
    generated: str = "cs231n/datasets/synthetic-cifar-10-batches-py"  # the generator's output
    generated_size: str = "5000 training and 1000 test images, about two seconds"


@dataclass(frozen=True)
class Extension:
    """A compiled module built from a provided source ([[build.extensions]]), e.g. a Cython
    .pyx; the grader compiles the release's copy once per environment (grader.extensions)."""

    module: str  # dotted name, e.g. cs231n.im2col_cython
    source: str  # the released .pyx, e.g. cs231n/im2col_cython.pyx


@dataclass(frozen=True)
class Assignment:
    """Everything the course says about one assignment, from its assignment.toml."""

    name: str
    title: str
    version: str
    directory: Path  # assignments/<name>
    reference: Path  # reference/<name>
    release_files: tuple[str, ...]  # globs, relative to the reference folder
    student_files: tuple[str, ...]  # files students edit and hand in
    banner: Banner
    requirements: tuple[str, ...]
    questions: tuple[Question, ...]
    datasets: tuple[Dataset, ...] = ()
    dataset_env: str = DATASET_ENV  # data.env
    notebooks: NotebookSettings = NotebookSettings()
    data: DataSettings = DataSettings()
    extensions: tuple[Extension, ...] = ()

    def dataset(self, name: str) -> Dataset:
        for dataset in self.datasets:
            if dataset.name == name:
                return dataset
        known = ", ".join(d.name for d in self.datasets) or "none"
        raise ConfigError(
            self.directory / "assignment.toml", f"no dataset {name!r} (known: {known})"
        )

    @property
    def checks_dir(self) -> Path:
        return self.directory / "checks"

    @property
    def fixtures_dir(self) -> Path:
        return self.directory / "fixtures"


def find_project(start: Path | None = None) -> Project:
    """Find the checkout: `$GRADER_ROOT`, else the nearest folder upward with `assignments/`."""
    if env := os.environ.get("GRADER_ROOT"):
        return Project(Path(env).resolve())
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "assignments").is_dir() and (folder / "templates").is_dir():
            return Project(folder)
    package_parent = Path(__file__).resolve().parent.parent
    if (package_parent / "assignments").is_dir():
        return Project(package_parent)
    raise ConfigError(here, "no assignments/ folder here or above; run inside a checkout")


def list_assignments(project: Project) -> list[str]:
    """Names of all assignments, in sorted order."""
    if not project.assignments.is_dir():
        return []
    return sorted(p.parent.name for p in project.assignments.glob("*/assignment.toml"))


def load_assignment(project: Project, name: str) -> Assignment:
    """Parse `assignments/<name>/assignment.toml`.

    Raises
    ------
    ConfigError
        When the file is missing or malformed, has unknown keys, or contradicts itself.
    """
    path = project.assignments / name / "assignment.toml"
    if not path.is_file():
        known = ", ".join(list_assignments(project)) or "none"
        raise ConfigError(path, f"no such assignment {name!r} (known: {known})")
    try:
        data = tomllib.loads(path.read_text())
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(path, f"not valid TOML: {error}") from None

    _known(data, {"assignment", "files", "banner", "student", "questions", "datasets",
                  "notebooks", "build", "data"}, path, "")  # fmt: skip
    meta = _table(data, "assignment", path)
    _known(meta, {"name", "title", "version"}, path, "assignment")
    if meta.get("name", name) != name:
        raise ConfigError(path, f"assignment.name is {meta['name']!r} but the folder is {name!r}")
    files = _table(data, "files", path)
    _known(files, {"release", "student"}, path, "files")
    banner_data = data.get("banner", {})
    _known(banner_data, {"width", "notebook_width", "widths", "trailer"}, path, "banner")
    student = data.get("student", {})
    _known(student, {"requirements"}, path, "student")

    notebook_data = data.get("notebooks", {})
    settings = NotebookSettings()
    _known(notebook_data, set(settings.__dataclass_fields__), path, "notebooks")
    notebooks = NotebookSettings(**{k: float(v) for k, v in notebook_data.items()})

    data_settings = data.get("data", {})
    _known(data_settings, set(DataSettings.__dataclass_fields__), path, "data")
    data_table = DataSettings(**{k: str(v) for k, v in data_settings.items()})

    build = data.get("build", {})
    _known(build, {"extensions"}, path, "build")
    extensions = []
    for index, entry in enumerate(build.get("extensions", [])):
        _known(entry, {"module", "source"}, path, f"build.extensions[{index}]")
        try:
            extensions.append(Extension(str(entry["module"]), str(entry["source"])))
        except KeyError as missing:
            raise ConfigError(path, f"build.extensions[{index}] needs {missing}") from None

    questions = []
    for index, entry in enumerate(data.get("questions", [])):
        known = {"id", "title", "points", "notebook", "manual", "extra_credit"}
        _known(entry, known, path, f"questions[{index}]")
        try:
            questions.append(
                Question(entry["id"], entry["title"], float(entry["points"]),
                         entry.get("notebook"), bool(entry.get("manual", False)),
                         bool(entry.get("extra_credit", False)))
            )  # fmt: skip
        except KeyError as missing:
            raise ConfigError(path, f"questions[{index}] needs {missing}") from None
    ids = [q.id for q in questions]
    if len(set(ids)) != len(ids):
        raise ConfigError(path, f"question ids repeat: {ids}")

    datasets = []
    for dataset_name, entry in data.get("datasets", {}).items():
        _known(entry, {"description", "targets", "generator", "generator_args"}, path,
               f"datasets.{dataset_name}")  # fmt: skip
        targets = entry.get("targets", {})
        if not all(isinstance(v, int | float) and 0 <= v <= 1 for v in targets.values()):
            raise ConfigError(path, f"datasets.{dataset_name}.targets must be accuracies in [0, 1]")
        datasets.append(
            Dataset(dataset_name, str(entry.get("description", "")),
                    tuple((k, float(v)) for k, v in targets.items()),
                    str(entry.get("generator", "")), tuple(entry.get("generator_args", [])))
        )  # fmt: skip

    assignment = Assignment(
        name=name,
        title=str(meta.get("title", name)),
        version=str(meta.get("version", "0")),
        directory=path.parent,
        reference=project.reference / name,
        release_files=tuple(files.get("release", [])),
        student_files=tuple(files.get("student", [])),
        banner=Banner(
            width=int(banner_data.get("width", BANNER_WIDTH)),
            notebook_width=int(banner_data.get("notebook_width", NOTEBOOK_BANNER_WIDTH)),
            widths=tuple((k, int(v)) for k, v in banner_data.get("widths", {}).items()),
            trailer=tuple(banner_data.get("trailer", [])),
        ),
        requirements=tuple(student.get("requirements", [])),
        questions=tuple(questions),
        datasets=tuple(datasets),
        notebooks=notebooks,
        extensions=tuple(extensions),
        dataset_env=data_table.env,
        data=data_table,
    )
    _check_files(assignment, path)
    return assignment


def notebooks_in_order(assignment: Assignment) -> list[str]:
    """The released notebooks in the course's order: those of [[questions]] first, as listed,
    then any other, alphabetically."""
    released = [p for p in released_paths(assignment) if p.endswith(".ipynb")]
    ordered = [q.notebook for q in assignment.questions if q.notebook in released]
    return list(dict.fromkeys(ordered)) + [p for p in released if p not in ordered]


def released_paths(assignment: Assignment) -> list[str]:
    """The reference files that ship, as sorted POSIX paths relative to the reference folder.
    Compiled artefacts never do, whatever a glob matches: students build their own."""
    root = assignment.reference
    found = set()
    for pattern in assignment.release_files:
        for path in root.glob(pattern):
            if path.is_file() and not _compiled(path, root):
                found.add(path.relative_to(root).as_posix())
    return sorted(found)


def _compiled(path: Path, root: Path) -> bool:
    """Build output: caches, compiled modules, build folders, C generated from a .pyx."""
    parts = path.relative_to(root).parts
    if "__pycache__" in parts or "build" in parts[:-1]:
        return True
    if path.suffix in COMPILED_SUFFIXES:
        return True
    return path.suffix in (".c", ".cpp") and path.with_suffix(".pyx").is_file()


def _check_files(assignment: Assignment, path: Path) -> None:
    if not assignment.reference.is_dir():
        raise ConfigError(path, f"reference folder {assignment.reference} does not exist")
    for pattern in assignment.release_files:
        if not any(p.is_file() for p in assignment.reference.glob(pattern)):
            raise ConfigError(path, f"files.release pattern {pattern!r} matches no reference file")
    released = set(released_paths(assignment))
    for student_file in assignment.student_files:
        if student_file not in released:
            raise ConfigError(path, f"files.student lists {student_file!r}, which is not released")
    for index, extension in enumerate(assignment.extensions):
        where = f"build.extensions[{index}]"
        if extension.source not in released or not extension.source.endswith(".pyx"):
            raise ConfigError(path, f"{where}.source {extension.source!r} is not a released .pyx")
        if extension.source in assignment.student_files:
            raise ConfigError(path, f"{where}.source {extension.source!r} is a student file; "
                              "the grader only compiles provided sources")  # fmt: skip
        expected = extension.source.removesuffix(".pyx").replace("/", ".")
        if extension.module != expected:
            raise ConfigError(path, f"{where}.module {expected!r} expected (built next to "
                              f"its source), got {extension.module!r}")  # fmt: skip


def _table(data: dict, key: str, path: Path) -> dict:
    value = data.get(key)
    if not isinstance(value, dict):
        raise ConfigError(path, f"missing table [{key}]")
    return value


def _known(table: dict, keys: set[str], path: Path, where: str) -> None:
    unknown = sorted(set(table) - keys)
    if unknown:
        prefix = f"{where}." if where else ""
        raise ConfigError(
            path,
            f"unknown key {prefix}{unknown[0]} (expected one of: {', '.join(sorted(keys))})",
        )
