"""The check API that `assignments/<name>/checks/*.py` use, and the typed view of a worker.

    CHECKS = [ExpectedOutput(unit="affine_forward", what="output on the notebook's inputs",
                             question="two_layer_net", points=2, inputs=Inputs(make_affine),
                             call=run_affine_forward, expected=FIXTURE)]

Every check has the same four beats: build seeded inputs, call the student through the
worker, compare in this process, return a Verdict. Kinds differ only in the comparison.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np

from grader.compare import FULL, Tolerance, Verdict, combine, compare, compare_outputs, rel_error
from grader.sandbox import StudentException
from grader.source import SourceProblem, find_function, forbidden_uses, loops_in
from grader.student import BadOutput, Probe, Student

DEFAULT_TIMEOUT_S = 10.0
GRADIENT_STEP = 1e-5  # the course's h for centred differences
GRADIENT_SAMPLES = 24  # entries per gradient checked numerically; more is slower, not wiser
FIXTURE = "fixture"  # `expected=FIXTURE`: the reference's output, frozen by `make fixtures`


# -- inputs ----------------------------------------------------------------------


@dataclass(frozen=True)
class Inputs:
    """Seeded inputs: `make(rng, **params)` with a RandomState(seed) (231 as the course does);
    `make(**params)` when the seed is None (fixed inputs such as np.linspace ones)."""

    make: Callable[..., dict]
    seed: int | None = 231
    params: dict = field(default_factory=dict)

    def build(self) -> dict:
        if self.seed is None:
            return self.make(**self.params)
        return self.make(np.random.RandomState(self.seed), **self.params)

    def describe(self) -> dict:
        return {"make": self.make.__name__, "seed": self.seed, "params": _jsonable(self.params)}


@dataclass
class GradeContext:
    """What a check may use besides the student: the source tree, a reference for timing,
    the assignment's datasets (with their accuracy targets), and fresh workers."""

    root: Any  # Path of the grading tree, for reading source without running it
    reference: Callable[[], Student]  # a worker on the reference, started on first use
    datasets: dict = field(default_factory=dict)  # name -> config.Dataset
    notebook_dataset: str = "synthetic"  # the dataset notebooks run on, and whose targets apply
    fresh_student: Callable[[float], Any] | None = None  # context manager: a new worker whose
    # environment points the notebooks at notebook_dataset


# -- the check kinds ------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Check:
    """What every check has: the unit it grades, what it checks, its question and points."""

    unit: str  # spelled as in the spec: "compute_distances_no_loops", "TwoLayerNet.loss"
    what: str
    question: str
    points: float
    hidden: bool = False
    timeout_s: float = DEFAULT_TIMEOUT_S
    requires: tuple[str, ...] = ()  # names of checks that must pass before this one counts
    # Other units whose bugs this check may also charge (TwoLayerNet.loss runs the layers).
    uses: tuple[str, ...] = ()
    hint: str = ""  # added to the reason when points are lost: what usually causes it
    group: str = ""  # the checks module it came from; set by the loader

    kind: ClassVar[str] = ""
    needs_fixture: ClassVar[bool] = False
    isolated: ClassVar[bool] = False  # runs in workers of its own, so it may run in parallel
    # A gated check says nothing about whether the unit works (source rules, speed, leaving
    # inputs alone), so the loader makes it require every earlier functional check of its unit.
    gated: ClassVar[bool] = False

    @property
    def name(self) -> str:
        return f"{self.unit}: {self.what}"

    def fixture(self, reference: Student) -> dict[str, np.ndarray]:
        raise NotImplementedError

    def grade(self, student: Student, fixture: dict | None, context: GradeContext) -> Verdict:
        raise NotImplementedError


@dataclass(frozen=True, kw_only=True)
class ExpectedOutput(Check):
    """Outputs on fixed inputs against published numbers, or against the reference (FIXTURE)."""

    inputs: Inputs
    call: Callable[[Student, dict], Any]  # returns {output name: value}
    expected: Any = FIXTURE  # FIXTURE, or {output name: published value}
    tolerance: Tolerance = Tolerance()
    # Other answers that also earn credit, derived from (expected, inputs): for conventions
    # the spec leaves open, such as the linear softmax's regularization factor.
    accept: Callable[[dict, dict], list[dict]] | None = None
    kind: ClassVar[str] = "expected output"

    @property
    def needs_fixture(self) -> bool:  # type: ignore[override]
        return isinstance(self.expected, str) and self.expected == FIXTURE

    def fixture(self, reference: Student) -> dict[str, np.ndarray]:
        return _arrays(self.call(reference, self.inputs.build()))

    def grade(self, student, fixture, context) -> Verdict:
        expected = fixture if self.needs_fixture else self.expected
        data = self.inputs.build()
        return _best_match(self.call(student, data), expected, data, self.accept, self.tolerance)


@dataclass(frozen=True, kw_only=True)
class Agreement(Check):
    """The unit agrees with its twin (naive vs vectorized) on the same inputs.

    The twin's output comes from the reference, frozen as a fixture: a wrong twin in the
    submission must not cost this unit its points.
    """

    inputs: Inputs
    call: Callable[[Student, dict], Any]
    twin: Callable[[Student, dict], Any]
    tolerance: Tolerance = Tolerance()
    accept: Callable[[dict, dict], list[dict]] | None = None  # as for ExpectedOutput
    kind: ClassVar[str] = "agreement"
    needs_fixture: ClassVar[bool] = True

    def fixture(self, reference: Student) -> dict[str, np.ndarray]:
        return _arrays(self.twin(reference, self.inputs.build()))

    def grade(self, student, fixture, context) -> Verdict:
        data = self.inputs.build()
        return _best_match(self.call(student, data), fixture, data, self.accept, self.tolerance)


@dataclass(frozen=True, kw_only=True)
class GradientCheck(Check):
    """The student's analytic gradients against the reference's, and against centred
    differences of the student's own forward pass (h = 1e-5, float64, sampled entries).

    `case(student, inputs)` returns ({name: analytic gradient}, {name: Probe}). Credit follows
    the reference gradient; the numeric gradient of the student's own forward pass says why a
    gradient is wrong (a backward that matches a wrong forward points at the forward).
    """

    inputs: Inputs
    case: Callable[[Student, dict], tuple[dict, dict]]
    tolerance: Tolerance = Tolerance("rel_error", 1e-7)
    numeric_tolerance: Tolerance = Tolerance("rel_error", 1e-6)
    h: float = GRADIENT_STEP
    samples: int = GRADIENT_SAMPLES
    accept: Callable[[dict, dict], list[dict]] | None = None  # as for ExpectedOutput
    kind: ClassVar[str] = "numeric gradient"
    needs_fixture: ClassVar[bool] = True

    def fixture(self, reference: Student) -> dict[str, np.ndarray]:
        return _arrays(self.case(reference, self.inputs.build())[0])

    def grade(self, student, fixture, context) -> Verdict:
        data = self.inputs.build()
        analytic, probes = self.case(student, data)
        analytic = analytic if isinstance(analytic, dict) else {}
        alternatives = self.accept(fixture, data) if self.accept else []
        verdicts = []
        for name, reference_gradient in fixture.items():
            verdict = compare(name, analytic.get(name), reference_gradient, self.tolerance)
            for alternative in alternatives:
                other = compare(name, analytic.get(name), alternative[name], self.tolerance)
                verdict = other if other.fraction > verdict.fraction else verdict
            if verdict.reason.startswith(f"{name}: shape") or "got None" in verdict.reason:
                verdicts.append(verdict)
                continue
            note = self._numeric_note(student, name, analytic.get(name), probes.get(name))
            if verdict.fraction < 1.0 and note:
                verdict = Verdict(verdict.fraction, f"{verdict.reason} against the reference; "
                                  f"{note}", verdict.detail)  # fmt: skip
            elif note:
                verdict = Verdict(verdict.fraction, verdict.reason, f"{verdict.detail}\n{note}")
            verdicts.append(verdict)
        return combine(verdicts)

    def _numeric_note(self, student: Student, name: str, got, probe: Probe | None) -> str:
        if probe is None or got is None:
            return ""
        got = np.asarray(got, dtype=np.float64)
        rng = np.random.RandomState(231)
        count = min(self.samples, got.size)
        indices = np.sort(rng.choice(got.size, size=count, replace=False))
        try:
            numeric = student.numeric_gradient(probe, indices, self.h)
        except (StudentException, BadOutput) as error:
            return f"the numeric gradient of your forward pass failed ({error})"
        error = rel_error(got.reshape(-1)[indices], numeric, self.numeric_tolerance.floor)
        agrees = error <= self.numeric_tolerance.limit
        return (
            f"it {'matches' if agrees else 'differs from'} the numeric gradient of your own "
            f"forward pass (relative error {error:.1e})"
            + ("; check the forward pass first" if agrees else "")
        )


@dataclass(frozen=True, kw_only=True)
class LeavesInputsAlone(Check):
    """The unit leaves the arrays it is given as it found them: a forward pass its inputs, a
    backward pass its dout and cache. A backward that writes into its cache, or a forward that
    overwrites its input, breaks the network that calls it later even when its own output is
    right. Optimisers update `config` by design and are not checked this way.

    `call` is the call of one of the unit's functional checks; the worker compares the bytes of
    every array argument of each call to `watch` (the unit's own name by default) before and
    after the call.
    """

    inputs: Inputs
    call: Callable[[Student, dict], Any]
    watch: tuple[str, ...] = ()  # function or method names (last name part)
    kind: ClassVar[str] = "inputs unchanged"
    gated: ClassVar[bool] = True

    def grade(self, student, fixture, context) -> Verdict:
        names = self.watch or (self.unit.rpartition(".")[2],)
        watched = student.watching(*names)
        self.call(watched, self.inputs.build())
        if not watched.changes:
            raise RuntimeError(f"{self.name!r} never calls {' or '.join(names)}")
        for change in watched.changes:
            if change.arguments:
                changed = " and ".join(change.arguments)
                plural = "s" if len(change.arguments) > 1 else ""
                short = change.function.rpartition(".")[2]
                return Verdict(0.0, f"{short} modified its argument{plural} {changed} in place")
        return Verdict(1.0, detail=f"{len(watched.changes)} call(s) left their arguments alone")


@dataclass(frozen=True, kw_only=True)
class Property(Check):
    """A property of the outputs, judged by `predicate(outputs) -> Verdict`."""

    inputs: Inputs
    call: Callable[[Student, dict], Any]
    predicate: Callable[[Any], Verdict]
    kind: ClassVar[str] = "property"

    def grade(self, student, fixture, context) -> Verdict:
        return self.predicate(self.call(student, self.inputs.build()))


@dataclass(frozen=True, kw_only=True)
class Training(Check):
    """A small seeded training run reaches the accuracy target stated for its dataset.

    `call` trains in the worker and returns the metric, computed in this process (it fetches
    weights or predictions; labels never go to the worker). Half credit down to
    `partial_fraction` of the target.
    """

    inputs: Inputs
    call: Callable[[Student, dict], float]
    target: str  # key of the target in assignment.toml: [datasets.<dataset>.targets]
    dataset: str = "synthetic"
    metric: str = "validation accuracy"
    partial_fraction: float = 0.8
    partial_credit: float = 0.5
    kind: ClassVar[str] = "training"

    def grade(self, student, fixture, context) -> Verdict:
        minimum = context.datasets[self.dataset].target(self.target)
        return _target_verdict(self.metric, self.call(student, self.inputs.build()), minimum,
                               self.partial_fraction, self.partial_credit)  # fmt: skip


@dataclass(frozen=True, kw_only=True)
class NotebookRun(Check):
    """The student's notebook runs in a fresh worker on the run's dataset (the generated one
    unless `grader run --dataset` says otherwise), and the models it leaves behind reach that
    dataset's targets. Like Jupyter's "Run All" but carrying on past a failing cell, so a bug
    that a unit check already charges (a failed assert in a test cell) costs nothing here.

    `measure(student, names)` gets {variable: value or handle} for `variables` after the run
    and returns {metric: value}, computed here from predictions the worker sends back.
    `targets` maps each metric to its target's key; credit is the mean over the metrics.
    """

    notebook: str
    variables: tuple[str, ...]
    measure: Callable[[Student, dict], dict[str, float]]
    targets: dict[str, str]
    partial_fraction: float = 0.8
    partial_credit: float = 0.5
    timeout_s: float = 900.0
    kind: ClassVar[str] = "notebook"
    isolated: ClassVar[bool] = True

    def grade(self, student, fixture, context) -> Verdict:
        dataset = context.datasets[context.notebook_dataset]
        with context.fresh_student(self.timeout_s) as fresh:
            run = fresh.run_notebook(self.notebook, self.variables)
            errors = [f"{e['where']}: {e['error']}" for e in run.get("errors", [])]
            first_error = f" (first error: {errors[0]})" if errors else ""
            if run.get("missing"):
                missing = ", ".join(run["missing"])
                return Verdict(
                    0.0, f"after running, {self.notebook} defines no {missing}{first_error}"
                )
            empty = [name for name, value in run["variables"].items() if value is None]
            if empty:
                return Verdict(
                    0.0, f"after running, {self.notebook} leaves {', '.join(empty)} as None "
                    f"(is its TODO cell still empty?){first_error}",
                )  # fmt: skip
            try:
                values = self.measure(fresh, run["variables"])
            except BadOutput as error:
                return Verdict(0.0, f"{self.notebook}: {error}{first_error}")
        verdicts = []
        for metric, key in self.targets.items():
            minimum = dataset.target(key)
            verdicts.append(
                _target_verdict(
                    metric, values.get(metric), minimum, self.partial_fraction, self.partial_credit
                )
            )
        combined = combine(verdicts)
        fraction = sum(v.fraction for v in verdicts) / len(verdicts)
        reason = combined.reason + first_error if fraction < 1 else combined.reason
        detail = "\n".join([combined.detail, *(f"cell error: {e}" for e in errors)]).strip()
        return Verdict(fraction, reason, detail)


@dataclass(frozen=True, kw_only=True)
class SourceRules(Check):
    """Static rules on the student's source: at most `max_loops` loops, no forbidden names."""

    function: str  # 'pkg.module:Qual.name'
    max_loops: int | None = None
    forbidden: tuple[str, ...] = ()
    kind: ClassVar[str] = "source rules"
    gated: ClassVar[bool] = True

    def grade(self, student, fixture, context) -> Verdict:
        return _source_verdict(context, self.function, self.max_loops, self.forbidden)


@dataclass(frozen=True, kw_only=True)
class Vectorized(Check):
    """No Python loop in the function, and at least `factor` times faster than the reference's
    naive twin on a stated size (both timed in the same kind of worker)."""

    function: str
    forbidden: tuple[str, ...] = ()
    inputs: Inputs
    time_student: Callable[[Student, dict], float]
    time_twin: Callable[[Student, dict], float]
    factor: float = 10.0
    kind: ClassVar[str] = "vectorization"
    gated: ClassVar[bool] = True

    def grade(self, student, fixture, context) -> Verdict:
        static = _source_verdict(context, self.function, 0, self.forbidden)
        if static.fraction < 1.0:
            return static
        data = self.inputs.build()
        mine = self.time_student(student, data)
        twin = self.time_twin(context.reference(), data)
        speedup = twin / max(mine, 1e-9)
        text = f"{speedup:.0f}x faster than the naive version ({mine:.4f} s vs {twin:.4f} s)"
        if speedup >= self.factor:
            return Verdict(1.0, detail=text)
        return Verdict(0.0, f"only {text}; at least {self.factor:g}x expected")


# -- helpers ---------------------------------------------------------------------------------


def _best_match(got, expected: dict, data: dict, accept, tolerance: Tolerance) -> Verdict:
    """The verdict against the expected outputs, or against an accepted alternative (a
    convention the spec leaves open) when that one earns more."""
    candidates = [expected, *(accept(expected, data) if accept else [])]
    verdicts = [compare_outputs(got, candidate, tolerance) for candidate in candidates]
    best = max(verdicts, key=lambda v: v.fraction)
    return best if best.fraction > verdicts[0].fraction else verdicts[0]


def _target_verdict(metric, value, minimum, partial_fraction, partial_credit) -> Verdict:
    try:
        value = float(value)
    except (TypeError, ValueError):
        return Verdict(0.0, f"{metric}: expected a number, got {type(value).__name__}")
    if not np.isfinite(value):
        return Verdict(0.0, f"{metric} is {value} (did the training diverge?)")
    if value >= minimum:
        return Verdict(1.0, detail=f"{metric} {value:.3f} >= {minimum:g}")
    reason = f"{metric} {value:.3f} < {minimum:g}"
    if value >= partial_fraction * minimum:
        return Verdict(partial_credit, reason)
    return Verdict(0.0, reason)


def _source_verdict(context, function, max_loops, forbidden) -> Verdict:
    short = function.partition(":")[2].split(".")[-1]
    try:
        node, aliases = find_function(context.root, function)
    except SourceProblem as problem:
        return Verdict(0.0, str(problem))
    reasons = []
    uses = forbidden_uses(node, aliases, forbidden)
    if uses:
        name, line = uses[0]
        reasons.append(f"{short} uses {name} (line {line}), which the task forbids")
    if max_loops is not None:
        loops = loops_in(node, aliases)
        if len(loops) > max_loops:
            kind, line = loops[max_loops]
            allowed = "no loops" if max_loops == 0 else f"at most {max_loops} loop(s)"
            reasons.append(f"{short} has {kind} at line {line}; the task allows {allowed}")
    return Verdict(0.0, "; ".join(reasons)) if reasons else FULL


def _arrays(outputs) -> dict[str, np.ndarray]:
    """Named outputs as float/int arrays, the form fixtures store."""
    if not isinstance(outputs, dict):
        raise TypeError(f"a check's call must return {{name: value}}, got {type(outputs).__name__}")
    return {name: np.asarray(value) for name, value in outputs.items()}


def _jsonable(params: dict) -> dict:
    return json.loads(json.dumps(params, default=lambda value: repr(value)))
