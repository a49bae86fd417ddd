"""GradingSession: every worker one submission's grading uses, started from one Sandbox.

    with GradingSession(grading, tree) as session:
        verdict = check.grade(session.student(check), fixture, session.context)

Each student module's checks get a worker of their own (restarted after a timeout or a
crash), so code in one module that breaks its process (monkeypatched numpy, a fork bomb) costs
only that module's checks and those that declare they use it. Function workers see a
read-only copy of the tree; each notebook run gets a writable copy and a kernel of its own;
timing baselines come from a worker on the reference. All of them start through the run's Sandbox
(same isolation, same limits), so a baseline is measured in the same kind of process.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from grader.checks import Check, GradeContext
from grader.datasets import dataset_folder, load_generator
from grader.errors import GraderError
from grader.notebooks.timings import cell_timeouts

if TYPE_CHECKING:  # nbclient and jupyter_client take 0.3 s to import: only for notebook runs
    from grader.notebooks.execute import ExecutedNotebook
from grader.sandbox import Sandbox, SandboxWorker, Student, StudentException, WorkerTimeout
from grader.sandbox.identity import Lease, dropping_privileges, lease
from grader.sandbox.process import Zygote

SHARED = ""  # the worker of checks whose unit is no function of a student module


class GradingSession:
    """The workers of one grading tree, and the context its checks see."""

    def __init__(self, grading, tree: Path, traces: dict[str, list] | None = None):
        self.grading = grading
        self.tree = Path(tree)  # as submitted: the checks read its source, no worker writes it
        self.traces = traces  # check name -> values sent back, when the caller wants them
        self.options = grading.options
        self.sandbox: Sandbox = self.options.sandbox()
        self.workers: dict[str, SandboxWorker] = {}  # student module -> its worker
        self.reference_worker: SandboxWorker | None = None
        self._zygote: Zygote | None = None  # forks the function workers
        self.broken: dict[str, str] = {}  # module -> why it cannot be imported
        self.shared: dict = {}  # what the checks computed once for this submission (Student.once)
        self._dataset: Path | None = None
        self._scratch: Path | None = None  # holds the workers' copies of the tree
        self._staged: Path | None = None
        self._group: Lease | None = None  # the submission's gid, when the grader is root
        self.executed: dict[str, ExecutedNotebook] = {}  # notebook -> its run, for staff
        self._runs: dict[tuple[str, bool], ExecutedNotebook] = {}  # (notebook, timed) -> run
        self._notebook_locks: dict[tuple[str, bool], threading.Lock] = {}
        self._lock = threading.Lock()  # notebook threads share the dataset, scratch, reference
        self.context = GradeContext(
            root=self.tree,
            assignment=grading.assignment,
            reference=self.reference,
            notebook_dataset=self.options.dataset,
            run_notebook=self.run_notebook,
            generator=lambda name: load_generator(grading.assignment, name),
            baseline=self.baseline,
            built_inputs=grading.built_inputs,
        )

    def __enter__(self) -> GradingSession:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def description(self) -> str:
        return self.sandbox.description

    def timeout_s(self, check: Check) -> float:
        """The per-call timeout of a check: its own or the run's, scaled for slow machines."""
        return (check.timeout_s or self.sandbox.limits.call_timeout_s) * self.options.timeout_scale

    def student(self, check: Check) -> Student | None:
        """The worker of the check's module as the check sees it (None for checks that start
        their own)."""
        if check.fresh_worker:
            return None
        worker = self._function_worker(self._module(check))
        trace = None if self.traces is None else self.traces.setdefault(check.name, [])
        return Student(worker, self.timeout_s(check), self.broken, trace=trace, shared=self.shared)

    def run_notebook(
        self, notebook: str, exports: dict[str, str], timed: bool = True
    ) -> ExecutedNotebook:
        """Run one of the tree's notebooks on a kernel of its own, on a writable copy of the
        tree of its own, with the dataset folder readable and named in the environment; each
        cell's timeout comes from the reference's own time for it (`timed=False`: only the
        notebook's budget, to record those times). The executed notebook is kept for staff
        (see executed).

        Checks of one notebook share one run: the first to ask saves the exports of every
        check of that notebook (Check.notebook_exports), and the others get the same run."""
        with self._lock:
            lock = self._notebook_locks.setdefault((notebook, timed), threading.Lock())
        with lock:
            run = self._runs.get((notebook, timed))
            if run is None or not set(exports) <= {*run.exports, *run.export_errors}:
                wanted = shared_exports(self.grading.checks, notebook)
                run = self._execute_notebook(notebook, {**wanted, **exports}, timed)
                self._runs[(notebook, timed)] = run
        return run

    def _execute_notebook(
        self, notebook: str, exports: dict[str, str], timed: bool
    ) -> ExecutedNotebook:
        from grader.notebooks.execute import execute_notebook

        folder = self.dataset()
        env = {self.grading.assignment.dataset_env: str(folder)}
        settings, scale = self.grading.assignment.notebooks, self.options.timeout_scale
        timeouts = cell_timeouts(self.grading.assignment, notebook) if timed else {}
        default_s = settings.new_cell_timeout_s if timed else settings.budget_s
        tree, group = self._copy(writable=True)
        try:
            run = execute_notebook(
                self.sandbox, tree, notebook, env, (folder,), group,
                {cell: seconds * scale for cell, seconds in timeouts.items()},
                default_s * scale, settings.budget_s * scale, exports,
            )  # fmt: skip
        finally:
            shutil.rmtree(tree, ignore_errors=True)
        with self._lock:
            self.executed[notebook] = run
        return run

    def baseline(self, name: str, compute) -> float:
        """The reference's timing for check `name`, kept on the grading once measured."""
        store, lock = self.grading.baselines, self.grading.baseline_lock
        with lock:
            if name in store:
                return store[name]
        value = compute()
        with lock:
            return store.setdefault(name, value)

    def reference(self) -> Student:
        """A worker on the reference, started on first use (timing baselines)."""
        with self._lock:
            if self.reference_worker is None or not self.reference_worker.alive:
                self.reference_worker = self.sandbox.start(
                    self.grading.assignment.reference, writable=False
                )
        return Student(self.reference_worker, self.sandbox.limits.reference_call_timeout_s, {})

    def dataset(self) -> Path:
        """The folder of the dataset notebooks run on (generated on first use, then cached)."""
        with self._lock:
            if self._dataset is None:
                self._dataset = dataset_folder(
                    self.grading.assignment, self.options.dataset, self.options.data_dir
                )
        return self._dataset

    def warnings(self) -> list[str]:
        """Weaker isolation than asked for, and student modules that could not be imported."""
        return [w for w in (self.sandbox.warning,) if w] + list(self.broken.values())

    def release_worker(self, check: Check) -> None:
        """Stop the worker of the check's module; its next check starts a new one."""
        worker = self.workers.pop(self._module(check), None)
        if worker is not None:
            worker.close()

    def release_workers(self) -> None:
        """Stop every function worker (their memory is better spent on notebook runs)."""
        while self.workers:
            self.workers.popitem()[1].close()
        if self._zygote is not None:
            self._zygote.close()
            self._zygote = None

    def close(self) -> None:
        """Every worker dead and swept, the copies gone, the identities given back."""
        self.release_workers()
        if self.reference_worker is not None:
            self.reference_worker.close()
            self.reference_worker = None
        if self._scratch is not None:
            shutil.rmtree(self._scratch, ignore_errors=True)
            self._scratch = self._staged = None
        if self._group is not None:
            self._group.release()
            self._group = None

    def _module(self, check: Check) -> str:
        return self.grading.modules.get(check.unit, SHARED)

    def _function_worker(self, module: str) -> SandboxWorker:
        worker = self.workers.get(module)
        if worker is None or not worker.alive:
            if worker is not None:
                worker.close()
            worker = self.workers[module] = self._fresh_function_worker()
            if module and module not in self.broken:
                self._import(module, worker)
        return self.workers[module]

    def _fresh_function_worker(self) -> SandboxWorker:
        """A new worker on the read-only tree, forked from the submission's zygote (started
        once, in the same sandbox as any worker); a zygote that died is started again."""
        if self._zygote is None or not self._zygote.alive:
            if self._zygote is not None:
                self._zygote.close()
            tree, group = self._read_only_tree()
            self._zygote = self.sandbox.start_zygote(tree, group=group, writable=False)
        return self._zygote.fork()

    def _import(self, module: str, worker: SandboxWorker) -> None:
        """Import the module once; remember it if it fails, and why."""
        path = module if module.endswith(".ipynb") else module.replace(".", "/") + ".py"
        try:
            worker.request({"op": "import", "module": module},
                           timeout_s=self.sandbox.limits.call_timeout_s)  # fmt: skip
        except StudentException as error:
            self.broken[module] = f"{path} could not be imported: {error.summary()}"
        except WorkerTimeout as error:
            self.broken[module] = f"{path} could not be imported: {error}"
            worker.close()
            self.workers[module] = self._fresh_function_worker()

    def _read_only_tree(self) -> tuple[Path, int | None]:
        """The function workers' copy of the tree, which they may read but not change: one
        module's code cannot delete or rewrite another's files, and the checks read the source
        as it was handed in (code that rewrites its own file cannot change what a source rule
        sees)."""
        with self._lock:
            if self._staged is None:
                self._staged = self._copy_locked(writable=False)
        return self._staged, (self._group.id if self._group else None)

    def _copy(self, writable: bool) -> tuple[Path, int | None]:
        with self._lock:
            tree = self._copy_locked(writable)
        return tree, (self._group.id if self._group else None)

    def _copy_locked(self, writable: bool) -> Path:
        if self._scratch is None:
            self._scratch = Path(tempfile.mkdtemp(prefix="grader-session-"))
            if dropping_privileges():
                self._group = lease("gid")
                os.chmod(self._scratch, 0o711)  # passable, not listable, by the workers
        copy = Path(tempfile.mkdtemp(prefix="tree-", dir=self._scratch))
        shutil.copytree(self.tree, copy, symlinks=True, dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns("__pycache__"))  # fmt: skip
        if self._group is not None:
            share_with_group(copy, self._group.id, writable)
        return copy


def shared_exports(checks, notebook: str) -> dict[str, str]:
    """Every export the checks read from a run of `notebook`, one expression per name.

    Raises
    ------
    GraderError
        When two checks save different expressions under one name.
    """
    exports: dict[str, str] = {}
    for check in checks:
        for name, expression in check.notebook_exports(notebook).items():
            if exports.setdefault(name, expression) != expression:
                raise GraderError(f"{notebook}: two checks export {name!r} as different "
                                  f"expressions ({exports[name]!r}, {expression!r})")  # fmt: skip
    return exports


def share_with_group(folder: Path, gid: int, writable: bool) -> None:
    """Give a tree to group `gid` (and no other user): folders 2770 or 2750 (new files join
    the group), files 0660 or 0640, plus x where the file is executable."""
    folder_mode, file_mode = (0o2770, 0o660) if writable else (0o2750, 0o640)
    for path in [folder, *folder.rglob("*")]:
        os.lchown(path, -1, gid)
        if path.is_symlink():
            continue
        if path.is_dir():
            os.chmod(path, folder_mode)
        else:
            executable = path.stat().st_mode & 0o100
            os.chmod(path, file_mode | (0o110 if executable else 0))
