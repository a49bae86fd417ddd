"""The sandbox: everything that runs next to student code, and the parent's side of it.

- protocol.py   the wire format (JSON frames plus .npy blobs), on both sides
- server.py     the worker process that imports the student's code and answers calls
- process.py    SandboxWorker (the parent's end of one worker) and Sandbox, the one factory
- isolation.py  how a worker is contained: Isolation builds its command and describes it
- student.py    Student, the typed view of a worker that checks call

Only protocol.py and server.py run inside the sandbox; this folder is what a sandbox binds
read-only. Nothing here imports the rest of the grader except the parent's side.
"""

from grader.sandbox.isolation import (
    ISOLATIONS,
    BwrapIsolation,
    Isolation,
    WrapperIsolation,
    isolation_named,
)
from grader.sandbox.process import (
    Limits,
    Sandbox,
    SandboxWorker,
    StudentException,
    WorkerCrashed,
    WorkerError,
    WorkerTimeout,
)
from grader.sandbox.protocol import Handle, ProtocolError
from grader.sandbox.student import BadOutput, Change, ImportFailed, Probe, Student

__all__ = [
    "ISOLATIONS", "BadOutput", "BwrapIsolation", "Change", "Handle", "ImportFailed",
    "Isolation", "Limits", "Probe", "ProtocolError", "Sandbox", "SandboxWorker", "Student",
    "StudentException", "WorkerCrashed", "WorkerError", "WorkerTimeout", "WrapperIsolation",
    "isolation_named",
]  # fmt: skip
