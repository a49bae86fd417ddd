"""The workload's four tests as our checks (copied to assignments/tinynb/checks/funcs.py by
bench/tools.py): each export calls the student's function on the kernel, under a deadline,
and the verdict here is np.allclose, as in nbgrader's test cells and otter's test files."""

import numpy as np

from grader.checks import NotebookValues
from grader.compare import FULL, Problem, Verdict

from ._settings import LOOP_S, NOTEBOOK
from ._spec import ATOL, RTOL, TESTS, call_source

NUMPY = "__import__('numpy')"  # whatever the student imported numpy as


def export(test) -> str:
    return f"__import__('deadline').within({LOOP_S}, lambda: {call_source(test, NUMPY)})"


def judge(test):
    expected = test.expected()

    def verdict(arrays, fixture) -> Verdict:
        got = arrays[test.name]
        if got.shape != expected.shape:
            reason = f"shape {got.shape}, expected {expected.shape}"
            return Verdict(0.0, reason, problems=(Problem("shape", test.name),))
        if not np.allclose(got, expected, rtol=RTOL, atol=ATOL):
            return Verdict(
                0.0, f"{test.what}: wrong values", problems=(Problem("value", test.name),)
            )
        return FULL

    return verdict


CHECKS = [
    NotebookValues(unit=t.function, what=t.what, question="funcs", points=t.points,
                   notebook=NOTEBOOK, exports={t.name: export(t)}, judge=judge(t))
    for t in TESTS
]  # fmt: skip
