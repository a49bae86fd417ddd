"""Fixtures: the reference's outputs frozen into `assignments/<name>/fixtures/<group>.npz`.

    write_fixtures(assignment, compute_fixtures(checks, reference_student))

Each file also records how its inputs were made (generator, seed, parameters) under
`__meta__`, so a fixture can be traced back. Fixtures are never hand-edited: `make fixtures`
regenerates them and `stale_fixtures` (run by tests and `grader validate`) notices drift.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import numpy as np

from grader.checks import Check, GradeContext, Student
from grader.config import Assignment

META_KEY = "__meta__"
SEPARATOR = "::"  # between the check name and the output name in an .npz key
# Recomputed fixtures may differ in the last bits across BLAS builds; more than this is drift.
STALE_RTOL = 1e-9
STALE_ATOL = 1e-12

Fixtures = dict[str, dict[str, np.ndarray]]  # check name -> output name -> array


def compute_fixtures(
    checks: tuple[Check, ...], reference: Student, context: GradeContext
) -> dict[str, Fixtures]:
    """Run every check that needs a fixture against the reference; grouped by checks module."""
    groups: dict[str, Fixtures] = {}
    for check in checks:
        if check.needs_fixture:
            groups.setdefault(check.group, {})[check.name] = check.fixture(reference, context)
    return groups


def write_fixtures(assignment: Assignment, checks: tuple[Check, ...], groups: dict[str, Fixtures]):
    """Write one .npz per checks module and remove files of modules that need none."""
    folder = assignment.fixtures_dir
    folder.mkdir(parents=True, exist_ok=True)
    stored = load_fixtures(assignment)
    written = []
    for group, fixtures in sorted(groups.items()):
        arrays = {
            f"{name}{SEPARATOR}{output}": _unless_noise(value, stored.get(name, {}).get(output))
            for name, outputs in fixtures.items()
            for output, value in outputs.items()
        }
        meta = {
            "inputs": {c.name: c.inputs.describe() for c in checks if c.name in fixtures},
            "numpy": np.__version__,
        }
        arrays[META_KEY] = np.array(json.dumps(meta, indent=1, sort_keys=True))
        path = folder / f"{group}.npz"
        _write_npz(path, arrays)
        written.append(path)
    for stale in folder.glob("*.npz"):
        if stale.stem not in groups:
            stale.unlink()
    return written


def load_fixtures(assignment: Assignment) -> Fixtures:
    """Every stored fixture of the assignment, by check name."""
    fixtures: Fixtures = {}
    for path in sorted(assignment.fixtures_dir.glob("*.npz")):
        with np.load(path, allow_pickle=False) as stored:
            for key in stored.files:
                if key == META_KEY:
                    continue
                name, _, output = key.partition(SEPARATOR)
                fixtures.setdefault(name, {})[output] = stored[key]
    return fixtures


def stale_fixtures(checks: tuple[Check, ...], stored: Fixtures, fresh: dict[str, Fixtures]):
    """Problems, one line each, between stored fixtures and freshly computed ones."""
    problems = []
    current = {name: outputs for group in fresh.values() for name, outputs in group.items()}
    for name in sorted(set(stored) - set(current)):
        problems.append(f"fixture for {name!r} belongs to no check (run make fixtures)")
    for name, outputs in current.items():
        if name not in stored:
            problems.append(f"{name!r} has no fixture (run make fixtures)")
            continue
        for output, value in outputs.items():
            old = stored[name].get(output)
            if (
                old is None
                or old.shape != value.shape
                or not np.allclose(old, value, rtol=STALE_RTOL, atol=STALE_ATOL)
            ):
                problems.append(f"fixture {name!r} output {output!r} is stale (run make fixtures)")
    return problems


def _unless_noise(fresh: np.ndarray, old: np.ndarray | None) -> np.ndarray:
    """The stored value when the fresh one differs only by rounding (another BLAS build), so
    regenerating unchanged fixtures leaves git clean."""
    if old is not None and old.shape == fresh.shape and old.dtype == fresh.dtype:
        if np.allclose(old, fresh, rtol=STALE_RTOL, atol=STALE_ATOL):
            return old
    return fresh


def _write_npz(path: Path, arrays: dict[str, np.ndarray]) -> None:
    """np.savez_compressed, but reproducible: sorted entries and a fixed timestamp, so an
    unchanged fixture leaves git clean."""
    with zipfile.ZipFile(path, "w") as archive:
        for key in sorted(arrays):
            info = zipfile.ZipInfo(f"{key}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            buffer = io.BytesIO()
            np.save(buffer, np.asarray(arrays[key]), allow_pickle=False)
            archive.writestr(info, buffer.getvalue())
