"""Check kinds that run something whole and measure it: a seeded training run, a notebook.

Metrics are computed in this process from what comes back (weights, predictions, the arrays a
notebook leaves); labels never go to a function worker. Credit is full at the dataset's
target and partial a little below it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import ClassVar

import numpy as np

from grader.checks.base import Check, Inputs
from grader.compare import Problem, Verdict, combine
from grader.config import DEFAULT_DATASET
from grader.sandbox import Student

PARTIAL_FRACTION = 0.8  # down to this fraction of a target, a run still earns partial credit
PARTIAL_CREDIT = 0.5


@dataclass(frozen=True, kw_only=True)
class Training(Check):
    """A small seeded training run reaches the accuracy target stated for its dataset.

    `call` trains in the worker and returns the metric, computed in this process.
    """

    inputs: Inputs
    call: Callable[[Student, dict], float]
    target: str  # key of the target in assignment.toml: [datasets.<dataset>.targets]
    dataset: str = DEFAULT_DATASET
    metric: str = "validation accuracy"
    partial_fraction: float = PARTIAL_FRACTION
    partial_credit: float = PARTIAL_CREDIT
    kind: ClassVar[str] = "training"

    def targets(self) -> tuple[tuple[str, str | None], ...]:
        return ((self.target, self.dataset),)

    def grade(self, student, fixture, context) -> Verdict:
        minimum = context.target(self.target, self.dataset)
        value = self.call(student, self.inputs.build(context))
        return target_verdict(self.metric, value, minimum, self.partial_fraction,
                              self.partial_credit)  # fmt: skip


@dataclass(frozen=True, kw_only=True)
class NotebookRun(Check):
    """The student's notebook runs top to bottom on a sandboxed IPython kernel, on the run's
    dataset (the generated one unless `grader run --dataset` says otherwise), and the models it
    leaves behind reach that dataset's targets, measured here.

    After the last cell the grader's own code saves each of `exports` ({name: an expression
    in the notebook's namespace}) as .npy; `measure(arrays)` computes {metric: value} from
    them in this process, with no student code. `claims` ({metric: expression}) are the
    numbers the notebook itself reports; the report puts each next to the measured one.
    A failing or cut cell costs nothing by itself (a later cell that needs it fails too, and
    the models then miss their targets), but the first one is named in the reason.
    """

    notebook: str
    exports: dict[str, str]
    measure: Callable[[dict], dict[str, float]]
    targets_by_metric: dict[str, str]
    claims: dict[str, str] = field(default_factory=dict)
    partial_fraction: float = PARTIAL_FRACTION
    partial_credit: float = PARTIAL_CREDIT
    kind: ClassVar[str] = "notebook"
    needs_notebook: ClassVar[bool] = True
    fresh_worker: ClassVar[bool] = True

    def targets(self) -> tuple[tuple[str, str | None], ...]:
        return tuple((key, None) for key in self.targets_by_metric.values())

    def notebook_exports(self, notebook: str) -> dict[str, str]:
        if notebook != self.notebook:
            return {}
        claimed = {f"claim {metric}": expression for metric, expression in self.claims.items()}
        return {**self.exports, **claimed}

    def grade(self, student, fixture, context) -> Verdict:
        run = context.run_notebook(self.notebook, self.notebook_exports(self.notebook))
        problems = [p.describe(self.notebook) for p in run.problems]
        first = f" (first problem: {problems[0]})" if problems else ""
        detail = "\n".join(f"cell problem: {p}" for p in problems)
        missing = {n: e for n, e in run.export_errors.items() if n in self.exports}
        if missing:
            name, why = next(iter(missing.items()))
            # A long expression (a call the grader makes on the kernel) reads better by name.
            what = self.exports[name] if len(self.exports[name]) <= 40 else name
            reason = f"after running, {self.notebook} has no usable {what} ({why})"
            return Verdict(0.0, reason + first, detail, (Problem("notebook", name, got=why),))
        try:
            values = self.measure(run.exports)
        except (ValueError, TypeError, KeyError, IndexError) as error:
            reason = f"{self.notebook}: its models cannot be measured ({error})"
            return Verdict(0.0, reason + first, detail, (Problem("notebook", self.notebook),))
        verdicts = []
        for metric, key in self.targets_by_metric.items():
            verdict = target_verdict(metric, values.get(metric), context.target(key),
                                     self.partial_fraction, self.partial_credit)  # fmt: skip
            claim = _claim(run.exports.get(f"claim {metric}"))
            if claim:
                said = f" (the notebook claims {claim})"
                verdict = Verdict(verdict.fraction, verdict.reason + said if verdict.reason
                                  else "", verdict.detail + said, verdict.problems)  # fmt: skip
            verdicts.append(verdict)
        combined = combine(verdicts)
        fraction = sum(v.fraction for v in verdicts) / len(verdicts)
        if fraction < 1:
            reason = combined.reason + first
        elif problems:  # full credit, but staff and student should still see what went wrong
            more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
            reason = f"every target reached, though {problems[0]}{more}"
        else:
            reason = combined.reason
        return Verdict(fraction, reason, "\n".join([combined.detail, detail]).strip(),
                       combined.problems)  # fmt: skip


@dataclass(frozen=True, kw_only=True)
class NotebookValues(Check):
    """Values a function or class defined in a notebook gives, judged here: after the run,
    the grader's own code evaluates each of `exports` ({name: expression}, e.g. a call of the
    student's function on seeded inputs) on the kernel, so student code runs there and never
    here, and `judge(arrays, fixture)` returns the Verdict from the saved arrays.

    With `fixture_exports`, those exports, evaluated on the reference notebook's run, are the
    fixture (`make fixtures`); `inputs` then records how the kernel made its inputs.
    """

    notebook: str
    exports: dict[str, str]
    judge: Callable[[dict, dict | None], Verdict]
    fixture_exports: tuple[str, ...] = ()
    inputs: Inputs | None = None
    kind: ClassVar[str] = "notebook"
    needs_notebook: ClassVar[bool] = True
    fresh_worker: ClassVar[bool] = True

    @property
    def needs_fixture(self) -> bool:  # type: ignore[override]
        return bool(self.fixture_exports)

    def notebook_exports(self, notebook: str) -> dict[str, str]:
        return dict(self.exports) if notebook == self.notebook else {}

    def fixture(self, reference, context) -> dict[str, np.ndarray]:
        run = context.run_notebook(self.notebook, self.notebook_exports(self.notebook))
        missing = [n for n in self.fixture_exports if n not in run.exports]
        if missing:
            why = run.export_errors.get(missing[0], "not exported")
            raise RuntimeError(f"the reference's {self.notebook} gives no {missing[0]}: {why}")
        return {name: run.exports[name] for name in self.fixture_exports}

    def grade(self, student, fixture, context) -> Verdict:
        run = context.run_notebook(self.notebook, self.notebook_exports(self.notebook))
        problems = [p.describe(self.notebook) for p in run.problems]
        first = f" (first problem: {problems[0]})" if problems else ""
        missing = {n: why for n, why in run.export_errors.items() if n in self.exports}
        if missing:
            name, why = next(iter(missing.items()))
            reason = f"{name} could not be computed after {self.notebook} ran: {why}"
            detail = "\n".join([f"{name} = {self.exports[name]}", *problems])
            return Verdict(0.0, reason + first, detail,
                           (Problem("notebook", name, got=why),))  # fmt: skip
        verdict = self.judge({n: run.exports[n] for n in self.exports}, fixture)
        if verdict.fraction < 1 and problems:
            return Verdict(verdict.fraction, verdict.reason + first, verdict.detail,
                           verdict.problems)  # fmt: skip
        return verdict


def _claim(value) -> str:
    try:
        return f"{float(value):.3f}"
    except (TypeError, ValueError):
        return ""


def target_verdict(metric, value, minimum, partial_fraction, partial_credit) -> Verdict:
    """Full credit at the target, `partial_credit` down to `partial_fraction` of it."""
    try:
        value = float(value)
    except (TypeError, ValueError):
        return Verdict(0.0, f"{metric}: expected a number, got {type(value).__name__}",
                       problems=(Problem("type", metric, got=type(value).__name__),))  # fmt: skip
    if not np.isfinite(value):
        return Verdict(0.0, f"{metric} is {value} (did the training diverge?)",
                       problems=(Problem("non-finite", metric, got=value),))  # fmt: skip
    if value >= minimum:
        return Verdict(1.0, detail=f"{metric} {value:.3f} >= {minimum:g}")
    problem = Problem("target", metric, expected=minimum, got=value)
    reason = f"{metric} {value:.3f} < {minimum:g}"
    if value >= partial_fraction * minimum:
        return Verdict(partial_credit, reason, problems=(problem,))
    return Verdict(0.0, reason, problems=(problem,))
