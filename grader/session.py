"""GradingSession: every worker one submission's grading uses, started from one Sandbox.

    with GradingSession(grading, tree) as session:
        verdict = check.grade(session.student(check), fixture, session.context)

The function checks share one worker on the student's tree, restarted after a timeout or a
crash; notebook runs get a fresh worker each; timing baselines and fixtures come from a worker
on the reference. All of them start through the run's Sandbox (same isolation, same limits),
so a timing baseline is measured in the same kind of process as the student's code.
"""

from __future__ import annotations

import contextlib
import threading
from pathlib import Path

from grader.checks import Check, GradeContext
from grader.datasets import dataset_folder, load_generator
from grader.sandbox import Sandbox, SandboxWorker, Student, StudentException, WorkerTimeout


class GradingSession:
    """The workers of one grading tree, and the context its checks see."""

    def __init__(self, grading, tree: Path, traces: dict[str, list] | None = None):
        self.grading = grading
        self.tree = Path(tree)
        self.traces = traces  # check name -> values sent back, when the caller wants them
        self.options = grading.options
        self.sandbox: Sandbox = self.options.sandbox()
        self.worker: SandboxWorker | None = None
        self.reference_worker: SandboxWorker | None = None
        self.broken: dict[str, str] = {}  # module -> why it cannot be imported
        self._dataset: Path | None = None
        self._lock = threading.Lock()  # notebook threads share the dataset and the reference
        self.context = GradeContext(
            root=self.tree,
            assignment=grading.assignment,
            reference=self.reference,
            notebook_dataset=self.options.dataset,
            fresh_student=self.fresh_student,
            generator=lambda name: load_generator(grading.assignment, name),
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
        """The shared worker as `check` sees it (None for checks that start their own)."""
        if check.fresh_worker:
            return None
        trace = None if self.traces is None else self.traces.setdefault(check.name, [])
        return Student(self._function_worker(), self.timeout_s(check), self.broken, trace=trace)

    @contextlib.contextmanager
    def fresh_student(self, timeout_s: float):
        """A worker of its own for one check (a notebook run), its dataset folder readable and
        named in the environment."""
        folder = self.dataset()
        env = {self.grading.assignment.dataset_env: str(folder)}
        with self.sandbox.start(self.tree, env=env, binds=(folder,)) as worker:
            yield Student(worker, timeout_s * self.options.timeout_scale, {})

    def reference(self) -> Student:
        """A worker on the reference, started on first use (timing baselines)."""
        with self._lock:
            if self.reference_worker is None or not self.reference_worker.alive:
                self.reference_worker = self.sandbox.start(self.grading.assignment.reference)
        return Student(self.reference_worker, self.sandbox.limits.reference_call_timeout_s, {})

    def dataset(self) -> Path:
        """The folder of the dataset notebooks run on (generated on first use, then cached)."""
        with self._lock:
            if self._dataset is None:
                self._dataset = dataset_folder(
                    self.grading.assignment, self.options.dataset, self.options.data_dir
                )
        return self._dataset

    def import_warnings(self) -> list[str]:
        return list(self.broken.values())

    def release_worker(self) -> None:
        """Stop the function checks' worker; the next function check starts a new one."""
        if self.worker is not None:
            self.worker.close()
            self.worker = None

    def close(self) -> None:
        self.release_worker()
        if self.reference_worker is not None:
            self.reference_worker.close()
            self.reference_worker = None

    def _function_worker(self) -> SandboxWorker:
        if self.worker is None or not self.worker.alive:
            self.release_worker()
            self.worker = self.sandbox.start(self.tree)
            self._import_student_modules()
        return self.worker

    def _import_student_modules(self) -> None:
        """Import each student module once; remember those that fail and why."""
        for path in self.grading.assignment.student_files:
            if not path.endswith(".py"):
                continue
            module = path.removesuffix(".py").replace("/", ".")
            if module in self.broken:
                continue
            try:
                self.worker.request(
                    {"op": "import", "module": module},
                    timeout_s=self.sandbox.limits.call_timeout_s,
                )
            except StudentException as error:
                self.broken[module] = f"{path} could not be imported: {error.summary()}"
            except WorkerTimeout as error:
                self.broken[module] = f"{path} could not be imported: {error}"
                self.release_worker()
                self.worker = self.sandbox.start(self.tree)
