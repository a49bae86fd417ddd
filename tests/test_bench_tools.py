"""bench/tools.py's workload: the students lose what they are declared to lose, our scratch
assignment loads, and its deadline cuts a loop. (The three tools' timings are not tests.)"""

from __future__ import annotations

import importlib.util
import sys
import time
import warnings

import numpy as np
import pytest

from grader.config import Project, load_assignment
from grader.registry import load_checks
from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))
from tools_workload import spec  # noqa: E402
from tools_workload.answers import students  # noqa: E402
from tools_workload.deadline import within  # noqa: E402
from tools_workload.spec import TESTS, TOTAL  # noqa: E402


def load_tools():
    """bench/tools.py as a module of its own name (a top-level `tools` is the tools/ folder)."""
    found = importlib.util.spec_from_file_location("bench_tools", ROOT / "bench" / "tools.py")
    module = importlib.util.module_from_spec(found)
    found.loader.exec_module(module)
    return module


tools = load_tools()


def defined(student) -> dict:
    namespace = {"np": np}
    for source in student.code.values():
        exec(source, namespace)  # our own workload's code, never a real student's
    return namespace


def test_the_workload_has_the_issues_mix_of_students():
    kinds = [s.kind for s in students()]
    assert [kinds.count(k) for k in ("correct", "wrong", "raising", "looping")] == [14, 3, 2, 1]
    correct = [tuple(s.code.values()) for s in students() if s.kind == "correct"]
    assert len(set(correct)) == 14  # no two correct students wrote the same cells


@pytest.mark.parametrize("student", [s for s in students() if s.kind != "looping"],
                         ids=lambda s: s.name)  # fmt: skip
def test_each_student_fails_exactly_the_tests_it_is_said_to_lose(student):
    failed = []
    for test in TESTS:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # the unshifted softmax overflows
            try:
                exec(spec.test_source(test), defined(student))
            except (AssertionError, ValueError):
                failed.append(test.name)
    assert tuple(failed) == student.loses


def test_our_batch_grades_every_student_as_the_test_cells_do(tmp_path):
    """The workload graded for real: the functions are read from each student's notebook
    without a kernel, the looping one is cut at its timeout and keeps its other points."""
    from grader.batch import grade_batch
    from grader.runner import RunOptions

    tools.setup_ours(tmp_path, 1.0)
    project = Project(tmp_path)
    checks = load_checks(load_assignment(project, tools.NAME))
    assert [c.points for c in checks] == [t.points for t in TESTS]
    rows = grade_batch(project, tmp_path / "submissions", tmp_path / "graded", tools.NAME,
                       RunOptions(), jobs=2)  # fmt: skip
    points = {t.name: t.points for t in TESTS}
    expected = {s.name: TOTAL - sum(points[t] for t in s.loses) for s in students()}
    assert {row.student: row.result.score for row in rows} == expected
    looping = next(row for row in rows if row.student.startswith("looping"))
    reasons = [r.reason for r in looping.result.results if r.points == 0]
    assert reasons and all("timed out after 1 s" in reason for reason in reasons), reasons


def test_the_deadline_cuts_a_loop_and_leaves_no_alarm_behind():
    started = time.monotonic()
    with pytest.raises(TimeoutError, match="timed out after 0.2 s"):
        within(0.2, lambda: [None for _ in iter(int, 1)])
    assert time.monotonic() - started < 2
    assert within(0.2, lambda: 42) == 42
    time.sleep(0.3)  # an alarm left armed would fire here
