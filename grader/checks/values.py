"""Check kinds that compare what the student's code returns: expected outputs, agreement with a
twin, gradients, arguments left alone, and properties.

Each has the same four beats: build the seeded inputs, call the student through the worker,
compare in this process, return a Verdict.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np

from grader.checks.base import FIXTURE, Check, Inputs, arrays
from grader.compare import (
    FORM_PROBLEMS,
    Problem,
    Tolerance,
    Verdict,
    combine,
    compare,
    compare_outputs,
    rel_error,
)
from grader.sandbox import BadOutput, Probe, Student, StudentException

GRADIENT_STEP = 1e-5  # the course's h for centred differences
GRADIENT_SAMPLES = 24  # entries per gradient checked numerically; more is slower, not wiser

# accept(expected, inputs) -> other answers that also earn credit: for conventions the spec
# leaves open, such as the linear softmax's regularization factor.
Accept = Callable[[dict, dict], list[dict]]


@dataclass(frozen=True, kw_only=True)
class ExpectedOutput(Check):
    """Outputs on fixed inputs against published numbers, or against the reference (FIXTURE)."""

    inputs: Inputs
    call: Callable[[Student, dict], Any]  # returns {output name: value}
    expected: Any = FIXTURE  # FIXTURE, or {output name: published value}
    tolerance: Tolerance = Tolerance()
    accept: Accept | None = None
    kind: ClassVar[str] = "expected output"

    @property
    def needs_fixture(self) -> bool:  # type: ignore[override]
        return isinstance(self.expected, str) and self.expected == FIXTURE

    def fixture(self, reference, context) -> dict[str, np.ndarray]:
        return arrays(self.call(reference, self.inputs.build(context)))

    def grade(self, student, fixture, context) -> Verdict:
        expected = fixture if self.needs_fixture else self.expected
        data = self.inputs.build(context)
        return best_match(self.call(student, data), expected, data, self.accept, self.tolerance)


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
    accept: Accept | None = None
    kind: ClassVar[str] = "agreement"
    needs_fixture: ClassVar[bool] = True

    def fixture(self, reference, context) -> dict[str, np.ndarray]:
        return arrays(self.twin(reference, self.inputs.build(context)))

    def grade(self, student, fixture, context) -> Verdict:
        data = self.inputs.build(context)
        return best_match(self.call(student, data), fixture, data, self.accept, self.tolerance)


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
    accept: Accept | None = None
    kind: ClassVar[str] = "numeric gradient"
    needs_fixture: ClassVar[bool] = True

    def fixture(self, reference, context) -> dict[str, np.ndarray]:
        return arrays(self.case(reference, self.inputs.build(context))[0])

    def grade(self, student, fixture, context) -> Verdict:
        data = self.inputs.build(context)
        analytic, probes = self.case(student, data)
        analytic = analytic if isinstance(analytic, dict) else {}
        alternatives = self.accept(fixture, data) if self.accept else []
        verdicts = []
        for name, reference_gradient in fixture.items():
            verdict = compare(name, analytic.get(name), reference_gradient, self.tolerance)
            for alternative in alternatives:
                other = compare(name, analytic.get(name), alternative[name], self.tolerance)
                verdict = other if other.fraction > verdict.fraction else verdict
            if any(p.kind in FORM_PROBLEMS for p in verdict.problems):
                verdicts.append(verdict)  # no numbers to compare with a numeric gradient
                continue
            note = self._numeric_note(student, name, analytic.get(name), probes.get(name))
            if verdict.fraction < 1.0 and note:
                verdict = Verdict(verdict.fraction, f"{verdict.reason} against the reference; "
                                  f"{note}", verdict.detail, verdict.problems)  # fmt: skip
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
        self.call(watched, self.inputs.build(context))
        if not watched.changes:
            raise RuntimeError(f"{self.name!r} never calls {' or '.join(names)}")
        for change in watched.changes:
            if change.arguments:
                changed = " and ".join(change.arguments)
                plural = "s" if len(change.arguments) > 1 else ""
                short = change.function.rpartition(".")[2]
                problem = Problem("in-place", change.arguments[0], got=change.arguments)
                return Verdict(0.0, f"{short} modified its argument{plural} {changed} in place",
                               problems=(problem,))  # fmt: skip
        return Verdict(1.0, detail=f"{len(watched.changes)} call(s) left their arguments alone")


@dataclass(frozen=True, kw_only=True)
class Property(Check):
    """A property of the outputs, judged by `predicate(outputs) -> Verdict`."""

    inputs: Inputs
    call: Callable[[Student, dict], Any]
    predicate: Callable[[Any], Verdict]
    kind: ClassVar[str] = "property"

    def grade(self, student, fixture, context) -> Verdict:
        return self.predicate(self.call(student, self.inputs.build(context)))


def best_match(got, expected: dict, data: dict, accept: Accept | None, tolerance) -> Verdict:
    """The verdict against the expected outputs, or against an accepted alternative (a
    convention the spec leaves open) when that one earns more."""
    candidates = [expected, *(accept(expected, data) if accept else [])]
    verdicts = [compare_outputs(got, candidate, tolerance) for candidate in candidates]
    best = max(verdicts, key=lambda v: v.fraction)
    return best if best.fraction > verdicts[0].fraction else verdicts[0]
