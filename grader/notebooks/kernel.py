"""SandboxKernelManager: an IPython kernel started inside the sandbox, reached over IPC.

    km = SandboxKernelManager(sandbox, tree, env={"CIFAR10_DIR": data}, binds=(data,))
    await km.start_kernel()      # then hand km to nbclient; km.cleanup_sandbox() at the end

The kernel is confined like a function worker (Sandbox's isolation and limits, a uid of its
own as root) and started by grader/sandbox/kernel.py. A fresh network namespace has no usable
TCP, so the kernel listens on IPC sockets in its private home, which the grader shares.
Interrupts travel as messages on the control channel: signals would stop at the sandbox.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

from jupyter_client.kernelspec import KernelSpec
from jupyter_client.manager import AsyncKernelManager

from grader.sandbox import Sandbox
from grader.sandbox.process import SANDBOX_DIR, Confinement, rlimits

KERNEL_SCRIPT = SANDBOX_DIR / "kernel.py"
MAX_EXPORT_MB = 256  # largest exported value the grader reads


class SandboxKernelManager(AsyncKernelManager):
    """A kernel manager whose kernel runs on `tree` in the sandbox, writing as `group`."""

    def __init__(self, sandbox: Sandbox, tree: Path, env: dict[str, str], binds=(), group=None):
        confinement = Confinement(group)
        home = confinement.home
        super().__init__(transport="ipc", ip=str(home / "ipc"),
                         connection_file=str(home / "kernel.json"))  # fmt: skip
        self.confinement = confinement
        self.sandbox = sandbox
        self.tree = Path(tree)
        self.binds = tuple(binds)
        self.output_log = None
        self.kernel_env = confinement.environment({
            **env,
            "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
            "JUPYTER_CONFIG_DIR": str(home / "jupyter"),
            "IPYTHONDIR": str(home / "ipython"),
            "MPLCONFIGDIR": str(home / "matplotlib"),
        })  # fmt: skip

    @property
    def kernel_spec(self) -> KernelSpec:
        return KernelSpec(argv=[], display_name="Python 3 (sandboxed)", language="python",
                          interrupt_mode="message")  # fmt: skip

    def format_kernel_cmd(self, extra_arguments: list[str] | None = None) -> list[str]:
        limits = rlimits(self.sandbox.limits)
        # The grader's export code writes the notebook's arrays (a kNN training set is 120 MB)
        # from inside the kernel, under the kernel's limits.
        limits["RLIMIT_FSIZE"] = max(limits["RLIMIT_FSIZE"], MAX_EXPORT_MB << 20)
        config = {"rlimits": limits, "identity": self.confinement.identity}
        # -E -s, not -I: IPython puts the notebook's folder on sys.path only when Python's
        # safe-path flag (which -I sets) is off, and notebooks import from their folder.
        argv = [sys.executable, "-E", "-s", str(KERNEL_SCRIPT), str(self.tree),
                self.connection_file, json.dumps(config)]  # fmt: skip
        home = self.confinement.home
        return self.sandbox.isolation.command(argv, self.tree, home, (*self.binds, SANDBOX_DIR))

    def write_connection_file(self, **kwargs) -> None:
        super().write_connection_file(**kwargs)
        path = Path(self.connection_file)
        self.confinement.give(path)  # the kernel, another uid, must read its ports and key
        os.chmod(path, 0o400)

    async def start_sandboxed(self) -> None:
        # independent: no JPY_PARENT_PID, which the kernel, in its own pid namespace, would
        # compare with its parent's pid and take for an orphaned kernel's.
        # Its own output goes to a log the grader keeps, never to the grader's stdout (where
        # a CI runner would read lines such as ::set-output as commands).
        self.output_log = tempfile.TemporaryFile(prefix="grader-kernel-log-")  # noqa: SIM115
        await self.start_kernel(env=self.kernel_env, cwd=str(self.tree), independent=True,
                                stdout=self.output_log, stderr=self.output_log)  # fmt: skip

    async def cleanup_sandbox(self) -> None:
        """Stop the kernel for good, then everything it started, and forget its home."""
        try:
            if self.has_kernel:
                await self.shutdown_kernel(now=True)
        except Exception:  # noqa: BLE001 - already stopped, or its sockets already gone
            pass
        finally:
            self.confinement.release()
            if self.output_log is not None:
                self.output_log.close()
