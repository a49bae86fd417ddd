"""The check API that `assignments/<name>/checks/*.py` use.

    CHECKS = [ExpectedOutput(unit="affine_forward", what="output on the notebook's inputs",
                             question="two_layer_net", points=2, inputs=Inputs(make_affine),
                             call=run_affine_forward, expected=FIXTURE)]

Every check has the same four beats: build seeded inputs, call the student through the
worker, compare in this process, return a Verdict. Kinds differ only in the comparison:
values.py (outputs, gradients, arguments), runs.py (training, notebooks), static.py (source).
"""

from grader.checks.base import FIXTURE, Check, GradeContext, Inputs
from grader.checks.runs import NotebookRun, NotebookValues, Training
from grader.checks.static import SourceRules, Vectorized
from grader.checks.values import (
    Agreement,
    ExpectedOutput,
    GradientCheck,
    LeavesInputsAlone,
    Property,
)
from grader.compare import Problem, Tolerance, Verdict
from grader.sandbox import BadOutput, Probe, Student

__all__ = [
    "FIXTURE", "Agreement", "BadOutput", "Check", "ExpectedOutput", "GradeContext",
    "GradientCheck", "Inputs", "LeavesInputsAlone", "NotebookRun", "NotebookValues", "Probe",
    "Problem", "Property", "SourceRules", "Student", "Tolerance", "Training", "Vectorized",
    "Verdict",
]  # fmt: skip
