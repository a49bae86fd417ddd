"""Load an assignment's checks (`assignments/<name>/checks/*.py`) and verify them before grading.

    checks = load_checks(assignment)

Each checks module exports an explicit `CHECKS` list. Loading verifies what can be verified
without a submission: unique names, known questions, points that add up, `requires` that point
backwards, and units whose module exists in the reference (pluggy's validate-at-registration).
"""

from __future__ import annotations

import ast
import dataclasses
import hashlib
import importlib
import importlib.util
import sys
from pathlib import Path

from grader.checks import Check
from grader.config import Assignment
from grader.errors import ConfigError
from grader.sandbox.cells import code_cells
from grader.source import SourceProblem, find_function


def load_checks(assignment: Assignment) -> tuple[Check, ...]:
    """All checks of the assignment, in file-name order and then list order."""
    folder = assignment.checks_dir
    if not folder.is_dir():
        return ()
    package = _load_package(assignment.name, folder)
    checks: list[Check] = []
    for path in sorted(folder.glob("*.py")):
        if path.name.startswith("_"):
            continue
        module = importlib.import_module(f"{package}.{path.stem}")
        found = getattr(module, "CHECKS", None)
        if not isinstance(found, list | tuple) or not all(isinstance(c, Check) for c in found):
            raise ConfigError(path, "must export CHECKS, a list of grader.checks.Check objects")
        conventions = getattr(module, "CONVENTIONS", {})
        checks.extend(
            _with_convention(dataclasses.replace(check, group=path.stem), conventions, path)
            for check in found
        )
    checks = _with_requirements(checks, assignment.checks_dir)
    verify_checks(assignment, checks)
    return tuple(checks)


def verify_checks(assignment: Assignment, checks: list[Check]) -> None:
    """Raise ConfigError for contradictions between the checks and assignment.toml."""
    where = assignment.checks_dir
    questions = {q.id: q for q in assignment.questions}
    seen: set[str] = set()
    for check in checks:
        if check.name in seen:
            raise ConfigError(where / f"{check.group}.py", f"two checks are named {check.name!r}")
        if check.question not in questions:
            raise ConfigError(
                where / f"{check.group}.py",
                f"{check.name!r} names question {check.question!r}, which assignment.toml lacks",
            )
        for required in check.requires:
            if required not in seen:
                raise ConfigError(
                    where / f"{check.group}.py",
                    f"{check.name!r} requires {required!r}, which is not an earlier check",
                )
        for key, dataset_name in check.targets():
            # A target of no dataset in particular applies to whichever the run uses.
            datasets = [assignment.dataset(dataset_name)] if dataset_name else assignment.datasets
            for dataset in datasets:
                if dataset.target(key) is None:
                    raise ConfigError(
                        assignment.directory / "assignment.toml",
                        f"{check.name!r} needs target {key!r}, which datasets.{dataset.name} lacks",
                    )
        for function in check.inspects:
            if not _reference_defines(assignment.reference, function):
                raise ConfigError(
                    where / f"{check.group}.py",
                    f"{check.name!r} inspects {function}, which the reference does not define",
                )
        seen.add(check.name)
    units = {c.unit for c in checks}
    for check in checks:
        for used in check.uses:
            if used not in units:
                raise ConfigError(
                    where / f"{check.group}.py",
                    f"{check.name!r} uses {used!r}, which no check grades",
                )
    for question in assignment.questions:
        total = sum(c.points for c in checks if c.question == question.id)
        if question.manual and total:
            raise ConfigError(
                assignment.directory / "assignment.toml",
                f"question {question.id!r} is graded by hand (manual = true) but has checks",
            )
        if total and abs(total - question.points) > 1e-9:
            raise ConfigError(
                assignment.directory / "assignment.toml",
                f"question {question.id!r} is worth {question.points:g} points, "
                f"but its checks add up to {total:g}",
            )


def unit_modules(assignment: Assignment, checks: tuple[Check, ...]) -> dict[str, str]:
    """{unit: the student module that defines it} ('affine_forward' -> 'cs231n.layers'), from
    the reference's source; units that are no function of a student module (notebooks) are
    left out. Each module's checks get a worker of their own."""
    defined: dict[str, str] = {}
    in_notebook: dict[str, set[str]] = {}
    for path in assignment.student_files:  # a notebook's functions, unless a module has them
        if path.endswith(".ipynb"):
            in_notebook[path] = set(notebook_definitions(assignment.reference / path))
            defined.update(dict.fromkeys(in_notebook[path], path))
    for path in assignment.student_files:
        if path.endswith(".py"):
            module = path.removesuffix(".py").replace("/", ".")
            tree = ast.parse((assignment.reference / path).read_bytes(), filename=path)
            defined.update(dict.fromkeys(_qualnames(tree), module))
    modules = {}
    for check in checks:
        notebook = getattr(check, "notebook", None)  # a notebook check means its notebook's
        if check.unit in in_notebook.get(notebook, ()):
            modules[check.unit] = notebook
        elif check.unit in defined:
            modules[check.unit] = defined[check.unit]
    return modules


def notebook_definitions(path: Path) -> list[str]:
    """The qualnames a notebook's code cells define (the worker grades them as a module named
    by the notebook's path, without a kernel); cells that do not parse define nothing."""
    names = []
    for source in code_cells(path):
        try:
            names += _qualnames(ast.parse(source))
        except SyntaxError:
            continue
    return names


def _qualnames(tree: ast.AST, prefix: str = "") -> list[str]:
    names = []
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.append(prefix + node.name)
            names += _qualnames(node, f"{prefix}{node.name}.")
    return names


def _with_convention(check: Check, conventions: dict, path: Path) -> Check:
    """Give the check its unit's accepted conventions (CONVENTIONS = {unit: accept}), so
    every kind that compares values honours the same ones."""
    accept = conventions.get(check.unit)
    if accept is None or not any(f.name == "accept" for f in dataclasses.fields(check)):
        return check
    if check.accept is not None and check.accept is not accept:  # type: ignore[attr-defined]
        raise ConfigError(
            path, f"{check.name!r} sets accept=, but CONVENTIONS already has one for {check.unit}"
        )
    return dataclasses.replace(check, accept=accept)


def _with_requirements(checks: list[Check], where: Path) -> list[Check]:
    """Turn each `requires` into check names (a Check object gives its name, a unit name every
    earlier functional check of that unit), and make gated checks (source rules, speed, inputs
    left alone) require every earlier functional check of their own unit: a function whose
    behaviour is wrong earns none of their points."""
    resolved = []
    for index, check in enumerate(checks):

        def functional(unit: str, earlier=checks[:index]) -> list[str]:
            return [c.name for c in earlier if c.unit == unit and not c.gated]

        names: list[str] = []
        for required in check.requires:
            if isinstance(required, Check):
                names.append(required.name)
            elif ": " in required:
                names.append(required)
            elif functional(required):
                names.extend(functional(required))
            else:
                raise ConfigError(
                    where / f"{check.group}.py",
                    f"{check.name!r} requires unit {required!r}, which has no functional check "
                    "before it",
                )
        if check.gated:
            if not functional(check.unit):
                raise ConfigError(
                    where / f"{check.group}.py",
                    f"{check.name!r} is a {check.kind} check, so it needs a functional check of "
                    f"{check.unit} declared before it",
                )
            names.extend(functional(check.unit))
        resolved.append(dataclasses.replace(check, requires=tuple(dict.fromkeys(names))))
    return resolved


def _load_package(name: str, folder: Path) -> str:
    """Import the checks folder (it has an __init__.py) as a package, so checks modules can
    share helpers with relative imports."""
    # One package per folder, so two checkouts (say, a test's scratch copy) never mix.
    package = (
        f"grader_checks_{name}_{hashlib.sha256(str(folder.resolve()).encode()).hexdigest()[:10]}"
    )
    if package not in sys.modules:
        init = folder / "__init__.py"
        if not init.is_file():
            raise ConfigError(init, "missing; the checks folder must be a package")
        spec = importlib.util.spec_from_file_location(
            package, init, submodule_search_locations=[str(folder)]
        )
        module = importlib.util.module_from_spec(spec)
        sys.modules[package] = module
        spec.loader.exec_module(module)
    return package


def _reference_defines(reference: Path, function: str) -> bool:
    try:
        find_function(reference, function)
    except SourceProblem:
        return False
    return True
