"""Run a notebook headless on a sandboxed IPython kernel (nbclient), cell by cell.

    run = execute_notebook(sandbox, tree, "knn.ipynb", env, binds, group, timeouts, budget_s,
                           exports={"W": "best_svm.W"})

Each code cell has its own timeout (from the reference's own time, see timings.py) and the
whole notebook a budget; a cell that fails or is cut is recorded (`knn.ipynb cell 14 (In [9]):
timed out after 12 s`) and execution goes on with the next cell, as "Run All" in Jupyter
would if it carried on past errors. Cells that would fetch data or mount Google Drive are
neutralised by rule, not edited in the notebook. Afterwards the grader's own export code saves
the values its checks measure as .npy files in the kernel's private home, read here with
allow_pickle=False.
"""

from __future__ import annotations

import asyncio
import atexit
import os
import re
import stat
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import numpy as np
from nbclient import NotebookClient
from nbclient.exceptions import DeadKernelError

from grader.notebooks.kernel import MAX_EXPORT_MB, SandboxKernelManager
from grader.sandbox import Sandbox

PROBE_TIMEOUT_S = 5.0  # after a cut cell: how long the kernel may take to become idle again
TIMEOUT_ERROR = "CellTimeoutError"
EXPORT_TIMEOUT_S = 60.0  # one exported value (a grader call on the student's function)
EXPORTS_BUDGET_S = 180.0  # all of one run's exports together
# Lines that fetch data, install packages or mount Colab's Drive do nothing in a grading: the
# dataset is already there, offline, and the sandbox has no network.
NEUTRALISED = [
    (re.compile(r"^\s*from\s+google\.colab\s+import|^\s*import\s+google\.colab"), "Colab"),
    (re.compile(r"\bdrive\.mount\("), "Google Drive"),
    (re.compile(r"^\s*[!%]\s*cd\s+(/content|.*drive)"), "Colab folder"),
    (re.compile(r"^\s*(!|%%?(bash|sh|system)\b).*"
                r"\b(pip|conda|wget|curl|git|apt(-get)?|get_datasets)\b"), "download"),
    (re.compile(r"^\s*%(pip|conda)\b"), "install"),
]  # fmt: skip


@dataclass(frozen=True)
class CellProblem:
    """A cell that failed, was cut at its timeout, or was not run."""

    number: int  # 1-based, among all the notebook's cells
    execution_count: int | None
    message: str  # "timed out after 12 s", "NameError: name 'x' is not defined", ...
    timed: bool = False  # cut at its timeout or not run for want of time, not a failure of its own

    def describe(self, notebook: str) -> str:
        counted = f" (In [{self.execution_count}])" if self.execution_count else ""
        return f"{notebook} cell {self.number}{counted}: {self.message}"


@dataclass
class ExecutedNotebook:
    """What running a notebook gave: the notebook with its outputs, the problems in order, the
    exported values, and each code cell's wall time (by cell id)."""

    notebook: nbformat.NotebookNode
    problems: list[CellProblem] = field(default_factory=list)
    exports: dict[str, np.ndarray] = field(default_factory=dict)
    export_errors: dict[str, str] = field(default_factory=dict)
    cell_seconds: dict[str, float] = field(default_factory=dict)
    elapsed_s: float = 0.0


def execute_notebook(
    sandbox: Sandbox,
    tree: Path,
    notebook: str,
    env: dict[str, str],
    binds: tuple[Path, ...] = (),
    group: int | None = None,
    timeouts: dict[str, float] | None = None,
    default_timeout_s: float = 60.0,
    budget_s: float = 900.0,
    exports: dict[str, str] | None = None,
) -> ExecutedNotebook:
    """Run `tree/notebook` on a sandboxed kernel; see the module docstring."""
    nb = nbformat.read(tree / notebook, as_version=4)
    return asyncio.run(_execute(sandbox, tree, nb, env, binds, group, timeouts or {},
                                default_timeout_s, budget_s, exports or {}))  # fmt: skip


def neutralise(source: str) -> str:
    """The cell's source with every line that fetches data or mounts Drive made a comment."""
    lines = []
    for line in source.splitlines():
        for pattern, what in NEUTRALISED:
            if pattern.search(line):
                indent = line[: len(line) - len(line.lstrip())]
                line = f"{indent}pass  # grader: {what} line skipped: {line.strip()[:60]}"
                break
        lines.append(line)
    return "\n".join(lines)


async def _execute(sandbox, tree, nb, env, binds, group, timeouts, default_s, budget_s, exports):
    started = time.monotonic()
    deadline = started + budget_s
    run = ExecutedNotebook(nb)
    km = SandboxKernelManager(sandbox, tree, env, binds, group)
    limit = {"s": default_s}
    client = NotebookClient(
        nb, km=km, timeout_func=lambda cell: limit["s"], allow_errors=True,
        interrupt_on_timeout=True, error_on_timeout={"ename": TIMEOUT_ERROR, "evalue": "",
                                                     "traceback": []},
        record_timing=True, startup_timeout=60, iopub_timeout=5,
        resources={"metadata": {"path": str(tree)}},
    )  # fmt: skip
    # A cut cell's error is only in its execute reply (no output carries it): keep the replies.
    replies: dict[int, dict] = {}
    client.on_cell_executed = lambda cell, cell_index, execute_reply: replies.__setitem__(
        cell_index, execute_reply or {}
    )
    try:
        await km.start_sandboxed()
        async with client.async_setup_kernel():
            for index, cell in enumerate(nb.cells):
                if cell.cell_type != "code" or not cell.source.strip():
                    continue
                left = deadline - time.monotonic()
                if left <= 0:
                    why = f"not run: the notebook's budget of {budget_s:g} s ran out"
                    run.problems.append(CellProblem(index + 1, None, why, timed=True))
                    continue
                limit["s"] = max(1.0, min(timeouts.get(cell.get("id", ""), default_s), left))
                await _run_cell(client, km, cell, index, limit["s"], run, replies)
            if exports:
                await _export(client, km, exports, run)
    finally:
        atexit.unregister(client._cleanup_kernel)  # nbclient's own last resort; ours is here
        await km.cleanup_sandbox()
    run.elapsed_s = time.monotonic() - started
    return run


async def _run_cell(client, km, cell, index, limit_s, run, replies) -> None:
    original = cell.source
    cell.source = neutralise(original)
    started = time.monotonic()
    try:
        await client.async_execute_cell(cell, index, store_history=True)
    except DeadKernelError:
        run.problems.append(CellProblem(index + 1, cell.get("execution_count"),
                                        "the kernel died (out of memory?)"))  # fmt: skip
        await _restart(client, km)
    finally:
        cell.source = original
        elapsed = time.monotonic() - started
        run.cell_seconds[cell.get("id", str(index))] = elapsed
    errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
    reply = replies.pop(index, {}).get("content", {})
    interrupted = any(e.get("ename") == "KeyboardInterrupt" for e in errors)
    cut = reply.get("ename") == TIMEOUT_ERROR or (interrupted and elapsed >= limit_s - 0.5)
    if not errors and not cut:
        return
    if cut:
        why = f"timed out after {limit_s:.0f} s"
        run.problems.append(CellProblem(index + 1, cell.get("execution_count"), why, timed=True))
        if not await _responsive(client):
            await _restart(client, km)  # the cell would not stop; later cells need a kernel
        return
    error = errors[0]
    value = str(error.get("evalue", "")).strip().splitlines()
    message = f"{error.get('ename', 'Error')}: {value[0][:300]}" if value else error.get("ename")
    run.problems.append(CellProblem(index + 1, cell.get("execution_count"), message))


async def _responsive(client) -> bool:
    """Whether the kernel answers a trivial request soon after an interrupt."""
    try:
        reply = await asyncio.wait_for(client.kc.execute_interactive("pass", store_history=False),
                                       PROBE_TIMEOUT_S)  # fmt: skip
        return reply is not None
    except (TimeoutError, RuntimeError):
        return False


async def _restart(client, km) -> None:
    """A fresh kernel (its state is lost; later cells that need it fail with their own errors)."""
    client.kc.stop_channels()
    km.confinement.sweep()
    await km.restart_kernel(now=True, newports=False)
    await client.async_start_new_kernel_client()


async def _export(client, km, exports: dict[str, str], run: ExecutedNotebook) -> None:
    """Save each exported expression as .npy in the kernel's home, then read the files here.

    Each export is a request of its own, with a timeout and an interrupt, so one that loops
    costs only itself (all of them share EXPORTS_BUDGET_S); what the student's code prints
    while an export runs is dropped, never echoed where a CI runner reads commands."""
    folder = km.confinement.home / "exports"
    setup = f"import os as __os, numpy as __np\n__os.makedirs({str(folder)!r}, exist_ok=True)"
    deadline = time.monotonic() + EXPORTS_BUDGET_S
    stopped = ""
    for index, (name, expression) in enumerate(exports.items()):
        if stopped:
            run.export_errors[name] = stopped
            continue
        target, note = folder / f"{name}.npy", folder / f"{name}.error"
        code = "\n".join([
            *([setup] if index == 0 else []),
            "try:",
            f"    __np.save({str(target)!r}, __np.asarray({expression}), allow_pickle=False)",
            "except BaseException as __error:",
            f"    open({str(note)!r}, 'w').write(f'{{type(__error).__name__}}: {{__error}}')",
        ])  # fmt: skip
        limit_s = max(1.0, min(EXPORT_TIMEOUT_S, deadline - time.monotonic()))
        try:
            await asyncio.wait_for(client.kc.execute_interactive(
                code, store_history=False, output_hook=_discard), limit_s)  # fmt: skip
        except (TimeoutError, RuntimeError):
            run.export_errors[name] = f"timed out after {limit_s:.0f} s"
            await km.interrupt_kernel()
            if not await _responsive(client):
                stopped = f"not exported: the kernel stopped answering after {name}"
            continue
        value, error = _read_export(folder, name)
        if error:
            run.export_errors[name] = error
        else:
            run.exports[name] = value


def _discard(message) -> None:
    """Output of the student's code during an export: not the grader's to print."""


def _read_export(folder: Path, name: str) -> tuple[np.ndarray | None, str]:
    """One exported value, read without following links the student's code may have planted."""
    try:
        fd = os.open(folder / f"{name}.npy", os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:
        try:
            fd = os.open(folder / f"{name}.error", os.O_RDONLY | os.O_NOFOLLOW)
            with os.fdopen(fd, "rb") as note:
                return None, note.read(300).decode(errors="replace").strip() or "no value"
        except OSError:
            return None, "not defined after the run"
    with os.fdopen(fd, "rb") as stream:
        info = os.fstat(stream.fileno())
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_EXPORT_MB << 20:
            return None, "too large or not a file"
        try:
            return np.load(stream, allow_pickle=False), ""
        except (ValueError, OSError, EOFError) as error:
            return None, f"not an array ({error})"
