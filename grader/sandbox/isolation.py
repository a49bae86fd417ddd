"""Isolation: how a worker process is contained, as one object that builds its command.

    command = isolation.command(argv, root=tree, home=private_home, binds=(dataset,))

Every process that runs student code starts through `Sandbox.start`, which asks the isolation
for the command. Every level keeps the worker's own rlimits, a scrubbed environment and, when
the grader is root, an unprivileged uid of its own (identity.py). `bwrap` adds Linux
namespaces around it: the student's code sees a read-only system, its own copy of the
submission, a private /tmp and nothing else of the machine.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from grader.sandbox.identity import dropping_privileges

SYSTEM_DIRS = ("/usr",)  # read-only; /bin, /lib, /lib64, /sbin follow as links or binds
SYSTEM_LINKS = ("/bin", "/lib", "/lib64", "/sbin")
SYSTEM_FILES = ("/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/localtime")
SYSTEM_FILE_DIRS = ("/etc/ld.so.conf.d", "/etc/fonts")  # fonts: matplotlib through fontconfig
SANDBOX_HOSTNAME = "sandbox"


@dataclass(frozen=True)
class Isolation:
    """The base level, `process`: the worker's rlimits, a scrubbed environment and (as root)
    a uid of its own; nothing around the process."""

    name: ClassVar[str] = "process"

    def command(
        self,
        argv: list[str],
        root: Path,
        home: Path,
        binds: tuple[Path, ...],
        writable: bool = True,
    ) -> list[str]:
        """The command that runs `argv` for a worker on the tree `root` (writable or not) whose
        private, writable home is `home`; `binds` are folders it must be able to read."""
        return list(argv)

    def describe(self, limits) -> str:
        """One line for the report: what contains the student's code."""
        return "; ".join([
            f"{self.name} isolation",
            f"rlimits (cpu {limits.cpu_s} s, memory {limits.memory_mb} MB, "
            f"files {limits.file_size_mb} MB, {limits.processes} processes)",
            "a uid of its own" if dropping_privileges() else "the grader's own user (not root)",
            "scrubbed environment",
            "1 BLAS thread",
            self.surroundings(),
        ])  # fmt: skip

    def surroundings(self) -> str:
        return "no namespaces: the grader's files and the network stay reachable"

    def problem(self) -> str | None:
        """Why this level cannot work here, or None. A worker running as a uid of its own
        imports Python's modules from their real place, so other users must be able to read
        them (bwrap binds them wherever they are)."""
        if not dropping_privileges():
            return None
        for folder in python_folders():
            closed = _closed_to_others(folder)
            if closed:
                return (f"the sandbox's users cannot read the Python installation: {closed} is "
                        "closed to other users; install the grader with a Python they can "
                        "read (`make` does, as root) or use --isolation bwrap")  # fmt: skip
        return None


@dataclass(frozen=True)
class WrapperIsolation(Isolation):
    """A fixed command in front of the worker's (a site's own container launcher)."""

    prefix: tuple[str, ...] = ()
    name: ClassVar[str] = "wrapper"

    def command(self, argv, root, home, binds, writable=True) -> list[str]:
        return [*self.prefix, *argv]

    def surroundings(self) -> str:
        return f"wrapper: {Path(self.prefix[0]).name}" if self.prefix else super().surroundings()


@dataclass(frozen=True)
class BwrapIsolation(Isolation):
    """bubblewrap: new mount, pid, net, ipc and uts namespaces (and a user namespace when the
    grader is not root, which is what lets bwrap run unprivileged); the system read-only; the
    submission's tree, the private home and a private /tmp the only writable places; nothing of
    the grader's checks, fixtures, reference, other submissions, results or home in view; the
    sandbox dies with the grader."""

    name: ClassVar[str] = "bwrap"

    def command(self, argv, root, home, binds, writable=True) -> list[str]:
        command = [bwrap_path(), *namespace_flags(), "--die-with-parent", "--new-session",
                   "--hostname", SANDBOX_HOSTNAME, "--proc", "/proc", "--dev", "/dev",
                   "--perms", "1777", "--tmpfs", "/tmp"]  # fmt: skip
        command += system_binds()
        made: set[Path] = set()
        mounts = [*(("--ro-bind", f) for f in (*python_folders(), *binds)),
                  ("--bind" if writable else "--ro-bind", root), ("--bind", home)]  # fmt: skip
        for flag, folder in mounts:
            command += _parents(Path(folder), made) + [flag, str(folder), str(folder)]
        return [*command, "--chdir", str(root), "--", *argv]

    def surroundings(self) -> str:
        return ("bubblewrap namespaces (mount, pid, net, ipc, uts): read-only system, only the "
                "submission's copy and a private /tmp writable, no network")  # fmt: skip

    def problem(self) -> str | None:
        return bwrap_problem()


# The levels `--isolation` offers, by name; "auto" picks bwrap wherever it works.
ISOLATIONS: dict[str, type[Isolation]] = {"process": Isolation, "bwrap": BwrapIsolation}


def isolation_named(name: str) -> tuple[Isolation, str]:
    """(isolation, warning) for a name of the command line: "auto" is bwrap where it works and
    otherwise process, with a warning that says why; asking for bwrap where it cannot work is
    an error.

    Raises
    ------
    ValueError
        For an unknown name, or "bwrap" where bubblewrap cannot run.
    """
    warning = ""
    if name == "auto":
        problem = bwrap_problem()
        name = "bwrap" if problem is None else "process"
        if problem:
            warning = (f"bubblewrap cannot run here ({problem}); student code ran under "
                       "'process' isolation, which does not hide the grader's files or block "
                       "the network")  # fmt: skip
    if name not in ISOLATIONS:
        known = ", ".join(["auto", *ISOLATIONS])
        raise ValueError(f"unknown isolation {name!r}; expected one of {known}")
    isolation = ISOLATIONS[name]()
    if (problem := isolation.problem()) is not None:
        raise ValueError(f"{name} isolation cannot work here: {problem}")
    return isolation, warning


@functools.cache
def bwrap_problem() -> str | None:
    """Why bubblewrap cannot sandbox here (not installed, no namespaces), or None if it can."""
    if not sys.platform.startswith("linux"):
        return "it needs Linux"
    if shutil.which("bwrap") is None:
        return "bwrap is not installed; `apt-get install bubblewrap`"
    probe = [bwrap_path(), *namespace_flags(), "--die-with-parent", *system_binds(),
             "--proc", "/proc", "--dev", "/dev", "true"]  # fmt: skip
    try:
        done = subprocess.run(probe, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError) as error:
        return f"bwrap failed to start: {error}"
    if done.returncode != 0:
        said = done.stderr.strip().splitlines()
        return f"bwrap refused: {said[-1] if said else f'exit status {done.returncode}'}"
    return None


def _parents(path: Path, made: set[Path]) -> list[str]:
    """Create the folders above a mount point as 0755 (bwrap would make them 0700, which an
    unprivileged uid cannot pass)."""
    flags = []
    for parent in reversed(path.parents):
        if parent in (Path("/"), Path("/tmp"), Path("/usr")) or parent in made:
            continue
        flags += ["--perms", "0755", "--dir", str(parent)]
        made.add(parent)
    return flags


@functools.cache
def bwrap_path() -> str:
    return shutil.which("bwrap") or "bwrap"


def namespace_flags() -> list[str]:
    """As root, bwrap needs no user namespace (and the worker then drops to a real
    unprivileged uid); otherwise the user namespace is what lets it run at all."""
    flags = ["--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts",
             "--unshare-cgroup-try"]  # fmt: skip
    return flags if dropping_privileges() else ["--unshare-user", *flags]


@functools.cache
def system_binds() -> tuple[str, ...]:
    """The read-only system: /usr, the merged-/usr links (or their folders), the loader's
    configuration. Nothing else of /etc, no home, no /root, no /work."""
    binds: list[str] = []
    for folder in SYSTEM_DIRS:
        binds += ["--ro-bind", folder, folder]
    for path in SYSTEM_LINKS:
        if os.path.islink(path):
            binds += ["--symlink", os.readlink(path), path]
        elif os.path.isdir(path):
            binds += ["--ro-bind", path, path]
    for path in (*SYSTEM_FILES, *SYSTEM_FILE_DIRS):
        if os.path.exists(path):
            binds += ["--ro-bind", path, path]
    return tuple(binds)


@functools.cache
def python_folders() -> tuple[Path, ...]:
    """The interpreter and its packages, wherever they live (a venv, pyenv under /root)."""
    folders = {Path(sys.prefix).resolve(), Path(sys.base_prefix).resolve(),
               Path(sys.executable).resolve().parent.parent}  # fmt: skip
    usr = Path("/usr")
    return tuple(sorted(f for f in folders if not f.is_relative_to(usr)))


def _closed_to_others(folder: Path) -> Path | None:
    """The first folder on the way to `folder` (itself included) that other users cannot
    pass, or None."""
    for path in [*reversed(folder.parents), folder]:
        try:
            if not path.stat().st_mode & 0o001:
                return path
        except OSError:
            return path
    return None
