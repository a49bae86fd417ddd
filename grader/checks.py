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
    """What a check may use besides the student: the source tree and a reference for timing."""

    root: Any  # Path of the grading tree, for reading source without running it
    reference: Callable[[], Student]  # a worker on the reference, started on first use


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
    group: str = ""  # the checks module it came from; set by the loader

    kind: ClassVar[str] = ""
    needs_fixture: ClassVar[bool] = False

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
    kind: ClassVar[str] = "expected output"

    @property
    def needs_fixture(self) -> bool:  # type: ignore[override]
        return isinstance(self.expected, str) and self.expected == FIXTURE

    def fixture(self, reference: Student) -> dict[str, np.ndarray]:
        return _arrays(self.call(reference, self.inputs.build()))

    def grade(self, student, fixture, context) -> Verdict:
        expected = fixture if self.needs_fixture else self.expected
        return compare_outputs(self.call(student, self.inputs.build()), expected, self.tolerance)


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
    kind: ClassVar[str] = "agreement"
    needs_fixture: ClassVar[bool] = True

    def fixture(self, reference: Student) -> dict[str, np.ndarray]:
        return _arrays(self.twin(reference, self.inputs.build()))

    def grade(self, student, fixture, context) -> Verdict:
        return compare_outputs(self.call(student, self.inputs.build()), fixture, self.tolerance)


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
    kind: ClassVar[str] = "numeric gradient"
    needs_fixture: ClassVar[bool] = True

    def fixture(self, reference: Student) -> dict[str, np.ndarray]:
        return _arrays(self.case(reference, self.inputs.build())[0])

    def grade(self, student, fixture, context) -> Verdict:
        analytic, probes = self.case(student, self.inputs.build())
        analytic = analytic if isinstance(analytic, dict) else {}
        verdicts = []
        for name, reference_gradient in fixture.items():
            verdict = compare(name, analytic.get(name), reference_gradient, self.tolerance)
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
    """A small seeded training run in the worker reaches a stated metric."""

    inputs: Inputs
    call: Callable[[Student, dict], float]  # returns the metric, e.g. validation accuracy
    minimum: float
    partial_minimum: float | None = None
    metric: str = "validation accuracy"
    partial_credit: float = 0.5
    kind: ClassVar[str] = "training"

    def grade(self, student, fixture, context) -> Verdict:
        value = self.call(student, self.inputs.build())
        try:
            value = float(value)
        except (TypeError, ValueError):
            return Verdict(0.0, f"{self.metric}: expected a number, got {type(value).__name__}")
        if not np.isfinite(value):
            return Verdict(0.0, f"{self.metric} is {value} (the training diverged?)")
        if value >= self.minimum:
            return Verdict(1.0, detail=f"{self.metric} {value:.3f} >= {self.minimum:g}")
        reason = f"{self.metric} {value:.3f} < {self.minimum:g}"
        if self.partial_minimum is not None and value >= self.partial_minimum:
            return Verdict(self.partial_credit, reason)
        return Verdict(0.0, reason)


@dataclass(frozen=True, kw_only=True)
class SourceRules(Check):
    """Static rules on the student's source: at most `max_loops` loops, no forbidden names."""

    function: str  # 'pkg.module:Qual.name'
    max_loops: int | None = None
    forbidden: tuple[str, ...] = ()
    kind: ClassVar[str] = "property"

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
