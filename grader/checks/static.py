"""Check kinds that read the student's source: loop and name rules, and vectorization speed.

Both are gated: they say nothing about whether the function works, so they require the
unit's functional checks (the loader adds that) and never award points to wrong code.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from grader.checks.base import Check, Inputs
from grader.compare import FULL, Problem, Verdict
from grader.sandbox import Student
from grader.source import SourceProblem, find_function, forbidden_uses, loops_in


@dataclass(frozen=True, kw_only=True)
class SourceRules(Check):
    """Static rules on the student's source: at most `max_loops` loops, no forbidden names."""

    function: str  # 'pkg.module:Qual.name'
    max_loops: int | None = None
    forbidden: tuple[str, ...] = ()
    kind: ClassVar[str] = "source rules"
    gated: ClassVar[bool] = True

    @property
    def inspects(self) -> tuple[str, ...]:
        return (self.function,)

    def grade(self, student, fixture, context) -> Verdict:
        return source_verdict(context.root, self.function, self.max_loops, self.forbidden)


@dataclass(frozen=True, kw_only=True)
class Vectorized(Check):
    """No Python loop in the function, and at least `factor` times faster than the reference's
    naive twin on a stated size (both timed in workers from the same sandbox)."""

    function: str
    forbidden: tuple[str, ...] = ()
    inputs: Inputs
    time_student: Callable[[Student, dict], float]
    time_twin: Callable[[Student, dict], float]
    factor: float = 10.0
    kind: ClassVar[str] = "vectorization"
    gated: ClassVar[bool] = True

    @property
    def inspects(self) -> tuple[str, ...]:
        return (self.function,)

    def grade(self, student, fixture, context) -> Verdict:
        static = source_verdict(context.root, self.function, 0, self.forbidden)
        if static.fraction < 1.0:
            return static
        data = self.inputs.build(context)
        mine = self.time_student(student, data)
        twin = context.reference_baseline(
            self.name, lambda: self.time_twin(context.reference(), data)
        )
        speedup = twin / max(mine, 1e-9)
        if speedup < self.factor:
            # A shortfall may be the machine, not the code (the baseline was timed once per
            # batch, perhaps when the machine was quieter): time both again, side by side.
            mine = min(mine, self.time_student(student, data))
            twin = self.time_twin(context.reference(), data)
            speedup = twin / max(mine, 1e-9)
        text = f"{speedup:.0f}x faster than the naive version ({mine:.4f} s vs {twin:.4f} s)"
        if speedup >= self.factor:
            return Verdict(1.0, detail=text)
        problem = Problem("speed", self.function, expected=self.factor, got=speedup)
        return Verdict(0.0, f"only {text}; at least {self.factor:g}x expected", problems=(problem,))


def source_verdict(root, function: str, max_loops: int | None, forbidden) -> Verdict:
    """Full credit when the function obeys the rules, else each broken rule with its line."""
    short = function.partition(":")[2].split(".")[-1]
    try:
        node, aliases = find_function(root, function)
    except SourceProblem as problem:
        return Verdict(0.0, str(problem), problems=(Problem("source", short),))
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
    if not reasons:
        return FULL
    return Verdict(0.0, "; ".join(reasons), problems=(Problem("source", short),))
