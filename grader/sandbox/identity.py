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


def _id_range(default: range) -> range:
    """`$GRADER_SANDBOX_IDS` ("60100-61099") or the default: sites whose accounts use those
    ids choose other ones, and tests that grade in parallel take disjoint blocks."""
    text = os.environ.get("GRADER_SANDBOX_IDS", "")
    first, _, last = text.partition("-")
    if first.isdigit() and last.isdigit() and 0 < int(first) <= int(last):
        return range(int(first), int(last) + 1)
    return default


# Inside 0..65535, so the ids also exist in containers that map only that many, and above
# the ranges distributions hand out (Debian: 1000-59999 users, 61184-65519 dynamic ones).
# Uids and gids are separate number spaces, so one range serves both.
UIDS = GIDS = _id_range(range(60100, 61100))
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
    """Kill every process running as `uid`, until none is left; returns how many rounds it took.

    Each round kills by pid what /proc shows, then has a helper of that uid call kill(-1),
    which the kernel applies to all of the uid's processes at once, so a process forking while
    we look cannot leave a child behind."""
    for rounds in range(1, SWEEP_ROUNDS + 1):
        pids = processes_of(uid)
        if not pids:
            return rounds - 1
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        _kill_all_as(uid)
        time.sleep(0.005 * rounds)
    return SWEEP_ROUNDS


def _kill_all_as(uid: int) -> None:
    """Fork a child that becomes `uid` and sends SIGKILL to every process of it (itself spared
    by the kernel, then gone)."""
    pid = os.fork()
    if pid == 0:  # the child: only system calls, then _exit
        try:
            os.setgroups([])
            os.setresgid(uid, uid, uid)
            os.setresuid(uid, uid, uid)
            os.kill(-1, signal.SIGKILL)
        except BaseException:  # noqa: BLE001 - nothing may escape a forked child
            pass
        os._exit(0)
    os.waitpid(pid, 0)
