"""Mutation score: how many small bugs planted in the reference's answers the checks catch.

    report = run_mutants(project, "assignment1", jobs=2)
    Path("docs/mutation.md").write_text(render_markdown(report))

Each mutant changes one thing inside one answer region of the solved release: an arithmetic
operator, a dropped term or factor, an axis, a comparison, a constant, `+=` made `=`, a
reduction swapped (sum/mean, max/min) or a statement deleted. It is graded on the function
checks of its unit (notebooks skipped) and is *caught* when any of them loses points. A mutant
whose outputs equal the reference's on every call those checks make is *equivalent* (no check
could tell it apart from the reference) and is left out of the score.
"""

from __future__ import annotations

import ast
import copy
import dataclasses
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from grader.config import Project
from grader.markers import answer_line_spans
from grader.release import render_release, write_tree
from grader.runner import Grading, RunOptions, grade_tree, prepare_grading
from grader.sandbox import Handle

# Outputs closer than this to the reference's are the same behaviour (rounding, not a bug).
EQUIVALENT_RTOL = 1e-9
EQUIVALENT_ATOL = 1e-12

BINARY_SWAPS = {
    ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.Div, ast.Div: ast.Mult,
    ast.FloorDiv: ast.Div, ast.Pow: ast.Mult, ast.MatMult: ast.Mult,
}  # fmt: skip
COMPARE_SWAPS = {
    ast.Lt: (ast.LtE, ast.GtE), ast.LtE: (ast.Lt, ast.Gt), ast.Gt: (ast.GtE, ast.LtE),
    ast.GtE: (ast.Gt, ast.Lt), ast.Eq: (ast.NotEq,), ast.NotEq: (ast.Eq,),
}  # fmt: skip
NAME_SWAPS = {
    "sum": "mean", "mean": "sum", "max": "min", "min": "max", "maximum": "minimum",
    "minimum": "maximum", "argmax": "argmin", "argmin": "argmax",
}  # fmt: skip
SYMBOLS = {
    ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.FloorDiv: "//", ast.Pow: "**",
    ast.MatMult: "@", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==",
    ast.NotEq: "!=",
}  # fmt: skip


@dataclass(frozen=True)
class Mutant:
    """One planted change in one student file."""

    file: str  # relative path in the release
    unit: str  # the function whose answer region it changes ("affine_forward")
    line: int
    operator: str  # what changed, in words: "+ made -", "axis=1 made axis=0"
    text: str  # the whole mutated file


@dataclass(frozen=True)
class MutantResult:
    mutant: Mutant
    outcome: str  # "caught", "survived", "equivalent" or "grader error"
    reason: str  # why it was caught (the first lost point), or what it changed


@dataclass(frozen=True)
class UnitScore:
    unit: str
    file: str
    mutants: int
    caught: int
    survived: int
    equivalent: int

    @property
    def score(self) -> float:
        """Caught / mutants that changed behaviour (1.0 when none did)."""
        changed = self.caught + self.survived
        return self.caught / changed if changed else 1.0


@dataclass(frozen=True)
class MutationReport:
    assignment: str
    units: tuple[UnitScore, ...]
    results: tuple[MutantResult, ...]
    elapsed_s: float
    problems: tuple[str, ...] = ()  # reference not at full marks, grader errors


# -- generating mutants --------------------------------------------------------------------------


def generate_mutants(path: str, text: str) -> list[Mutant]:
    """Every mutant of the answer regions of one solved student file, deduplicated, each of
    which still compiles."""
    spans = answer_line_spans(text)
    tree = ast.parse(text)
    lines = text.splitlines(keepends=True)
    seen = {text}
    mutants = []
    for unit, node, operator, replacement in _sites(tree, spans):
        mutated = _splice(lines, node, replacement)
        if mutated in seen:
            continue
        seen.add(mutated)
        try:
            compile(mutated, path, "exec")
        except SyntaxError:
            continue
        mutants.append(Mutant(path, unit, node.lineno, operator, mutated))
    return mutants


def _sites(tree: ast.Module, spans: list[tuple[int, int]]) -> Iterator[tuple]:
    """(unit, node, operator text, replacement source) for every mutation inside a region."""

    def inside(node: ast.AST) -> bool:
        if getattr(node, "end_lineno", None) is None:
            return False  # contexts and operators have no position of their own
        return any(first <= node.lineno and node.end_lineno <= last for first, last in spans)

    for unit, node in _nodes_with_units(tree):
        if not inside(node):
            continue
        yield from _mutations(unit, node)


def _nodes_with_units(tree: ast.Module) -> Iterator[tuple[str, ast.AST]]:
    """Every node with the qualified name of the function it is in ('Class.method')."""

    def visit(node: ast.AST, scope: str) -> Iterator[tuple[str, ast.AST]]:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                yield from visit(child, f"{scope}.{child.name}" if scope else child.name)
            else:
                yield scope, child
                yield from visit(child, scope)

    yield from visit(tree, "")


def _mutations(unit: str, node: ast.AST) -> Iterator[tuple]:
    if isinstance(node, ast.BinOp):
        swap = BINARY_SWAPS.get(type(node.op))
        if swap:
            yield unit, node, _made(node.op, swap), _expr(ast.BinOp(node.left, swap(), node.right))
        if isinstance(node.op, ast.Add | ast.Sub | ast.Mult | ast.Div):
            yield unit, node, f"dropped '{_source(node.right)}'", _expr(node.left)
            yield unit, node, f"dropped '{_source(node.left)}'", _expr(node.right)
    elif isinstance(node, ast.AugAssign):
        swap = BINARY_SWAPS.get(type(node.op))
        if swap:
            augmented = ast.AugAssign(node.target, swap(), node.value)
            yield unit, node, _made(node.op, swap, "="), ast.unparse(augmented)
        plain = ast.Assign([node.target], node.value, lineno=node.lineno)
        yield unit, node, f"{SYMBOLS[type(node.op)]}= made =", ast.unparse(plain)
        yield unit, node, "deleted the statement", "pass"
    elif isinstance(node, ast.Assign) and any(isinstance(t, ast.Subscript) for t in node.targets):
        yield unit, node, "deleted the statement", "pass"
    elif isinstance(node, ast.Compare) and len(node.ops) == 1:
        for swap in COMPARE_SWAPS.get(type(node.ops[0]), ()):
            compared = ast.Compare(node.left, [swap()], node.comparators)
            yield unit, node, _made(node.ops[0], swap), _expr(compared)
    elif isinstance(node, ast.keyword) and node.arg in ("axis", "keepdims"):
        value = node.value
        if node.arg == "keepdims" and isinstance(value, ast.Constant):
            flipped = ast.keyword("keepdims", ast.Constant(not value.value))
            yield unit, node, f"keepdims={value.value} made {not value.value}", ast.unparse(flipped)
        elif node.arg == "axis":
            for axis in _other_axes(value):
                moved = ast.keyword("axis", ast.Constant(axis))
                yield unit, node, f"axis={_source(value)} made axis={axis}", ast.unparse(moved)
    elif isinstance(node, ast.Constant) and type(node.value) in (int, float):
        for value in _other_constants(node.value):
            yield unit, node, f"{node.value!r} made {value!r}", _expr(ast.Constant(value))
    elif isinstance(node, ast.Slice):
        for side in ("lower", "upper"):
            bound = getattr(node, side)
            if bound is not None and not isinstance(bound, ast.Constant):
                for step in (ast.Add, ast.Sub):
                    moved = copy.copy(node)
                    setattr(moved, side, ast.BinOp(bound, step(), ast.Constant(1)))
                    sign = SYMBOLS[step]
                    yield unit, node, f"slice bound {_source(bound)} made {sign} 1", _slice(moved)
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        yield unit, node, "dropped a minus sign", _expr(node.operand)
    elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        swap = NAME_SWAPS.get(node.func.attr)
        if swap:
            renamed = copy.copy(node.func)
            renamed.attr = swap
            yield unit, node.func, f"{node.func.attr} made {swap}", _expr(renamed)


def _other_axes(value: ast.AST) -> list[int]:
    if isinstance(value, ast.Constant) and value.value in (0, 1):
        return [1 - value.value]
    if isinstance(value, ast.UnaryOp) and isinstance(value.op, ast.USub):
        return [0]  # axis=-1 made axis=0
    return []


def _other_constants(value: int | float) -> list[int | float]:
    if isinstance(value, bool):
        return []
    if isinstance(value, int):
        return [value + 1, value - 1]
    return [value + 1.0] + ([0.0] if value != 0 else [])


def _made(old: ast.AST, new: type, suffix: str = "") -> str:
    return f"{SYMBOLS[type(old)]}{suffix} made {SYMBOLS[new]}{suffix}"


def _expr(node: ast.AST) -> str:
    return f"({ast.unparse(node)})"


def _slice(node: ast.Slice) -> str:
    return ast.unparse(node)  # a slice cannot be parenthesised


def _source(node: ast.AST) -> str:
    text = ast.unparse(node)
    return text if len(text) <= 30 else text[:27] + "..."


def _splice(lines: list[str], node: ast.AST, replacement: str) -> str:
    """The text with the node's source (columns are UTF-8 byte offsets) replaced."""
    first, last = node.lineno - 1, node.end_lineno - 1
    head = lines[first].encode()[: node.col_offset].decode()
    tail = lines[last].encode()[node.end_col_offset :].decode()
    return "".join([*lines[:first], head, replacement, tail, *lines[last + 1 :]])


# -- grading mutants ---------------------------------------------------------------------------


def run_mutants(
    project: Project,
    name: str,
    units: tuple[str, ...] = (),
    jobs: int = 2,
    progress: Callable[[MutantResult], None] | None = None,
) -> MutationReport:
    """Generate the mutants of an assignment's student files (only of `units` if given) and
    grade each on the function checks of its unit, `jobs` at a time."""
    started = time.monotonic()
    grading = prepare_grading(project, name, RunOptions(skip_notebooks=True))
    assignment = grading.assignment
    graded_units = {c.unit for c in grading.checks if not c.needs_notebook}
    with tempfile.TemporaryDirectory(prefix="grader-mutants-") as scratch:
        scratch = Path(scratch)
        solved = write_tree(render_release(project, assignment, fill_answers=True), scratch / "ok")
        mutants = [
            mutant
            for path in assignment.student_files
            if path.endswith(".py")
            for mutant in generate_mutants(path, (solved / path).read_text())
            if (not units or mutant.unit in units)
        ]
        wanted = sorted({m.unit for m in mutants}, key=[m.unit for m in mutants].index)
        problems = [f"{unit}: no function check grades this unit" for unit in wanted
                    if unit not in graded_units]  # fmt: skip
        wanted = [unit for unit in wanted if unit in graded_units]
        with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
            baselines = dict(zip(wanted, pool.map(
                lambda unit: _grade(grading, unit, solved, scratch / f"base-{unit}", None), wanted
            ), strict=True))  # fmt: skip
            for unit, (result, _) in baselines.items():
                lost = [r for r in result.results if r.lost_points]
                if lost:
                    problems.append(f"{unit}: the reference loses points ({lost[0].reason})")
            todo = [(i, m) for i, m in enumerate(mutants) if m.unit in baselines]
            futures = [
                pool.submit(_judge, grading, m, baselines[m.unit][1], solved, scratch / f"m{i}")
                for i, m in todo
            ]
            results = []
            for future in futures:
                results.append(future.result())
                if progress:
                    progress(results[-1])
    broken = [r for r in results if r.outcome == "grader error"]
    problems += [f"{r.mutant.file}:{r.mutant.line}: {r.reason}" for r in broken]
    return MutationReport(
        assignment=name,
        units=tuple(_scores(wanted, results)),
        results=tuple(results),
        elapsed_s=time.monotonic() - started,
        problems=tuple(problems),
    )


def _grade(grading: Grading, unit: str, solved: Path, tree: Path, mutant: Mutant | None):
    """Grade a copy of the solved tree (with the mutant written in) on the unit's checks;
    returns (result, traces)."""
    shutil.copytree(solved, tree)
    try:
        if mutant is not None:
            (tree / mutant.file).write_text(mutant.text)
        options = dataclasses.replace(grading.options, units=(unit,))
        traces: dict[str, list] = {}
        result = grade_tree(dataclasses.replace(grading, options=options), tree, unit,
                            traces=traces)  # fmt: skip
        return result, traces
    finally:
        shutil.rmtree(tree, ignore_errors=True)


def _judge(grading: Grading, mutant: Mutant, baseline: dict, solved: Path, tree: Path):
    result, traces = _grade(grading, mutant.unit, solved, tree, mutant)
    broken = [r for r in result.results if r.status == "internal"]
    if broken:
        return MutantResult(mutant, "grader error", broken[0].reason)
    lost = [r for r in result.results if r.lost_points]
    if lost:
        return MutantResult(mutant, "caught", f"{lost[0].check_id}: {lost[0].reason}")
    if same_behaviour(traces, baseline):
        return MutantResult(mutant, "equivalent", "every output equals the reference's")
    return MutantResult(mutant, "survived", "outputs differ, yet every check passes")


def same_behaviour(traces: dict[str, list], baseline: dict[str, list]) -> bool:
    """Whether two gradings' outputs agree, call by call, within rounding."""
    return traces.keys() == baseline.keys() and all(
        _same(traces[name], baseline[name]) for name in baseline
    )


def _same(a, b) -> bool:
    if isinstance(a, Handle) or isinstance(b, Handle):
        return isinstance(a, Handle) and isinstance(b, Handle) and a.type_name == b.type_name
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list | tuple) and isinstance(b, list | tuple):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if a is None or b is None or isinstance(a, str) or isinstance(b, str):
        return a == b
    try:
        x, y = np.asarray(a), np.asarray(b)
        if x.shape != y.shape or x.dtype.kind not in "biuf" or y.dtype.kind not in "biuf":
            return False
        return bool(np.allclose(x, y, rtol=EQUIVALENT_RTOL, atol=EQUIVALENT_ATOL, equal_nan=True))
    except (TypeError, ValueError):
        return False


def _scores(units: list[str], results: list[MutantResult]) -> Iterator[UnitScore]:
    for unit in units:
        mine = [r for r in results if r.mutant.unit == unit]
        count = {o: sum(r.outcome == o for r in mine) for o in ("caught", "survived", "equivalent")}
        file = mine[0].mutant.file if mine else ""
        yield UnitScore(unit, file, len(mine), count["caught"], count["survived"],
                        count["equivalent"])  # fmt: skip


# -- reporting --------------------------------------------------------------------------------


def render_markdown(report: MutationReport) -> str:
    """docs/mutation.md: the per-unit table, then every mutant that survived."""
    total = [sum(getattr(u, f) for u in report.units) for f in ("mutants", "caught", "survived")]
    lines = [
        f"# Mutation score: {report.assignment}",
        "",
        "Made by `grader mutants " + report.assignment + "` (see `grader/mutants.py`). Each "
        "mutant plants one small bug in one answer region of the reference and is graded on "
        "its unit's function checks; *caught* means some check took points. Equivalent mutants "
        "(every output equal to the reference's on the checks' inputs) are left out of the "
        "score.",
        "",
        "| unit | file | mutants | equivalent | caught | survived | caught / changed |",
        "|---|---|---|---|---|---|---|",
    ]
    for u in report.units:
        lines.append(f"| `{u.unit}` | `{u.file}` | {u.mutants} | {u.equivalent} | {u.caught} | "
                     f"{u.survived} | {u.score:.0%} |")  # fmt: skip
    changed = total[1] + total[2]
    lines += [
        "",
        f"{total[0]} mutants, {total[1]} caught of {changed} that changed behaviour "
        f"({total[1] / max(changed, 1):.1%}); graded in {report.elapsed_s / 60:.1f} minutes.",
    ]
    survivors = [r for r in report.results if r.outcome == "survived"]
    if survivors:
        lines += ["", "## Survivors", ""]
        lines += [f"- `{r.mutant.file}:{r.mutant.line}` ({r.mutant.unit}): {r.mutant.operator}"
                  for r in survivors]  # fmt: skip
    if report.problems:
        lines += ["", "## Problems", ""] + [f"- {p}" for p in report.problems]
    return "\n".join(lines) + "\n"
