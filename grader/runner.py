"""Runner: from a submission (folder or zip) to a SubmissionResult.

    result = grade_submission(project, Path("alice.zip"))

Flow: open the submission -> find its assignment -> lay out a grading tree (the release, with
the student's files on top, so provided files are always the release's) -> one SandboxWorker
imports the student's modules -> each check runs -> verdicts become CheckResults.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import time
import traceback
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from grader import __version__
from grader.checks import BadOutput, Check, GradeContext, Student
from grader.compare import Verdict
from grader.config import Assignment, Project, load_assignment
from grader.datasets import dataset_folder
from grader.errors import GraderError, SubmissionError
from grader.fixtures import (
    Fixtures,
    compute_fixtures,
    load_fixtures,
    stale_fixtures,
    write_fixtures,
)
from grader.registry import load_checks
from grader.release import MANIFEST_NAME, Release, render_release, write_tree
from grader.results import CheckResult, SubmissionResult
from grader.sandbox import Limits, SandboxWorker, StudentException, WorkerCrashed, WorkerTimeout
from grader.submission import lay_out_tree, open_submission, read_manifest


@dataclass(frozen=True)
class RunOptions:
    """How to grade: worker limits, an optional wrapper command, and which checks."""

    limits: Limits = Limits()
    wrapper: tuple[str, ...] = ()
    only: tuple[str, ...] = ()  # run only checks whose name contains one of these
    units: tuple[str, ...] = ()  # run only checks of these units (exact names)
    skip_kinds: tuple[str, ...] = ()  # leave out checks of these kinds (e.g. "notebook")
    timeout_scale: float = 1.0  # multiply every per-call timeout (slow machines)
    dataset: str = "synthetic"  # the dataset notebooks run on, and whose targets apply
    data_dir: Path | None = None  # its folder, for a dataset that cannot be generated
    # Isolated checks (notebook runs) in parallel, each in its own worker: one per core.
    jobs: int = max(1, min(4, os.cpu_count() or 1))


@dataclass
class Grading:
    """What one grading run needs, loaded and verified once (validate before you grade)."""

    project: Project
    assignment: Assignment
    checks: tuple[Check, ...]
    fixtures: Fixtures
    release: Release
    options: RunOptions = field(default_factory=RunOptions)


def prepare_grading(project: Project, name: str, options: RunOptions = RunOptions()) -> Grading:
    """Load config, checks, fixtures and release of an assignment, and verify they fit."""
    assignment = load_assignment(project, name)
    checks = load_checks(assignment)
    fixtures = load_fixtures(assignment)
    missing = [c.name for c in checks if c.needs_fixture and c.name not in fixtures]
    if missing:
        raise GraderError(
            f"{name}: {len(missing)} check(s) have no fixture, e.g. {missing[0]!r}; "
            "run `make fixtures`"
        )
    return Grading(
        project, assignment, checks, fixtures, render_release(project, assignment), options
    )


def grade_submission(
    project: Project,
    submission: Path,
    assignment: str | None = None,
    options: RunOptions = RunOptions(),
    progress: Callable[[CheckResult], None] | None = None,
) -> SubmissionResult:
    """Grade one submission folder or zip.

    Raises
    ------
    SubmissionError
        When the submission cannot be opened or its assignment cannot be told.
    """
    with tempfile.TemporaryDirectory(prefix="grader-") as scratch:
        scratch = Path(scratch)
        root, warnings = open_submission(Path(submission), scratch / "unpacked")
        manifest = read_manifest(root, warnings)
        name = assignment or (manifest or {}).get("assignment")
        if not name:
            raise SubmissionError(
                f"{submission}: no {MANIFEST_NAME} says which assignment this is; "
                "pass --assignment NAME"
            )
        if assignment and manifest and manifest.get("assignment") not in (None, assignment):
            warnings.append(
                f"{MANIFEST_NAME} says {manifest['assignment']!r}; graded as {assignment!r}"
            )
        grading = prepare_grading(project, name, options)
        if manifest and manifest.get("version") != grading.assignment.version:
            warnings.append(
                f"the submission was made from release {manifest.get('version')!r}; "
                f"graded against release {grading.assignment.version!r}"
            )
        tree = scratch / "tree"
        warnings += lay_out_tree(grading.release, root, tree)
        return grade_tree(grading, tree, str(submission), warnings, progress)


def grade_tree(
    grading: Grading,
    tree: Path,
    label: str,
    warnings: list[str] | tuple[str, ...] = (),
    progress: Callable[[CheckResult], None] | None = None,
    traces: dict[str, list] | None = None,
) -> SubmissionResult:
    """Run every check against a laid-out grading tree.

    With `traces`, every value the student's code sends back during a function check is
    collected there under the check's name (`grader mutants` compares them).
    """
    started = time.monotonic()
    options = grading.options
    checks = _selected(grading.checks, options)
    session = _Session(grading, tree, traces)
    done: dict[str, CheckResult] = {}
    try:
        # Function checks first, alone: their timings should not share the cores with notebook
        # runs. Then the isolated checks (notebook runs), in parallel, each in its own worker.
        for check in checks:
            if not check.isolated:
                done[check.name] = _report(session.run(check, done), progress)
        isolated = [c for c in checks if c.isolated]
        if isolated:
            session.release_worker()  # its memory is better spent on the notebook workers
            session.dataset()  # make (or find) the dataset once, before the threads need it
            finished = dict(done)  # what `requires` may look at; the threads only read it
            with ThreadPoolExecutor(max_workers=max(1, options.jobs)) as pool:
                futures = {c.name: pool.submit(session.run, c, finished) for c in isolated}
                for name, future in futures.items():
                    done[name] = _report(future.result(), progress)
        warnings = [*warnings, *session.import_warnings()]
        isolation = session.isolation
    finally:
        session.close()
    results = [done[c.name] for c in checks]
    assignment = grading.assignment
    return SubmissionResult(
        assignment=assignment.name,
        version=assignment.version,
        submission=label,
        results=tuple(results),
        questions=tuple((q.id, q.title) for q in assignment.questions),
        warnings=tuple(warnings),
        isolation=isolation,
        elapsed_s=time.monotonic() - started,
        grader_version=__version__,
    )


def _report(result: CheckResult, progress: Callable[[CheckResult], None] | None) -> CheckResult:
    if progress:
        progress(result)
    return result


def _selected(checks: tuple[Check, ...], options: RunOptions) -> list[Check]:
    """The checks `only` and `skip_kinds` leave, plus the checks those require, in order."""
    wanted = {
        c.name
        for c in checks
        if (not options.only or any(text in c.name for text in options.only))
        and (not options.units or c.unit in options.units)
        and c.kind not in options.skip_kinds
    }
    for check in reversed(checks):  # requires point backwards, so one reverse pass suffices
        if check.name in wanted:
            wanted.update(check.requires)
    return [c for c in checks if c.name in wanted]


class _Session:
    """The worker of one submission, restarted after a timeout or crash, plus the reference
    worker used for timing baselines (started only if a check needs it)."""

    def __init__(self, grading: Grading, tree: Path, traces: dict[str, list] | None = None):
        self.grading = grading
        self.tree = tree
        self.traces = traces
        self.limits = grading.options.limits
        self.worker: SandboxWorker | None = None
        self.reference_worker: SandboxWorker | None = None
        self.broken: dict[str, str] = {}  # module -> why it cannot be imported
        self.dataset_path: Path | None = None
        self.isolation = SandboxWorker(tree, self.limits, grading.options.wrapper).isolation
        self.context = GradeContext(
            root=tree,
            reference=self.reference,
            datasets={d.name: d for d in grading.assignment.datasets},
            notebook_dataset=grading.options.dataset,
            fresh_student=self.fresh_student,
        )

    def run(self, check: Check, done: dict[str, CheckResult]) -> CheckResult:
        started = time.monotonic()
        blocking = [name for name in check.requires if done[name].status != "passed"]
        if blocking:
            verdict, status = Verdict(0.0, f"not graded until '{blocking[0]}' passes"), "skipped"
        else:
            verdict, status = self._grade(check)
        reason = verdict.reason
        if check.hint and status in ("failed", "partial"):
            reason = f"{reason} (hint: {check.hint})"
        return CheckResult(
            check_id=check.name,
            unit=check.unit,
            question=check.question,
            kind=check.kind,
            points=round(check.points * verdict.fraction, 6),
            max_points=check.points,
            status=status,
            reason=reason,
            detail=verdict.detail,
            hidden=check.hidden,
            elapsed_s=time.monotonic() - started,
        )

    def _grade(self, check: Check) -> tuple[Verdict, str]:
        try:
            student = None  # isolated checks start their own workers (and may run in threads)
            if not check.isolated:
                timeout_s = check.timeout_s * self.grading.options.timeout_scale
                trace = None if self.traces is None else self.traces.setdefault(check.name, [])
                student = Student(self._worker(), timeout_s, self.broken, trace=trace)
            verdict = check.grade(student, self.grading.fixtures.get(check.name), self.context)
        except BadOutput as error:
            return Verdict(0.0, str(error)), "failed"
        except StudentException as error:
            return Verdict(0.0, self._explained(error), error.traceback), "error"
        except WorkerTimeout as error:
            self.release_worker()
            return Verdict(0.0, f"{error} (an infinite loop, or far too slow?)"), "timeout"
        except WorkerCrashed as error:
            self.release_worker()
            return Verdict(0.0, str(error), error.log_tail), "error"
        except Exception as error:  # noqa: BLE001 - a check's own bug must not stop the batch
            # Not a verdict: the points are withheld, not earned or lost, and staff must look.
            detail = "".join(traceback.format_exception(error))
            reason = (
                f"the grader failed in this check ({type(error).__name__}: {error}); "
                "this is not a verdict on your code, please tell the course staff"
            )
            return Verdict(0.0, reason, detail), "internal"
        if verdict.fraction >= 1.0:
            return verdict, "passed"
        return verdict, "partial" if verdict.fraction > 0 else "failed"

    def _explained(self, error: StudentException) -> str:
        """The error's one line; when it was raised in provided code, say so: the cause is what
        the student's code handed to it."""
        path = error.where.partition(":")[0]
        provided = (
            path in self.grading.release.files and path not in self.grading.assignment.student_files
        )
        if provided:
            return f"{error.summary()} (raised in provided code, by what your code gave it)"
        return error.summary()

    def _worker(self) -> SandboxWorker:
        if self.worker is None or not self.worker.alive:
            self.release_worker()
            self.worker = SandboxWorker(
                self.tree, self.limits, self.grading.options.wrapper
            ).start()
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
                    {"op": "import", "module": module}, timeout_s=self.limits.call_timeout_s
                )
            except StudentException as error:
                self.broken[module] = f"{path} could not be imported: {error.summary()}"
            except WorkerTimeout as error:
                self.broken[module] = f"{path} could not be imported: {error}"
                self.release_worker()
                self.worker = SandboxWorker(
                    self.tree, self.limits, self.grading.options.wrapper
                ).start()

    def dataset(self) -> Path:
        """The folder of the dataset notebooks run on (generated on first use, then cached)."""
        if self.dataset_path is None:
            options = self.grading.options
            self.dataset_path = dataset_folder(
                self.grading.assignment, options.dataset, options.data_dir
            )
        return self.dataset_path

    @contextlib.contextmanager
    def fresh_student(self, timeout_s: float):
        """A new worker for one check (a notebook run), its dataset folder in the environment."""
        options = self.grading.options
        env = {self.grading.assignment.dataset_env: str(self.dataset())}
        worker = SandboxWorker(self.tree, self.limits, options.wrapper, env=env).start()
        try:
            yield Student(worker, timeout_s * options.timeout_scale, {})
        finally:
            worker.close()

    def reference(self) -> Student:
        if self.reference_worker is None or not self.reference_worker.alive:
            root = self.grading.assignment.reference
            self.reference_worker = SandboxWorker(root, self.limits).start()
        return Student(self.reference_worker, self.limits.call_timeout_s * 6, {})

    def import_warnings(self) -> list[str]:
        return list(self.broken.values())

    def release_worker(self) -> None:
        """Stop the function checks' worker; the next function check would start a new one."""
        if self.worker is not None:
            self.worker.close()
            self.worker = None

    def close(self) -> None:
        self.release_worker()
        if self.reference_worker is not None:
            self.reference_worker.close()


# -- fixtures and validation -------------------------------------------------------------------


@dataclass(frozen=True)
class Validation:
    """What `grader validate` found: problems (empty means valid) and the two gradings."""

    problems: tuple[str, ...]
    reference: SubmissionResult
    stubs: SubmissionResult


def make_fixtures(project: Project, name: str, options: RunOptions = RunOptions()) -> list[Path]:
    """Recompute every fixture of an assignment from the reference and write the .npz files."""
    assignment = load_assignment(project, name)
    checks = load_checks(assignment)
    with SandboxWorker(assignment.reference, options.limits) as worker:
        groups = compute_fixtures(checks, Student(worker, options.limits.call_timeout_s * 6, {}))
    return write_fixtures(assignment, checks, groups)


def validate(project: Project, name: str, options: RunOptions = RunOptions()) -> Validation:
    """The reference earns every point, the stubs earn none, and the fixtures are current."""
    grading = prepare_grading(project, name, options)
    problems: list[str] = []
    assignment = grading.assignment
    with SandboxWorker(assignment.reference, options.limits) as worker:
        reference = Student(worker, options.limits.call_timeout_s * 6, {})
        problems += stale_fixtures(
            grading.checks, grading.fixtures, compute_fixtures(grading.checks, reference)
        )
    with tempfile.TemporaryDirectory(prefix="grader-validate-") as scratch:
        solved = write_tree(
            render_release(project, assignment, fill_answers=True), Path(scratch) / "solved"
        )
        reference_result = grade_tree(grading, solved, "reference answers")
        stubs = write_tree(grading.release, Path(scratch) / "stubs")
        stub_result = grade_tree(grading, stubs, "released stubs")
    for label, graded in (("reference", reference_result), ("stubs", stub_result)):
        for result in graded.results:
            if result.status == "internal":
                problems.append(
                    f"grader error on the {label} in {result.check_id!r}: {result.reason}"
                )
    for result in reference_result.results:
        if result.status == "internal":
            continue
        if result.status != "passed":
            problems.append(f"the reference loses points on {result.check_id!r}: {result.reason}")
    for result in stub_result.results:
        if result.status == "internal":
            continue
        if result.status == "passed":
            problems.append(f"vacuous check: {result.check_id!r} passes on the stubs")
        elif result.points > 0:
            problems.append(
                f"vacuous check: {result.check_id!r} earns {result.points:g} points on the stubs"
            )
        elif not result.reason:
            problems.append(f"{result.check_id!r} gives the stubs no reason for the lost points")
    return Validation(tuple(problems), reference_result, stub_result)
