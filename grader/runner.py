"""Runner: from a submission (folder or zip) to a SubmissionResult.

    result = grade_submission(project, Path("alice.zip"))

Flow: open the submission -> find its assignment -> lay out a grading tree (the release, with
the student's files on top, so provided files are always the release's) -> a GradingSession
imports the student's modules once -> each check runs -> verdicts become CheckResults.
"""

from __future__ import annotations

import dataclasses
import os
import tempfile
import threading
import time
import traceback
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from grader import __version__
from grader.checks import Check
from grader.compare import Verdict
from grader.config import DEFAULT_DATASET, Assignment, Project, Question, load_assignment
from grader.errors import GraderError, SubmissionError
from grader.extensions import BuiltExtension, build_extensions, install_extensions
from grader.fixtures import Fixtures, load_fixtures
from grader.notebooks.answers import InlineAnswer, collect_answers
from grader.notebooks.artifacts import write_artifacts
from grader.options import option
from grader.registry import load_checks, unit_modules
from grader.release import MANIFEST_NAME, Release, render_release
from grader.results import CheckResult, SubmissionResult
from grader.sandbox import (
    ISOLATIONS,
    BadOutput,
    Isolation,
    Limits,
    Sandbox,
    StudentException,
    WorkerCrashed,
    WorkerTimeout,
    isolation_named,
)
from grader.session import GradingSession
from grader.source import SourceProblem, find_function
from grader.submission import lay_out_tree, open_submission, read_manifest

# Notebook runs at a time, each in its own worker: one per core, at most four.
DEFAULT_JOBS = max(1, min(4, os.cpu_count() or 1))


@dataclass(frozen=True)
class RunOptions:
    """How to grade: which checks, on which dataset, how contained, and how fast."""

    only: tuple[str, ...] = option(
        (), "grade only checks whose name contains TEXT (repeatable), e.g. a unit name",
        flag="--only", metavar="TEXT",
    )  # fmt: skip
    units: tuple[str, ...] = option(
        (), "grade only the checks of this unit (repeatable; the exact name)",
        flag="--unit", metavar="UNIT",
    )  # fmt: skip
    skip_notebooks: bool = option(
        False, "leave out the notebook runs (they take minutes; function checks take seconds)",
        flag="--skip-notebooks",
    )  # fmt: skip
    dataset: str = option(
        DEFAULT_DATASET, "dataset the notebooks run on and whose targets apply (cifar10 needs "
        "--data-dir)", flag="--dataset", metavar="NAME",
    )  # fmt: skip
    data_dir: Path | None = option(
        None, "folder of the dataset (for cifar10)", flag="--data-dir", metavar="PATH", type=Path
    )
    isolation: str | Isolation = option(
        "auto", "how student code is contained: bwrap (namespaces), process (rlimits and a uid "
        "of its own), or auto, bwrap wherever it works", flag="--isolation",
        choices=("auto", *ISOLATIONS),
    )  # fmt: skip
    jobs: int = option(
        DEFAULT_JOBS, "notebook runs at a time, each in its own worker", flag="--jobs",
        short="-j", metavar="N",
    )  # fmt: skip
    timeout_scale: float = option(
        1.0, "multiply every per-call timeout by X (slow machines)", flag="--timeout-scale",
        metavar="X",
    )  # fmt: skip
    limits: Limits = field(default_factory=Limits)

    def sandbox(self) -> Sandbox:
        """The factory every worker of a grading starts from.

        Raises
        ------
        GraderError
            When the isolation asked for cannot work here (bwrap without bubblewrap).
        """
        if not isinstance(self.isolation, str):
            return Sandbox(self.isolation, self.limits)
        try:
            isolation, warning = isolation_named(self.isolation)
        except ValueError as error:
            raise GraderError(str(error)) from None
        return Sandbox(isolation, self.limits, warning)


@dataclass(frozen=True)
class GradingSpec:
    """What a grading is made from, and all of it that travels to another process. Checks are
    closures in modules loaded from files, so another process rebuilds the grading from this
    (project root, assignment, options) instead of receiving it."""

    root: Path
    assignment: str
    options: RunOptions = field(default_factory=RunOptions)

    def load(self) -> Grading:
        return prepare_grading(Project(Path(self.root)), self.assignment, self.options)


@dataclass
class Grading:
    """What one grading run needs, loaded and verified once (validate before you grade)."""

    project: Project
    assignment: Assignment
    checks: tuple[Check, ...]
    fixtures: Fixtures
    release: Release
    options: RunOptions = field(default_factory=RunOptions)
    modules: dict[str, str] = field(default_factory=dict)  # unit -> student module
    # Compiled provided modules (Cython), built from the release once per environment.
    extensions: tuple[BuiltExtension, ...] = ()
    # The reference's timing baselines, measured once per grading (a batch shares them).
    baselines: dict[str, float] = field(default_factory=dict, repr=False, compare=False)
    baseline_lock: threading.Lock = field(default_factory=threading.Lock, repr=False,
                                          compare=False)  # fmt: skip
    # The checks' seeded inputs, built once per grading (Inputs.build copies them out).
    built_inputs: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def spec(self) -> GradingSpec:
        return GradingSpec(self.project.root, self.assignment.name, self.options)


def prepare_grading(
    project: Project, name: str, options: RunOptions = RunOptions(), require_fixtures=True
) -> Grading:
    """Load config, checks, fixtures and release of an assignment, and verify they fit."""
    assignment = load_assignment(project, name)
    checks = load_checks(assignment)
    fixtures = load_fixtures(assignment)
    missing = [c.name for c in checks if c.needs_fixture and c.name not in fixtures]
    if missing and require_fixtures:
        raise GraderError(
            f"{name}: {len(missing)} check(s) have no fixture, e.g. {missing[0]!r}; "
            "run `make fixtures`"
        )
    release = render_release(project, assignment)
    modules = unit_modules(assignment, checks)
    extensions = build_extensions(project, assignment, release)
    # The reference's workers (fixtures, timing baselines) import from the reference itself.
    install_extensions(extensions, assignment.reference)
    return Grading(project, assignment, checks, fixtures, release, options, modules, extensions)


def grade_submission(
    project: Project,
    submission: Path,
    assignment: str | None = None,
    options: RunOptions = RunOptions(),
    progress: Callable[[CheckResult], None] | None = None,
    artifacts: Path | None = None,
    grading: Grading | None = None,
) -> SubmissionResult:
    """Grade one submission folder or zip. With `artifacts`, the executed notebooks, their
    HTML and the inline-answers page are written into that folder (see notebooks.artifacts).
    A batch passes the `grading` it prepared once (its assignment and options win).

    Raises
    ------
    SubmissionError
        When the submission cannot be opened or its assignment cannot be told.
    """
    if grading is not None:
        assignment, options = grading.assignment.name, grading.options
    with tempfile.TemporaryDirectory(prefix="grader-") as scratch:
        scratch = Path(scratch)
        try:
            root, warnings = open_submission(Path(submission), scratch / "unpacked")
        except SubmissionError as error:
            if assignment is None:
                raise  # without an assignment there is nothing to report against
            grading = grading or prepare_grading(project, assignment, options)
            return unreadable(grading, str(submission), str(error))
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
        grading = grading or prepare_grading(project, name, options)
        if manifest and manifest.get("version") != grading.assignment.version:
            warnings.append(
                f"the submission was made from release {manifest.get('version')!r}; "
                f"graded against release {grading.assignment.version!r}"
            )
        tree = scratch / "tree"
        warnings += lay_out_tree(grading.release, root, tree)
        return grade_tree(grading, tree, str(submission), warnings, progress,
                          artifacts=artifacts)  # fmt: skip


def grade_tree(
    grading: Grading,
    tree: Path,
    label: str,
    warnings: list[str] | tuple[str, ...] = (),
    progress: Callable[[CheckResult], None] | None = None,
    traces: dict[str, list] | None = None,
    artifacts: Path | None = None,
) -> SubmissionResult:
    """Run every selected check against a laid-out grading tree, then add the questions graded
    by hand (pending), and write the notebooks and answers for staff into `artifacts`.

    With `traces`, every value the student's code sends back during a function check is
    collected there under the check's name (`grader mutants` compares them).
    """
    started = time.monotonic()
    checks = select_checks(grading.checks, grading.options)
    done: dict[str, CheckResult] = {}
    # Compiled modules go in before any worker imports: the release's build, never the student's.
    warnings = [*warnings, *install_extensions(grading.extensions, tree)]

    def report(result: CheckResult) -> CheckResult:
        if progress:
            progress(result)
        return result

    with GradingSession(grading, tree, traces) as session:
        # Function checks first, alone: their timings should not share the cores with notebook
        # runs. Then the checks with workers of their own, in parallel.
        for check in checks:
            if not check.fresh_worker:
                done[check.name] = report(run_check(session, check, done))
        apart = [c for c in checks if c.fresh_worker]
        if apart:
            session.release_workers()  # their memory is better spent on the notebook workers
            finished = dict(done)  # what `requires` may look at; the threads only read it
            with ThreadPoolExecutor(max_workers=max(1, grading.options.jobs)) as pool:
                futures = {c.name: pool.submit(run_check, session, c, finished) for c in apart}
                for name, future in futures.items():
                    done[name] = report(future.result())
        warnings = [*warnings, *session.warnings()]
        isolation = session.description
        cell_errors = tuple(problem.describe(notebook)
                            for notebook, run in sorted(session.executed.items())
                            for problem in run.problems if not problem.timed)  # fmt: skip
    assignment = grading.assignment
    # Reading every notebook for its answers costs; only pending questions and pages need them.
    wanted = artifacts is not None or bool(manual_questions(grading))
    answers = collect_answers(grading.release, tree) if wanted else []
    manual = manual_results(grading, answers)
    if artifacts is not None:
        try:
            write_artifacts(artifacts, grading.project, session.executed, answers, label,
                            assignment.title)  # fmt: skip
        except OSError as error:
            warnings.append(f"the notebooks and answers for staff were not written: {error}")
    where = unit_locations(grading, tree, {c.unit for c in checks})
    graded = [dataclasses.replace(done[c.name], location=where.get(c.unit, "")) for c in checks]
    return SubmissionResult(
        assignment=assignment.name,
        version=assignment.version,
        submission=label,
        results=(*graded, *manual),
        questions=tuple((q.id, q.title) for q in assignment.questions),
        extra_credit=tuple(q.id for q in assignment.questions if q.extra_credit),
        warnings=tuple(warnings),
        isolation=isolation,
        elapsed_s=time.monotonic() - started,
        grader_version=__version__,
        cell_errors=cell_errors,
    )


def unit_locations(grading: Grading, tree: Path, units: set[str]) -> dict[str, str]:
    """{unit: "path:line"} of each graded function's `def` in the student's tree (read, never
    run), "path" for notebooks and for functions that cannot be found there."""
    where = {}
    for unit in sorted(units):
        module = grading.modules.get(unit)
        if module is None:
            if unit in grading.release.files:
                where[unit] = unit
            continue
        if module.endswith(".ipynb"):
            where[unit] = module  # a notebook's function
            continue
        path = module.replace(".", "/") + ".py"
        try:
            node, _ = find_function(tree, f"{module}:{unit}")
            where[unit] = f"{path}:{node.lineno}"
        except (SourceProblem, RecursionError):
            where[unit] = path
    return where


def manual_questions(grading: Grading) -> list[Question]:
    """The questions graded by hand that this run reports (none when it grades a selection)."""
    if grading.options.only or grading.options.units:
        return []
    return [q for q in grading.assignment.questions if q.manual]


def manual_results(grading: Grading, answers: list[InlineAnswer]) -> list[CheckResult]:
    """One pending result per question graded by hand, unless the run grades a selection."""
    given = sum(a.answered for a in answers)
    return [
        CheckResult(check_id=f"{q.id}: inline answers", unit=q.id, question=q.id,
                    kind="manual", points=0.0, max_points=q.points, status="pending",
                    reason=f"graded by the course staff ({given} of {len(answers)} inline "
                    "questions answered)")
        for q in manual_questions(grading)
    ]  # fmt: skip


def unreadable(grading: Grading, label: str, why: str) -> SubmissionResult:
    """The verdict on a submission that cannot be opened (a corrupt zip, a zip bomb): every
    check graded as an error with that one reason, so a report still says what happened."""
    reason = f"the submission could not be read: {why}"
    results = [
        CheckResult(check_id=c.name, unit=c.unit, question=c.question, kind=c.kind, points=0.0,
                    max_points=c.points, status="error", reason=reason, hidden=c.hidden)
        for c in select_checks(grading.checks, grading.options)
    ]  # fmt: skip
    assignment = grading.assignment
    return SubmissionResult(
        assignment=assignment.name,
        version=assignment.version,
        submission=label,
        results=tuple(results),
        questions=tuple((q.id, q.title) for q in assignment.questions),
        extra_credit=tuple(q.id for q in assignment.questions if q.extra_credit),
        warnings=(reason,),
        isolation="none: no student code ran",
        grader_version=__version__,
    )


def select_checks(checks: tuple[Check, ...], options: RunOptions) -> list[Check]:
    """The checks `only`, `units` and `skip_notebooks` leave, plus the checks those require,
    in order."""
    wanted = {
        c.name
        for c in checks
        if (not options.only or any(text in c.name for text in options.only))
        and (not options.units or c.unit in options.units)
        and not (options.skip_notebooks and c.needs_notebook)
    }
    for check in reversed(checks):  # requires point backwards, so one reverse pass suffices
        if check.name in wanted:
            wanted.update(check.requires)
    return [c for c in checks if c.name in wanted]


def run_check(session: GradingSession, check: Check, done: dict[str, CheckResult]) -> CheckResult:
    """Grade one check (unless a check it requires has not passed) into a CheckResult."""
    started = time.monotonic()
    blocking = [name for name in check.requires if done[name].status != "passed"]
    if blocking:
        verdict, status = Verdict(0.0, f"not graded until '{blocking[0]}' passes"), "skipped"
    else:
        verdict, status = _verdict(session, check)
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


def _verdict(session: GradingSession, check: Check) -> tuple[Verdict, str]:
    """The check's verdict and status; what went wrong in the student's code is a verdict,
    what went wrong in the check itself is status 'internal'."""
    try:
        fixture = session.grading.fixtures.get(check.name)
        verdict = check.grade(session.student(check), fixture, session.context)
    except BadOutput as error:
        return Verdict(0.0, str(error)), "failed"
    except StudentException as error:
        return Verdict(0.0, _explained(session, error), error.traceback), "error"
    except WorkerTimeout as error:
        session.release_worker(check)
        return Verdict(0.0, f"{error} (an infinite loop, or far too slow?)"), "timeout"
    except WorkerCrashed as error:
        session.release_worker(check)
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


def _explained(session: GradingSession, error: StudentException) -> str:
    """The error's one line; when it was raised in provided code, say so: the cause is what the
    student's code handed to it."""
    path = error.where.partition(":")[0]
    release = session.grading.release
    if path in release.files and not release.student_file(path):
        return f"{error.summary()} (raised in provided code, by what your code gave it)"
    return error.summary()
