"""Check kinds that run something whole and measure it: a seeded training run, a notebook.

Metrics are computed in this process from what the worker sends back (weights, predictions);
labels never go to the worker. Credit is full at the dataset's target and partial a little
below it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from grader.checks.base import Check, Inputs
from grader.compare import Problem, Verdict, combine
from grader.config import DEFAULT_DATASET
from grader.sandbox import BadOutput, Student

PARTIAL_FRACTION = 0.8  # down to this fraction of a target, a run still earns partial credit
PARTIAL_CREDIT = 0.5
NOTEBOOK_TIMEOUT_S = 900.0  # a whole notebook; the reference's take 10-90 s


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
    """The student's notebook runs in a fresh worker on the run's dataset (the generated one
    unless `grader run --dataset` says otherwise), and the models it leaves behind reach that
    dataset's targets. Like Jupyter's "Run All" but carrying on past a failing cell, so a bug
    that a unit check already charges (a failed assert in a test cell) costs nothing here.

    `measure(student, names)` gets {variable: value or handle} for `variables` after the run
    and returns {metric: value}, computed here from predictions the worker sends back.
    `targets_by_metric` maps each metric to its target's key; credit is the mean over metrics.
    """

    notebook: str
    variables: tuple[str, ...]
    measure: Callable[[Student, dict], dict[str, float]]
    targets_by_metric: dict[str, str]
    partial_fraction: float = PARTIAL_FRACTION
    partial_credit: float = PARTIAL_CREDIT
    timeout_s: float = NOTEBOOK_TIMEOUT_S
    kind: ClassVar[str] = "notebook"
    needs_notebook: ClassVar[bool] = True
    fresh_worker: ClassVar[bool] = True

    def targets(self) -> tuple[tuple[str, str | None], ...]:
        return tuple((key, None) for key in self.targets_by_metric.values())

    def grade(self, student, fixture, context) -> Verdict:
        with context.fresh_student(self.timeout_s) as fresh:
            run = fresh.run_notebook(self.notebook, self.variables)
            errors = [f"{e['where']}: {e['error']}" for e in run.get("errors", [])]
            first_error = f" (first error: {errors[0]})" if errors else ""
            missing = run.get("missing") or []
            empty = [name for name, value in run["variables"].items() if value is None]
            if missing or empty:
                reason = (f"after running, {self.notebook} defines no {', '.join(missing)}"
                          if missing else
                          f"after running, {self.notebook} leaves {', '.join(empty)} as None "
                          "(is its TODO cell still empty?)")  # fmt: skip
                problem = Problem("notebook", (missing or empty)[0])
                return Verdict(0.0, reason + first_error, problems=(problem,))
            try:
                values = self.measure(fresh, run["variables"])
            except BadOutput as error:
                problem = Problem("notebook", self.notebook)
                return Verdict(0.0, f"{self.notebook}: {error}{first_error}", problems=(problem,))
        verdicts = [
            target_verdict(metric, values.get(metric), context.target(key),
                           self.partial_fraction, self.partial_credit)
            for metric, key in self.targets_by_metric.items()
        ]  # fmt: skip
        combined = combine(verdicts)
        fraction = sum(v.fraction for v in verdicts) / len(verdicts)
        reason = combined.reason + first_error if fraction < 1 else combined.reason
        detail = "\n".join([combined.detail, *(f"cell error: {e}" for e in errors)]).strip()
        return Verdict(fraction, reason, detail, combined.problems)


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
