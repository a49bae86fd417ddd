"""SandboxWorker: one limited child process that runs a student's code, and Sandbox, the one
factory every worker starts from.

    sandbox = Sandbox(Isolation(), Limits())
    with sandbox.start(grading_tree) as worker:
        out = worker.request({"op": "call", "function": "cs231n.layers:affine_forward"}, (x, w, b))

The parent keeps every expected value; the worker (server.py) only evaluates calls. Each
request has a deadline: on timeout the worker's process group is killed, and on a crash or a
broken frame the worker is marked dead; the caller starts a fresh one to go on.
"""

from __future__ import annotations

import fcntl
import json
import os
import select
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from grader.errors import GraderError
from grader.options import option
from grader.sandbox import protocol
from grader.sandbox.identity import Lease, dropping_privileges, lease, processes_of, sweep
from grader.sandbox.isolation import Isolation

SERVER_SCRIPT = Path(__file__).resolve().with_name("server.py")
SANDBOX_DIR = SERVER_SCRIPT.parent  # all the grader code a worker needs, read-only
PIPE_BYTES = 1 << 20
F_SETPIPE_SZ = getattr(fcntl, "F_SETPIPE_SZ", 1031)
# What the worker's environment holds: nothing of the grader's, one BLAS thread, no display.
SCRUBBED_ENV = {
    "PATH": "/usr/local/bin:/usr/bin:/bin",
    "LANG": "C.UTF-8",
    "LC_ALL": "C.UTF-8",
    "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "NUMEXPR_NUM_THREADS": "1",
    "VECLIB_MAXIMUM_THREADS": "1",
    "PYTHONHASHSEED": "0",
    "PYTHONDONTWRITEBYTECODE": "1",
    "MPLBACKEND": "Agg",
}


@dataclass(frozen=True)
class Limits:
    """Resource limits of one worker; each default is sized for the course's notebook sizes."""

    cpu_s: int = option(900, "CPU seconds over a worker's life; per-call wall timeouts come first")
    memory_mb: int = option(
        3072,  # numpy + BLAS need ~0.5 GB, CIFAR subsets ~0.3 GB
        "address-space limit of each worker; the real CIFAR-10 needs about 6000",
        flag="--memory-mb", metavar="MB",
    )  # fmt: skip
    processes: int = option(512, "per-user process cap (not enforced for root)")
    file_size_mb: int = option(64, "largest file the student's code may write")
    start_timeout_s: float = option(60.0, "start-up: interpreter and numpy import")
    call_timeout_s: float = option(10.0, "one call, unless a check sets its own")
    # The reference answers calls for fixtures and timing baselines (a naive twin at the
    # notebook's size takes seconds), so its calls get a longer leash.
    reference_call_timeout_s: float = option(60.0, "one call into the reference")
    max_reply_mb: int = option(512, "largest reply the parent will read")


class WorkerError(GraderError):
    """The worker could not answer: it timed out, died, or broke the protocol."""


class WorkerTimeout(WorkerError):
    def __init__(self, timeout_s: float, what: str):
        self.timeout_s = timeout_s
        super().__init__(f"timed out after {timeout_s:g} s in {what}")


class WorkerCrashed(WorkerError):
    def __init__(self, how: str, log_tail: str = ""):
        self.how = how
        self.log_tail = log_tail
        super().__init__(how)


class StudentException(Exception):
    """The student's code raised; the fields are what the worker reported (never pickled)."""

    def __init__(self, ename: str, evalue: str, where: str = "", traceback: str = ""):
        self.ename, self.evalue, self.where, self.traceback = ename, evalue, where, traceback
        super().__init__(self.summary())

    def summary(self) -> str:
        location = f"{self.where}: " if self.where else ""
        message = self.evalue.strip().splitlines()[0] if self.evalue.strip() else ""
        return f"{location}{self.ename}{': ' + message if message else ''}"


class SandboxWorker:
    """A worker process on the tree `root`, contained by `isolation`, with `env` added to the
    scrubbed environment and `binds` (folders it must read, such as a dataset) passed on to
    the isolation. When the grader is root the worker runs as a uid of its own, in group
    `group` (the submission's, which owns the tree) or a gid of its own. Start workers through
    Sandbox.start."""

    own_identity = True  # as root: runs as a uid of its own (a Zygote hands out uids)

    def __init__(
        self,
        root: Path,
        limits: Limits = Limits(),
        isolation: Isolation = Isolation(),
        env: dict[str, str] | None = None,
        binds: tuple[Path, ...] = (),
        group: int | None = None,
        writable: bool = True,
    ):
        self.root = Path(root).resolve()
        self.limits = limits
        self.isolation = isolation
        self.env = dict(env or {})
        self.binds = tuple(Path(b).resolve() for b in binds)
        self.group = group
        self.writable = writable
        self.process: subprocess.Popen | None = None
        self.confinement: Confinement | None = None  # its home and, as root, its identity
        self.info: dict = {}
        self.worker_pid: int | None = None
        self.wrapped = False
        self.extra_argv: tuple[str, ...] = ()  # a zygote's fork socket
        self.pass_fds: tuple[int, ...] = ()

    @property
    def home(self) -> Path | None:
        return self.confinement.home if self.confinement else None

    @property
    def uid(self) -> int | None:
        return self.confinement.uid if self.confinement else None

    # -- lifecycle --------------------------------------------------------------------------

    def start(self) -> SandboxWorker:
        try:
            return self._start()
        except BaseException:
            self.close()  # a worker that never answered still gives back its uid and home
            raise

    def _start(self) -> SandboxWorker:
        self.confinement = Confinement(self.group, identity=self.own_identity)
        identity = self.confinement.identity
        env = self.confinement.environment(self.env)
        config = {"rlimits": rlimits(self.limits), "identity": identity}
        argv = [sys.executable, "-I", str(SERVER_SCRIPT), str(self.root), json.dumps(config),
                *self.extra_argv]  # fmt: skip
        binds = (*self.binds, SANDBOX_DIR)
        command = self.isolation.command(argv, self.root, self.home, binds, self.writable)
        self.wrapped = command[: len(argv)] != argv  # something runs in front of the worker
        # The log lives outside the worker's reach: it writes through its stderr and nothing
        # else (a file in its home could be swapped for a link to a file of the grader's).
        self.log = tempfile.TemporaryFile(prefix="grader-worker-log-")  # noqa: SIM115
        self.process = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.log,
            cwd=self.root,
            env=env,
            start_new_session=True,  # its own process group, so a kill takes its children too
            pass_fds=self.pass_fds,
        )
        for stream in (self.process.stdin, self.process.stdout):
            _widen_pipe(stream.fileno())
        self.info = self.request({"op": "hello"}, timeout_s=self.limits.start_timeout_s)
        self.worker_pid = self._find_worker_pid()
        if identity and self.info.get("uid") != identity[0]:
            raise WorkerCrashed(f"the worker did not drop to uid {identity[0]}: {self.info}")
        return self

    def close(self) -> None:
        """Kill the worker and everything it started, then forget its identity and home."""
        if self.process is not None:
            if self.process.poll() is None:
                self._kill()
            for stream in (self.process.stdin, self.process.stdout):
                try:
                    stream.close()
                except OSError:
                    pass
            self.process = None
        if self.confinement is not None:
            self.log.close()
            self.confinement.release()  # daemons that left the process group die here too
            self.confinement = None

    def _find_worker_pid(self) -> int:
        """The worker's own pid (as the grader sees it), for its CPU time: the process we
        started, unless an isolation wraps it (bwrap forks the worker two levels down)."""
        if self.uid is not None:  # right after hello, the worker is the only process of its uid
            mine = processes_of(self.uid)
            if len(mine) == 1:
                return mine[0]
        pid = self.process.pid
        for _ in range(4):  # follow the only child, while there is exactly one
            children = _children(pid)
            if len(children) != 1:
                break
            pid = children[0]
        return pid

    def __enter__(self) -> SandboxWorker:
        return self if self.process is not None else self.start()

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    @property
    def description(self) -> str:
        """One line saying which isolation is in force, for the report."""
        return self.isolation.describe(self.limits)

    # -- requests ---------------------------------------------------------------------------

    def request(self, header: dict, args=(), kwargs=None, timeout_s: float | None = None):
        """Send one request and return the decoded reply value.

        Raises
        ------
        StudentException
            The student's code raised (the worker stays usable).
        WorkerTimeout, WorkerCrashed
            The worker was killed or died; start a new one to go on.
        """
        if not self.alive:
            raise WorkerCrashed("the worker is not running")
        timeout_s = timeout_s or self.limits.call_timeout_s
        deadline = time.monotonic() + timeout_s
        blobs: list[bytes] = []
        header = dict(header, args=protocol.encode(list(args), blobs),
                      kwargs=protocol.encode(dict(kwargs or {}), blobs))  # fmt: skip
        what = _describe(header)
        try:
            for piece in protocol.frame_pieces(header, blobs):
                self._write_all(piece, deadline, timeout_s, what)
            reply, reply_blobs = self._read_frame(deadline, timeout_s, what)
            if reply.get("ok"):
                return protocol.decode(reply.get("value"), reply_blobs)
            error = reply.get("error") or {}
        except protocol.ProtocolError as error:
            self._kill()
            raise WorkerCrashed(f"the worker sent a malformed reply ({error})") from None
        raise StudentException(
            str(error.get("ename", "Error")), str(error.get("evalue", "")),
            str(error.get("where", "")), str(error.get("traceback", "")),
        )  # fmt: skip

    def cpu_seconds(self) -> float | None:
        """CPU time the worker has used so far, read from the kernel (Linux), in seconds.

        Unlike wall time it does not grow when other processes compete for the cores, and
        unlike a timer inside the worker the student's code cannot fake it. None where
        /proc has no per-thread schedstat.
        """
        total = 0
        try:
            for task in Path(f"/proc/{self.worker_pid}/task").iterdir():
                total += int((task / "schedstat").read_text().split()[0])  # ns on the CPU
        except (OSError, ValueError, IndexError):
            return None
        return total / 1e9

    def log_tail(self, lines: int = 5) -> str:
        if self.home is None:
            return ""
        self.log.flush()
        size = self.log.seek(0, os.SEEK_END)
        self.log.seek(max(0, size - 4000))
        text = self.log.read().decode(errors="replace")
        return "\n".join(text.strip().splitlines()[-lines:])

    # -- plumbing ---------------------------------------------------------------------------

    def _write_all(self, data, deadline: float, timeout_s: float, what: str) -> None:
        fd = self.process.stdin.fileno()
        view = memoryview(data).cast("B")
        while view:
            if not select.select([], [fd], [], max(0.0, deadline - time.monotonic()))[1]:
                self._kill()
                raise WorkerTimeout(timeout_s, what)
            try:
                written = os.write(fd, view[:PIPE_BYTES])
            except (BrokenPipeError, ConnectionResetError):
                raise self._crashed() from None
            view = view[written:]

    def _read_frame(self, deadline: float, timeout_s: float, what: str):
        (size,) = struct.unpack(">I", self._read_exact(4, deadline, timeout_s, what))
        if size > protocol.MAX_HEADER_BYTES:
            raise protocol.ProtocolError("reply header too large")
        header = protocol.parse_header(self._read_exact(size, deadline, timeout_s, what))
        sizes = header.get("blobs", [])
        if not all(isinstance(n, int) and n >= 0 for n in sizes):
            raise protocol.ProtocolError("bad blob sizes")
        if sum(sizes) > self.limits.max_reply_mb << 20:
            raise protocol.ProtocolError(f"reply larger than {self.limits.max_reply_mb} MB")
        blobs = [self._read_exact(n, deadline, timeout_s, what) for n in sizes]
        return header, blobs

    def _read_exact(self, size: int, deadline: float, timeout_s: float, what: str) -> bytearray:
        fd = self.process.stdout.fileno()
        buffer = bytearray(size)
        view, filled = memoryview(buffer), 0
        while filled < size:
            if not select.select([fd], [], [], max(0.0, deadline - time.monotonic()))[0]:
                self._kill()
                raise WorkerTimeout(timeout_s, what)
            count = os.readv(fd, [view[filled:]])
            if not count:
                raise self._crashed()
            filled += count
        return buffer

    def _crashed(self) -> WorkerCrashed:
        try:
            code = self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self._kill()
            code = self.process.returncode
        if code is not None and code > 128 and self.wrapped:
            code = 128 - code  # a wrapper (bwrap) reports its child's death by signal N as 128+N
        if code is not None and code < 0 and -code in signal.valid_signals():
            name = signal.Signals(-code).name
            how = {
                "SIGXCPU": f"used more than its {self.limits.cpu_s} s of CPU time",
                "SIGKILL": "was killed (out of memory?)",
                "SIGSEGV": "crashed with a segmentation fault",
            }.get(name, f"died from {name}")
        else:
            how = f"exited with status {code}"
        return WorkerCrashed(f"the worker process {how}", self.log_tail())

    def _kill(self) -> None:
        """Kill the process group, then every process running as the worker's uid."""
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        if self.uid is not None:
            sweep(self.uid)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass


class Zygote(SandboxWorker):
    """A worker that never imports student code and forks fresh workers on request: one per
    submission, started like any worker (same isolation and rlimits), so its children are
    inside the same sandbox and pay for neither the sandbox nor Python nor numpy again.

    Every child is a worker of its own, as if started alone: its own process (one per student
    module, a new one after a crash), and, when the grader is root, its own uid and home, to
    which it drops right after the fork. So a module's state, crash or fork bomb never reaches
    another's checks. That is why the zygote keeps the sandbox's root identity (it needs it to
    hand out uids): it runs only this package's code and numpy, with no folder of the
    submission on its import path, and no child can signal or trace it."""

    own_identity = False

    def _start(self) -> SandboxWorker:
        self._socket, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        self.extra_argv, self.pass_fds = (str(theirs.fileno()),), (theirs.fileno(),)
        self._lock = threading.Lock()
        try:
            return super()._start()
        finally:
            theirs.close()

    def fork(self) -> ForkedWorker:
        """A fresh, started worker forked from this one, answering on pipes of its own."""
        return ForkedWorker(self).start()

    def spawn(self, fds: tuple[int, int, int], identity, home: Path) -> int:
        """Fork a child on (its inbox, its outbox, its log) as `identity` with `home`; its pid
        inside the sandbox."""
        with self._lock:
            socket.send_fds(self._socket, [b"f"], list(fds))
            request = {"op": "fork", "identity": identity, "home": str(home)}
            return self.request(request, timeout_s=self.limits.start_timeout_s)

    def status(self, pid: int) -> int | None:
        """The returncode of a child that ended, None while it runs (or if unknown)."""
        with self._lock:
            try:
                return self.request({"op": "status", "pid": pid}, timeout_s=10)
            except WorkerError:
                return None

    def close(self) -> None:
        super().close()  # kills the zygote's process group, so its children's parent
        sock = getattr(self, "_socket", None)
        if sock is not None:
            sock.close()


class _ForkedProcess:
    """The Popen-like handle SandboxWorker expects, for a child of a zygote: its pipes, its
    pid as the grader sees it, and its returncode (the zygote reaps it and tells)."""

    def __init__(self, zygote: Zygote, pid: int, host_pid: int, stdin, stdout):
        self.zygote, self.child_pid, self.pid = zygote, pid, host_pid
        self.stdin, self.stdout = stdin, stdout
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None and not _running(self.pid):
            code = self.zygote.status(self.child_pid) if self.zygote.alive else None
            self.returncode = -signal.SIGKILL if code is None else code
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = time.monotonic() + (timeout if timeout is not None else 1e9)
        while self.poll() is None:
            if time.monotonic() > deadline:
                raise subprocess.TimeoutExpired("forked worker", timeout)
            time.sleep(0.01)
        return self.returncode


class ForkedWorker(SandboxWorker):
    """A worker forked by a Zygote, with its own identity and home like any worker (a folder
    of the zygote's home, which the sandbox already shows), the same requests, limits, kill
    and CPU clock."""

    def __init__(self, zygote: Zygote):
        super().__init__(zygote.root, zygote.limits, zygote.isolation, zygote.env,
                         zygote.binds, zygote.group, zygote.writable)  # fmt: skip
        self.zygote = zygote

    def _start(self) -> SandboxWorker:
        self.confinement = Confinement(self.group, within=self.zygote.home)
        self.log = tempfile.TemporaryFile(prefix="grader-worker-log-")  # noqa: SIM115
        to_child, from_parent = os.pipe()
        from_child, to_parent = os.pipe()
        try:
            pid = self.zygote.spawn((to_child, to_parent, self.log.fileno()),
                                    self.confinement.identity, self.home)  # fmt: skip
        except BaseException:
            os.close(from_parent)
            os.close(from_child)
            raise
        finally:
            os.close(to_child)
            os.close(to_parent)
        stdin, stdout = os.fdopen(from_parent, "wb"), os.fdopen(from_child, "rb")
        host_pid = _host_pid(self.zygote.worker_pid, pid)
        self.process = _ForkedProcess(self.zygote, pid, host_pid, stdin, stdout)
        for stream in (stdin, stdout):
            _widen_pipe(stream.fileno())
        self.worker_pid = host_pid
        self.info = self.request({"op": "hello"}, timeout_s=self.limits.start_timeout_s)
        identity = self.confinement.identity
        if identity and self.info.get("uid") != identity[0]:
            raise WorkerCrashed(f"the worker did not drop to uid {identity[0]}: {self.info}")
        return self


def _running(pid: int) -> bool:
    """The process exists and is not a zombie."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rpartition(")")[2].split()[0] not in ("Z", "X")


def _host_pid(parent: int, pid: int) -> int:
    """The grader's pid of `parent`'s child known inside its pid namespace as `pid`."""
    for child in _children(parent):
        try:
            status = Path(f"/proc/{child}/status").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("NSpid:") and int(line.split()[-1]) == pid:
                return child
    raise WorkerCrashed(f"the forked worker (pid {pid} in the sandbox) is not running")


class Confinement:
    """What a sandboxed process runs with besides its command: a private home (its HOME and
    TMPDIR) and, when the grader is root, a uid of its own and the gid it writes as (`group`,
    the submission's, or one of its own). release() kills every process of the uid, gives the
    ids back and removes the home."""

    def __init__(self, group: int | None = None, within: Path | None = None, identity: bool = True):
        self.home = Path(tempfile.mkdtemp(prefix="grader-worker-", dir=within))
        self.leases: list[Lease] = []
        self.uid: int | None = None
        self.gid: int | None = None
        if dropping_privileges() and not identity:
            os.chmod(self.home, 0o711)  # a zygote's: its children pass to homes of their own
        elif dropping_privileges():
            uid = lease("uid")
            self.leases.append(uid)
            if group is None:
                own = lease("gid")
                self.leases.append(own)
                group = own.id
            self.uid, self.gid = uid.id, group
            os.chown(self.home, self.uid, self.gid)

    @property
    def identity(self) -> list[int] | None:
        """[uid, gid] to drop to, or None when the grader is not root."""
        return None if self.uid is None else [self.uid, self.gid]

    def environment(self, extra: dict[str, str]) -> dict[str, str]:
        """The scrubbed environment plus `extra`, with HOME and TMPDIR in the private home."""
        return dict(SCRUBBED_ENV, **extra, HOME=str(self.home), TMPDIR=str(self.home))

    def give(self, path: Path) -> None:
        """Hand a file the grader wrote (a kernel's connection file) to the process."""
        if self.uid is not None:
            os.chown(path, self.uid, self.gid)

    def sweep(self) -> None:
        if self.uid is not None:
            sweep(self.uid)

    def release(self) -> None:
        self.sweep()
        for held in self.leases:
            held.release()
        self.leases = []
        shutil.rmtree(self.home, ignore_errors=True)


def rlimits(limits: Limits) -> dict[str, int]:
    """The rlimits a sandboxed process sets on itself first thing (no preexec_fn: Popen stays
    safe to call from several threads)."""
    return {
        "RLIMIT_CPU": limits.cpu_s,
        "RLIMIT_AS": limits.memory_mb << 20,
        "RLIMIT_NPROC": limits.processes,
        "RLIMIT_FSIZE": limits.file_size_mb << 20,
        "RLIMIT_CORE": 0,
    }


def _children(pid: int) -> list[int]:
    children = []
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                with open(f"/proc/{entry.name}/stat", "rb") as stat:
                    fields = stat.read().rsplit(b")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                children.append(int(entry.name))
    return children


def _widen_pipe(fd: int) -> None:
    """Grow a pipe's buffer (Linux): big arrays then cross in far fewer context switches."""
    try:
        fcntl.fcntl(fd, F_SETPIPE_SZ, PIPE_BYTES)
    except OSError:
        pass  # not Linux, or over /proc/sys/fs/pipe-max-size: the default buffer works too


def _describe(header: dict) -> str:
    if "function" in header:
        return header["function"].replace(":", ".")
    if "method" in header:
        return f"method {header['method']}"
    if header.get("op") == "import":
        return f"import of {header['module']}"
    return f"{header.get('op')} request"


@dataclass(frozen=True)
class Sandbox:
    """The one factory of workers: every process that runs student (or reference) code starts
    here, under the same isolation and limits, so their timings and containment compare.
    `warning` says when the isolation is weaker than asked for (no bubblewrap here)."""

    isolation: Isolation = Isolation()
    limits: Limits = Limits()
    warning: str = ""

    def start(
        self,
        root: Path,
        env: dict[str, str] | None = None,
        binds: tuple[Path, ...] = (),
        group: int | None = None,
        writable: bool = True,
    ) -> SandboxWorker:
        """A started worker on `root`; use it as a context manager, or close() it."""
        worker = SandboxWorker(root, self.limits, self.isolation, env, binds, group, writable)
        return worker.start()

    def start_zygote(
        self,
        root: Path,
        env: dict[str, str] | None = None,
        binds: tuple[Path, ...] = (),
        group: int | None = None,
        writable: bool = True,
    ) -> Zygote:
        """A started Zygote on `root`: fork() gives workers that share its sandbox."""
        return Zygote(root, self.limits, self.isolation, env, binds, group, writable).start()

    @property
    def description(self) -> str:
        return self.isolation.describe(self.limits)
