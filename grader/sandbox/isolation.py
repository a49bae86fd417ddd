"""Isolation: how a worker process is contained, as one object that builds its command.

    command = isolation.command(argv, root=tree, home=private_home, binds=(dataset,))

Every process that runs student code starts through `Sandbox.start`, which asks the isolation
for the command. The worker always sets its own rlimits and runs with a scrubbed environment;
an isolation adds what surrounds it (a wrapper command, namespaces) and describes itself in one
line for the report.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar


@dataclass(frozen=True)
class Isolation:
    """The base level: the worker's own rlimits and a scrubbed environment, nothing around it."""

    name: ClassVar[str] = "process"

    def command(
        self, argv: list[str], root: Path, home: Path, binds: tuple[Path, ...]
    ) -> list[str]:
        """The command that runs `argv` for a worker on the tree `root` whose private,
        writable home is `home`; `binds` are folders it must be able to read."""
        return list(argv)

    def describe(self, limits) -> str:
        """One line for the report: what contains the student's code."""
        processes = f"{limits.processes} processes" + (
            " (root ignores this cap)" if os.geteuid() == 0 else ""
        )
        return "; ".join([
            f"rlimits (cpu {limits.cpu_s} s, memory {limits.memory_mb} MB, "
            f"files {limits.file_size_mb} MB, {processes})",
            "scrubbed environment",
            "1 BLAS thread",
            self.surroundings(),
        ])  # fmt: skip

    def surroundings(self) -> str:
        return "no namespace sandbox"


@dataclass(frozen=True)
class WrapperIsolation(Isolation):
    """A fixed command in front of the worker's (a site's own container launcher)."""

    prefix: tuple[str, ...] = ()
    name: ClassVar[str] = "wrapper"

    def command(
        self, argv: list[str], root: Path, home: Path, binds: tuple[Path, ...]
    ) -> list[str]:
        return [*self.prefix, *argv]

    def surroundings(self) -> str:
        return f"wrapper: {Path(self.prefix[0]).name}" if self.prefix else "no namespace sandbox"


# The levels `--isolation` offers, by name.
ISOLATIONS: dict[str, type[Isolation]] = {"process": Isolation}


def isolation_named(name: str) -> Isolation:
    """The isolation level called `name` on the command line."""
    try:
        return ISOLATIONS[name]()
    except KeyError:
        known = ", ".join(ISOLATIONS)
        raise ValueError(f"unknown isolation {name!r}; expected one of {known}") from None
