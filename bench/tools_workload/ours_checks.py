"""The workload's four tests as our checks (copied to assignments/tinynb/checks/funcs.py by
bench/tools.py). The functions are graded where they are defined, the notebook, without a
kernel: a worker forked per submission reads the notebook's definitions (imports, functions,
call-free assignments; not its experiments) and answers each call within LOOP_S seconds, so
the looping function is cut at that and the other tests keep their points. The verdict here is
np.allclose, as in nbgrader's test cells and otter's test files."""

import numpy as np

from grader.checks import Inputs, Property
from grader.compare import FULL, Problem, Verdict

from ._settings import LOOP_S, NOTEBOOK
from ._spec import ATOL, RTOL, TESTS, arguments, inputs


def seeded_inputs(**_params):
    return inputs()


def calls(test):
    def call(student, data):
        return student.call(f"{NOTEBOOK}:{test.function}", *(data[a] for a in arguments(test)))

    return call


def judge(test):
    expected = test.expected()

    def verdict(got) -> Verdict:
        got = np.asarray(got)
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
    Property(unit=t.function, what=t.what, question="funcs", points=t.points,
             timeout_s=LOOP_S, inputs=Inputs(seeded_inputs, seed=None), call=calls(t),
             predicate=judge(t))
    for t in TESTS
]  # fmt: skip
