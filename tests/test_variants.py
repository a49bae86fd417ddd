"""Verdicts on code written by other people: correct variants earn every point, and each
realistic bug loses points on its own unit's checks (or on checks that run that unit), with a
reason that says what went wrong. The corpus lives in tests/variants/ (see variant_corpus)."""

from __future__ import annotations

import ast
from itertools import zip_longest

import pytest

from grader.config import Project, load_assignment
from grader.registry import load_checks
from grader.runner import RunOptions, grade_submission
from tests.conftest import ROOT, write_submission
from tests.variant_corpus import Variant, apply_variant, load_variants

ASSIGNMENTS = ("assignment1", "assignment2", "assignment3")
FUNCTIONS_ONLY = RunOptions(skip_notebooks=True)


def rounds(assignment: str) -> list[tuple[Variant, ...]]:
    """Round k holds the k-th correct variant of every unit, so a few gradings cover them all
    (and show that correct variants of different units compose)."""
    by_unit: dict[str, list[Variant]] = {}
    for variant in load_variants(assignment, "correct"):
        by_unit.setdefault(variant.unit, []).append(variant)
    return [tuple(v for v in row if v) for row in zip_longest(*by_unit.values())]


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_every_graded_unit_has_two_correct_variants_and_a_bug(assignment):
    checks = load_checks(load_assignment(Project(ROOT), assignment))
    units = {c.unit for c in checks if not c.needs_notebook}
    correct = [v.unit for v in load_variants(assignment, "correct")]
    bugs = {v.unit for v in load_variants(assignment, "bugs")}
    assert {u for u in units if correct.count(u) < 2} == set()
    assert units - bugs == set()
    assert set(correct) | bugs <= units, "a variant names a unit no check grades"


# Assignment 2's rounds grade every unit, a ConvNet on the naive layers included (~100 s).
SLOW_ROUNDS = ("assignment2",)


@pytest.mark.parametrize(
    "assignment, index",
    [
        pytest.param(a, i, marks=[pytest.mark.slow] if a in SLOW_ROUNDS else [])
        for a in ASSIGNMENTS
        for i in range(len(rounds(a)))
    ],
)
def test_correct_variants_earn_full_marks(project, tmp_path, assignment, index):
    config = load_assignment(project, assignment)
    variants = rounds(assignment)[index]
    folder = write_submission(project, config, tmp_path / "variants")
    for variant in variants:
        apply_variant(folder, config, variant)
    result = grade_submission(project, folder, options=FUNCTIONS_ONLY)
    applied = {v.unit: v.name for v in variants}
    lost = [
        f"{r.check_id} ({applied.get(r.unit, 'reference')}): {r.reason}"
        for r in result.results
        if r.lost_points
    ]
    assert lost == []


BUGS = [(a, v) for a in ASSIGNMENTS for v in load_variants(a, "bugs")]


@pytest.mark.parametrize("assignment, bug", BUGS, ids=[f"{a}:{v.id}" for a, v in BUGS])
def test_bug_loses_points_on_its_unit_with_a_reason(project, tmp_path, assignment, bug):
    config = load_assignment(project, assignment)
    checks = load_checks(config)
    folder = write_submission(project, config, tmp_path / "bug")
    path = apply_variant(folder, config, bug)
    # Grade every unit of the changed file, and the checks that run the buggy unit.
    defined = _qualnames(ast.parse((folder / path).read_text()))
    units = {c.unit for c in checks if c.unit in defined or bug.unit in c.uses}
    options = RunOptions(skip_notebooks=True, units=tuple(units))
    result = grade_submission(project, folder, options=options)

    lost = [r for r in result.results if r.lost_points]
    assert lost, f"{bug.id} ({bug.doc}): no check noticed"
    by_name = {c.name: c for c in checks}
    stray = [
        r.check_id for r in lost if r.unit != bug.unit and bug.unit not in by_name[r.check_id].uses
    ]
    assert stray == [], f"{bug.id} costs points on checks of other units"
    assert all(r.status != "internal" for r in result.results)
    named = [r for r in lost if r.unit == bug.unit and bug.loses in r.check_id]
    assert named, f"{bug.id}: no check of {bug.unit} named like {bug.loses!r} lost points"
    assert any(bug.reason in r.reason for r in named), [r.reason for r in named]
    for r in lost:
        assert r.reason and "Traceback" not in r.reason


def _qualnames(tree: ast.AST, prefix: str = "") -> set[str]:
    names = set()
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.FunctionDef | ast.ClassDef):
            names.add(prefix + node.name)
            names |= _qualnames(node, f"{prefix}{node.name}.")
    return names
