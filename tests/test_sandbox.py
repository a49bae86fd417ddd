"""SandboxWorker: the worker process, its protocol, limits and failure modes."""

from __future__ import annotations

import io
import os
import sys
import textwrap
import time

import numpy as np
import pytest

from grader.sandbox import (
    Limits,
    SandboxWorker,
    StudentException,
    WorkerCrashed,
    WorkerTimeout,
    WrapperIsolation,
    protocol,
)
from tests.conftest import passable

STUDENT_CODE = """
import os
import numpy as np


def echo(*args, **kwargs):
    return args, kwargs


def divide(a, b):
    return a / b


def spin():
    while True:
        pass


def chatty(x):
    print("debug output that must not reach the protocol", x)
    return x + 1


def hog_memory():
    return np.ones((50_000, 50_000))


def environment():
    return dict(os.environ)


def leave(code):
    os._exit(code)


def big_file():
    with open(os.path.join(os.environ["HOME"], "big.bin"), "wb") as f:
        f.write(b"x" * (8 << 20))


class Counter:
    def __init__(self, start):
        self.count = start
        self.params = {"w": np.zeros(3)}

    def bump(self):
        self.count += 1
        return self.count
"""


@pytest.fixture
def student_root(tmp_path):
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text(
        "raise RuntimeError('package init must not run')\n"
    )
    (tmp_path / "pkg" / "mod.py").write_text(textwrap.dedent(STUDENT_CODE).lstrip())
    (tmp_path / "pkg" / "broken.py").write_text("def f(:\n    pass\n")
    return passable(tmp_path)


@pytest.fixture
def worker(student_root):
    with SandboxWorker(student_root, Limits(call_timeout_s=5)) as running:
        yield running


def call(worker, name, *args, timeout_s=None, **kwargs):
    header = {"op": "call", "function": f"pkg.mod:{name}"}
    return worker.request(header, args, kwargs, timeout_s=timeout_s)


def test_values_round_trip_through_the_worker(worker):
    values = (
        np.arange(6, dtype=np.float64).reshape(2, 3),
        np.array([True, False]),
        np.int64(7),
        np.zeros((0, 4)),
        np.asfortranarray(np.arange(6.0).reshape(2, 3)),
        {"a": [1, 2.5, None], 3: "three"},
        float("nan"),
    )
    args, kwargs = call(worker, "echo", *values, key=np.float32(1.5))
    np.testing.assert_array_equal(args[0], values[0])
    assert args[1].dtype == bool and args[2] == 7 and isinstance(args[2], np.integer)
    assert args[3].shape == (0, 4)
    np.testing.assert_array_equal(args[4], values[4])
    assert args[5] == {"a": [1, 2.5, None], 3: "three"}
    assert np.isnan(args[6])
    assert kwargs["key"] == np.float32(1.5) and kwargs["key"].dtype == np.float32


def test_objects_stay_in_the_worker_behind_handles(worker):
    counter = call(worker, "Counter", 41)
    assert isinstance(counter, protocol.Handle) and counter.type_name == "Counter"
    assert worker.request({"op": "call", "handle": counter.id, "method": "bump"}) == 42
    worker.request({"op": "set", "handle": counter.id, "path": ["params", "w"]}, (np.ones(3),))
    np.testing.assert_array_equal(
        worker.request({"op": "get", "handle": counter.id, "path": ["params", "w"]}), np.ones(3)
    )


def test_student_exception_names_the_student_file_and_line(worker):
    with pytest.raises(StudentException) as caught:
        call(worker, "divide", 1, 0)
    error = caught.value
    assert error.ename == "ZeroDivisionError"
    assert error.where == "pkg/mod.py:10 in divide"
    assert error.summary() == "pkg/mod.py:10 in divide: ZeroDivisionError: division by zero"
    assert call(worker, "divide", 1, 4) == 0.25  # the worker is still usable


def test_syntax_error_reports_file_and_line_without_running_package_init(worker):
    with pytest.raises(StudentException) as caught:
        worker.request({"op": "import", "module": "pkg.broken"})
    assert caught.value.ename == "SyntaxError"
    assert caught.value.where == "pkg/broken.py:1"
    # pkg/__init__.py raises if run; the sibling module imported fine above.
    worker.request({"op": "import", "module": "pkg.mod"})


def test_infinite_loop_times_out_and_a_fresh_worker_carries_on(student_root):
    with SandboxWorker(student_root) as worker:
        started = time.monotonic()
        with pytest.raises(WorkerTimeout, match="timed out after 1 s in pkg.mod.spin"):
            call(worker, "spin", timeout_s=1)
        assert time.monotonic() - started < 5
        assert not worker.alive
    with SandboxWorker(student_root) as fresh:
        assert call(fresh, "divide", 6, 3) == 2.0


def test_memory_exhaustion_is_an_error_not_a_hang(student_root):
    with SandboxWorker(student_root, Limits(memory_mb=1024)) as worker:
        with pytest.raises((StudentException, WorkerCrashed)) as caught:
            call(worker, "hog_memory", timeout_s=20)
        if isinstance(caught.value, StudentException):
            assert caught.value.ename == "MemoryError"


def test_environment_is_scrubbed_and_single_threaded(student_root, monkeypatch):
    monkeypatch.setenv("GRADER_SECRET_TOKEN", "do-not-leak")
    with SandboxWorker(student_root) as worker:
        env = call(worker, "environment")
    assert "GRADER_SECRET_TOKEN" not in env
    assert env["OMP_NUM_THREADS"] == env["OPENBLAS_NUM_THREADS"] == "1"
    assert env["HOME"] != os.environ.get("HOME")


def test_prints_do_not_corrupt_the_protocol(worker):
    assert call(worker, "chatty", 1) == 2
    assert "debug output that must not reach the protocol" in worker.log_tail()


def test_worker_exit_is_reported_as_a_crash(student_root):
    with SandboxWorker(student_root) as worker:
        with pytest.raises(WorkerCrashed, match="exited with status 3"):
            call(worker, "leave", 3)


def test_file_size_limit_fails_the_write_not_the_worker(student_root):
    with SandboxWorker(student_root, Limits(file_size_mb=1)) as worker:
        with pytest.raises(StudentException) as caught:
            call(worker, "big_file")
        assert caught.value.ename == "OSError"
        assert call(worker, "divide", 1, 1) == 1.0


def test_a_wrapper_command_runs_in_front_of_the_worker(student_root, tmp_path):
    marker = tmp_path / "wrapper-ran"
    wrapper = tmp_path / "wrap.sh"
    wrapper.write_text(f'#!/bin/sh\ntouch "{marker}"\nexec "$@"\n')
    wrapper.chmod(0o755)
    with SandboxWorker(student_root, isolation=WrapperIsolation((str(wrapper),))) as worker:
        assert call(worker, "divide", 9, 3) == 3.0
        assert "wrapper: wrap.sh" in worker.description
    assert marker.exists()


def test_a_garbled_reply_is_a_crash_not_a_parse_in_the_parent(student_root, tmp_path):
    impostor = tmp_path / "impostor.py"
    impostor.write_text(
        "import struct, sys\n"
        "sys.stdin.buffer.read(4)\n"
        'payload = b\'{"ok": true, "value": {"$array": 0}, "blobs": [5]}\'\n'
        "sys.stdout.buffer.write(struct.pack('>I', len(payload)) + payload + b'junk!')\n"
        "sys.stdout.buffer.flush()\n"
    )
    with pytest.raises(WorkerCrashed, match="malformed reply"):
        SandboxWorker(
            student_root, isolation=WrapperIsolation((sys.executable, str(impostor)))
        ).start()


def test_arrays_of_python_objects_are_refused_without_unpickling():
    buffer = io.BytesIO()
    np.save(buffer, np.array([{"a": 1}], dtype=object), allow_pickle=True)
    with pytest.raises(protocol.ProtocolError, match="no pickle"):
        protocol.decode({"$array": 0}, [bytearray(buffer.getvalue())])
