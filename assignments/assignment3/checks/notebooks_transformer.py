"""Transformer_Captioning.ipynb's overfitting run: the notebook runs top to bottom on the run's
dataset and its CaptioningTransformer memorises the 50 training captions, as the notebook
states: a final training loss below 0.03, on the real COCO data as on the generated set (the
reference ends at about 0.01 there; spec 7.4).

The loss history is the provided CaptioningSolverTransformer's, exported after the last cell;
its last entry is what the notebook prints as "Final loss". A loss target is a maximum, which
NotebookRun's targets (minimums: accuracies) cannot say, so LossRun grades the same run with
the comparison turned around; partial credit reaches 1 / 0.8 of the target, as accuracies get
it down to 0.8 of theirs.
"""

from dataclasses import dataclass

import numpy as np

from grader.checks import NotebookRun, Problem, Verdict
from grader.compare import combine

NOTEBOOK = "Transformer_Captioning.ipynb"
PARTIAL_FACTOR = 1 / 0.8  # up to this multiple of the target a loss earns partial credit
PARTIAL_CREDIT = 0.5
METRIC = "final training loss"


@dataclass(frozen=True, kw_only=True)
class LossRun(NotebookRun):
    """A NotebookRun whose metrics are losses: full credit at or below the target."""

    def grade(self, student, fixture, context) -> Verdict:
        run = context.run_notebook(self.notebook, self.notebook_exports(self.notebook))
        problems = [p.describe(self.notebook) for p in run.problems]
        first = f" (first problem: {problems[0]})" if problems else ""
        missing = {n: why for n, why in run.export_errors.items() if n in self.exports}
        if missing:
            name, why = next(iter(missing.items()))
            return Verdict(
                0.0,
                f"after running, {self.notebook} has no usable {self.exports[name]} ({why}){first}",
                problems=(Problem("notebook", name, got=why),),
            )
        try:
            values = self.measure(run.exports)
        except (ValueError, TypeError, KeyError, IndexError) as error:
            return Verdict(
                0.0,
                f"{self.notebook}: its run cannot be measured ({error}){first}",
                problems=(Problem("notebook", self.notebook),),
            )
        verdict = combine(
            [
                loss_verdict(metric, values.get(metric), context.target(key))
                for metric, key in self.targets_by_metric.items()
            ]
        )
        reason = verdict.reason + first if verdict.fraction < 1 else verdict.reason
        if verdict.fraction == 1 and problems:  # as NotebookRun: staff should see what went wrong
            more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
            reason = f"every target reached, though {problems[0]}{more}"
        detail = "\n".join([verdict.detail, *(f"cell problem: {p}" for p in problems)]).strip()
        return Verdict(verdict.fraction, reason, detail, verdict.problems)


def loss_verdict(metric, value, maximum) -> Verdict:
    """Full credit at or below `maximum`, PARTIAL_CREDIT up to PARTIAL_FACTOR times it."""
    try:
        value = float(value)
    except (TypeError, ValueError):
        return Verdict(
            0.0,
            f"{metric}: expected a number, got {type(value).__name__}",
            problems=(Problem("type", metric, got=type(value).__name__),),
        )
    if not np.isfinite(value):
        return Verdict(
            0.0,
            f"{metric} is {value} (did the training diverge?)",
            problems=(Problem("non-finite", metric, got=value),),
        )
    if value <= maximum:
        return Verdict(1.0, detail=f"{metric} {value:.4f} <= {maximum:g}")
    problem = (Problem("target", metric, expected=maximum, got=value),)
    reason = f"{metric} {value:.4f} > {maximum:g}"
    return Verdict(
        PARTIAL_CREDIT if value <= PARTIAL_FACTOR * maximum else 0.0, reason, problems=problem
    )


def final_loss(arrays):
    """{METRIC: the last loss of the solver's history}."""
    history = np.asarray(arrays["loss history"], dtype=np.float64).reshape(-1)
    if history.size == 0:
        raise ValueError("the solver's loss history is empty (did it train?)")
    return {METRIC: float(history[-1])}


CHECKS = [
    LossRun(
        unit=NOTEBOOK,
        what="the overfitting run's final loss reaches the notebook's target",
        question="transformer",
        points=7,
        uses=(
            "CaptioningTransformer.forward",
            "MultiHeadAttention.forward",
            "PositionalEncoding.__init__",
            "PositionalEncoding.forward",
        ),
        notebook=NOTEBOOK,
        exports={"loss history": "transformer_solver.loss_history"},
        measure=final_loss,
        targets_by_metric={METRIC: "transformer_overfit_loss"},
        hint="the model should memorise the 50 captions: check forward's causal mask, and that "
        "the image is the memory, not a token",
    ),
]
