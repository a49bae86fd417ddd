"""Identities for student processes when the grader runs as root: a uid of its own for every
worker and a gid for every submission, from ranges no account uses, each held by a lock file
while in use, so that two gradings (threads, processes, Dask workers) never share one.

    with Identities.acquire() as ids:          # ids.uid for one worker, ids.gid for its group
        ...
    sweep(ids.uid)                              # kill every process left running as that uid

A uid of its own is what makes the sandbox's edges sharp without namespaces: the student's
code cannot signal or ptrace the grader or another student's worker, RLIMIT_NPROC caps its
fork bombs, and after the worker ends every process still running as that uid (a daemon that
double-forked and called setsid) is found in /proc and killed.
"""

from __future__ import annotations

import fcntl
import os
import random
import signal
import time
from dataclasses import dataclass
from pathlib import Path

# Inside 0..65535, so the ids also exist in containers that map only that many, and above
# the ranges distributions hand out (Debian: 1000-59999 users, 61184-65519 dynamic ones).
UIDS = range(60100, 61100)
GIDS = range(60100, 61100)
LOCKS = Path("/run/cs231n-grader") if os.path.isdir("/run") else Path("/tmp/.cs231n-grader")
SWEEP_ROUNDS = 50  # a process may fork while we kill; each round kills what it finds


def dropping_privileges() -> bool:
    """Whether workers run under an identity of their own (only root can switch)."""
    return os.geteuid() == 0


@dataclass
class Lease:
    """One id held by this process until release()."""

    id: int
    fd: int

    def release(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)  # closing drops the flock
            self.fd = -1


def lease(kind: str) -> Lease:
    """A uid ("uid") or gid ("gid") nobody else holds; kill what runs as a stale uid first."""
    ids = UIDS if kind == "uid" else GIDS
    LOCKS.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(LOCKS, 0o700)  # student processes must not hold or break our locks
    start = random.randrange(len(ids))
    for offset in range(len(ids)):
        number = ids[(start + offset) % len(ids)]
        fd = os.open(LOCKS / f"{kind}-{number}", os.O_CREAT | os.O_RDWR, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            continue
        if kind == "uid":
            sweep(number)  # a grader that crashed may have left its student's processes
        return Lease(number, fd)
    raise RuntimeError(f"all {len(ids)} sandbox {kind}s are in use")


def processes_of(uid: int) -> list[int]:
    """Pids of every live process whose real or effective uid is `uid`, in any pid namespace
    (zombies are already dead and left out)."""
    found = []
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/status", "rb") as status:
                fields = dict(line.split(b":", 1) for line in status if b":" in line)
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
        if fields.get(b"State", b"").strip().startswith(b"Z"):
            continue
        real, effective = fields.get(b"Uid", b"-1 -1").split()[:2]
        if uid in (int(real), int(effective)):
            found.append(int(entry.name))
    return found


def sweep(uid: int) -> int:
    """Kill every process running as `uid`, until none is left; returns how many were killed."""
    killed = 0
    for _ in range(SWEEP_ROUNDS):
        pids = processes_of(uid)
        if not pids:
            return killed
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
                killed += 1
            except ProcessLookupError:
                pass
        time.sleep(0.01)
    return killed
