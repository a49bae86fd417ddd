"""Zygote: function workers forked from one warm worker per submission, each still a worker of
its own (process, and as root uid and home), with the same failure modes as a started one."""

from __future__ import annotations

import os

import pytest

from grader.sandbox import Limits, Sandbox, StudentException, WorkerCrashed, WorkerTimeout
from grader.sandbox.identity import dropping_privileges
from grader.sandbox.isolation import bwrap_problem, isolation_named
from tests.test_sandbox import call, student_root  # noqa: F401 - the fixture

EXTRA = """

def crash():
    import ctypes
    ctypes.string_at(0)


def whoami():
    import os
    import sys
    return [os.getpid(), os.getuid(), os.environ["HOME"], sys.path[0]]


def remember(value):
    global KEPT
    KEPT = value
    return value


def recall():
    return globals().get("KEPT")
"""

LEVELS = ["process"] + (["bwrap"] if bwrap_problem() is None else [])


@pytest.fixture(params=LEVELS)
def zygote(request, student_root):  # noqa: F811
    with open(student_root / "pkg" / "mod.py", "a") as module:
        module.write(EXTRA)
    sandbox = Sandbox(isolation_named(request.param)[0], Limits(call_timeout_s=5))
    with sandbox.start_zygote(student_root, writable=False) as running:
        yield running


def test_children_are_workers_of_their_own(zygote):
    first, second = zygote.fork(), zygote.fork()
    try:
        a, b = call(first, "whoami"), call(second, "whoami")
        assert a[0] != b[0] and first.worker_pid != second.worker_pid
        assert a[2] != b[2] and a[2].startswith(str(zygote.home))  # homes of their own
        assert os.path.realpath(a[3]) == str(zygote.root)  # the submission on their path
        if dropping_privileges():
            assert a[1] != b[1] and a[1] != 0 and a[1] == first.uid
        call(first, "remember", 7)
        assert call(first, "recall") == 7 and call(second, "recall") is None  # no shared state
    finally:
        first.close()
        second.close()
    assert zygote.alive


def test_a_crash_is_reported_and_the_zygote_forks_on(zygote):
    worker = zygote.fork()
    with pytest.raises(WorkerCrashed, match="segmentation fault"):
        call(worker, "crash")
    assert not worker.alive
    with zygote.fork() as fresh:
        assert call(fresh, "divide", 6, 3) == 2.0


def test_a_timeout_kills_only_that_child(zygote):
    spinning, bystander = zygote.fork(), zygote.fork()
    with pytest.raises(WorkerTimeout, match="timed out after 1 s in pkg.mod.spin"):
        call(spinning, "spin", timeout_s=1)
    assert not spinning.alive and bystander.alive and zygote.alive
    assert call(bystander, "divide", 1, 4) == 0.25
    bystander.close()


def test_exit_codes_and_exceptions_come_through(zygote):
    with zygote.fork() as worker:
        with pytest.raises(StudentException, match="ZeroDivisionError"):
            call(worker, "divide", 1, 0)
        with pytest.raises(WorkerCrashed, match="exited with status 3"):
            call(worker, "leave", 3)


def test_the_zygote_itself_serves_no_student_code(zygote):
    with pytest.raises(StudentException, match="unknown op"):
        zygote.request({"op": "nope"})
    assert zygote.cpu_seconds() is not None
