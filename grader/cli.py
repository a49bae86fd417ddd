"""The `grader` command line: parse, call the library, print. Nothing else lives here.

    grader run SUBMISSION [--assignment NAME] [--format FORMAT[=PATH]]... [options]
    grader validate [NAME...]
    grader fixtures [NAME...]
    grader release [NAME...] [--out DIR]
    grader build [NAME...]

Exit codes: 0 the command did its job (for `run`: grading finished, whatever the score);
1 `run --fail-under` was not met, or `validate` found problems; 2 usage, configuration,
submission or internal error, with a one-line message on stderr.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

from grader import __version__
from grader.config import find_project, list_assignments, load_assignment
from grader.errors import GraderError
from grader.files import write_atomically
from grader.github import write_github_outputs
from grader.options import add_arguments, from_arguments
from grader.release import render_release, sha256, write_tree, write_zip
from grader.reports import FORMATS, render
from grader.runner import DEFAULT_JOBS, RunOptions, grade_submission
from grader.sandbox import Limits
from grader.validate import make_fixtures, record_timings, validate

EXIT_OK = 0
EXIT_BELOW = 1
EXIT_ERROR = 2


class UsageError(Exception):
    """Options that contradict each other; reported in one line, exit status 2."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="grader",
        description="Build student releases of the assignments and grade submissions.",
    )
    parser.add_argument("--version", action="version", version=f"grader {__version__}")
    parser.add_argument(
        "--root", type=Path, default=None,
        help="project checkout (defaults to the nearest folder upward holding assignments/)",
    )  # fmt: skip
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    release = commands.add_parser(
        "release", help="build dist/<name>.zip for each assignment",
        description="Strip solutions from the reference and write one reproducible zip per "
        "assignment (all assignments when no NAME is given).",
    )  # fmt: skip
    release.add_argument("names", nargs="*", metavar="NAME", help="assignments to build")
    release.add_argument(
        "-o", "--out", type=Path, default=Path("dist"), help="output folder (defaults to dist/)"
    )

    build = commands.add_parser(
        "build", help="compile the assignments' provided extensions once (cached)",
        description="Compile every [[build.extensions]] module (Cython) from the release's "
        "source into the cache (build/extensions, or $GRADER_EXTENSION_CACHE) and next to its "
        "source in the reference; grading reuses the cached build.",
    )  # fmt: skip
    build.add_argument("names", nargs="*", metavar="NAME", help="assignments to build")

    run = commands.add_parser(
        "run", help="grade one submission (a folder or a zip)",
        description="Grade a submission function by function and print a report. The "
        "assignment comes from the submission's .release.json unless --assignment is given.",
    )  # fmt: skip
    run.add_argument("submission", type=Path, metavar="SUBMISSION", help="folder or zip")
    run.add_argument("-a", "--assignment", metavar="NAME", help="assignment to grade against")
    run.add_argument(
        "-f", "--format", action="append", type=_report_spec, metavar="FORMAT[=PATH]",
        help=f"a report to write: one of {', '.join(FORMATS)}, to PATH or else to stdout; "
        "repeatable, so one run writes several (defaults to text)",
    )  # fmt: skip
    run.add_argument(
        "-o", "--output", type=Path, metavar="PATH",
        help="where the one report given without =PATH goes (defaults to stdout)",
    )  # fmt: skip
    run.add_argument(
        "--out", type=Path, metavar="DIR",
        help="for a batch (a folder or LMS zip of submissions): where the gradebook, the summary "
        "and each student's reports go (defaults to SUBMISSIONS-graded)",
    )  # fmt: skip
    run.add_argument(
        "--scheduler", metavar="ADDRESS",
        help="for a batch: grade on this Dask distributed scheduler (tcp://HOST:PORT), one task "
        "per submission, instead of --jobs local threads (pip install distributed)",
    )  # fmt: skip
    run.add_argument(
        "--artifacts", type=Path, metavar="DIR",
        help="folder for the executed notebooks, their HTML and the inline-answers page "
        "(defaults to <report folder>/<submission>-notebooks when a report goes to a file)",
    )  # fmt: skip
    run.add_argument(
        "--fail-under", type=float, metavar="PERCENT",
        help="exit with status 1 when the score is below PERCENT of the maximum",
    )  # fmt: skip
    add_arguments(run, RunOptions)
    add_arguments(run, Limits)

    validate = commands.add_parser(
        "validate", help="check that the reference earns every point and the stubs none",
        description="For each assignment (all when no NAME is given): the reference answers "
        "must pass every check, the released stubs must earn zero on every check, and the "
        "fixtures must match what the reference computes now.",
    )  # fmt: skip
    validate.add_argument("names", nargs="*", metavar="NAME")
    add_arguments(validate, RunOptions)

    fixtures = commands.add_parser(
        "fixtures", help="recompute assignments/<name>/fixtures/*.npz from the reference"
    )
    fixtures.add_argument("names", nargs="*", metavar="NAME")

    timings = commands.add_parser(
        "timings", help="record the reference notebooks' cell times (per-cell timeouts)",
        description="Run each reference notebook in the sandbox and write every code cell's "
        "time to assignments/<name>/notebook_timings.json; graded notebooks get a multiple of "
        "it as each cell's timeout ([notebooks] in assignment.toml).",
    )  # fmt: skip
    timings.add_argument("names", nargs="*", metavar="NAME")

    mutants = commands.add_parser(
        "mutants", help="measure how many bugs planted in the reference the checks catch",
        description="Plant one small bug at a time in the answer regions of the reference "
        "(swapped operators, axes, comparisons and constants, dropped terms, deleted "
        "statements), grade each mutant on its unit's function checks, and report per unit "
        "how many were caught out of those that changed behaviour.",
    )  # fmt: skip
    mutants.add_argument("name", metavar="NAME", help="assignment to mutate")
    mutants.add_argument(
        "-u", "--unit", action="append", default=[], metavar="UNIT",
        help="mutate only this unit (repeatable), e.g. relu_forward",
    )  # fmt: skip
    mutants.add_argument(
        "-j", "--jobs", type=int, default=DEFAULT_JOBS, metavar="N",
        help=f"mutants graded at a time (defaults to {DEFAULT_JOBS})",
    )  # fmt: skip
    mutants.add_argument(
        "-o", "--output", type=Path, metavar="PATH",
        help="also write the Markdown report here (e.g. docs/mutation.md)",
    )  # fmt: skip
    mutants.add_argument(
        "--fail-under", type=float, metavar="PERCENT",
        help="exit with status 1 when a unit catches less than PERCENT of its mutants",
    )  # fmt: skip
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        project = find_project(args.root)
        if args.command == "release":
            return _release(project, args.names, args.out)
        if args.command == "build":
            return _build(project, args.names)
        if args.command == "run":
            return _run(project, args)
        if args.command == "validate":
            return _validate(project, args.names, from_arguments(RunOptions, args))
        if args.command == "fixtures":
            return _fixtures(project, args.names)
        if args.command == "mutants":
            return _mutants(project, args)
        if args.command == "timings":
            return _timings(project, args.names)
    except (GraderError, UsageError) as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_ERROR
    raise AssertionError(f"unhandled command {args.command}")  # argparse rejects unknown ones


def entrypoint() -> None:
    sys.exit(main())


def _release(project, names: list[str], out: Path) -> int:
    from grader.bundles import WORKFLOW, autograder_bundle, classroom_template

    for name in names or list_assignments(project):
        assignment = load_assignment(project, name)
        release = render_release(project, assignment)
        path = write_zip(release, out / f"{name}.zip")
        regions = len(release.manifest["regions"])
        print(
            f"built {path} ({len(release.files)} files, {regions} answer regions, "
            f"sha256 {sha256(path.read_bytes())[:12]})"
        )
        template = classroom_template(project, assignment, release)
        folder = out / f"{name}-classroom"
        shutil.rmtree(folder, ignore_errors=True)
        write_tree(template, folder)
        write_zip(template, out / f"{name}-classroom.zip", prefix=f"{name}-classroom")
        print(f"built {folder}/ and {folder}.zip (GitHub Classroom template, {WORKFLOW})")
        bundle = write_zip(autograder_bundle(project, assignment),
                           out / f"{name}-autograder.zip", prefix="")  # fmt: skip
        print(f"built {bundle} (Gradescope autograder: setup.sh, run_autograder)")
    return EXIT_OK


def _build(project, names: list[str]) -> int:
    from grader.extensions import build_extensions, install_extensions

    for name in names or list_assignments(project):
        assignment = load_assignment(project, name)
        built = build_extensions(project, assignment, render_release(project, assignment))
        for problem in install_extensions(built, assignment.reference):
            print(f"warning: {problem}", file=sys.stderr)
        for extension in built:
            if extension.path is not None:
                print(f"built {extension.module}: {extension.path}")
    return EXIT_OK


def _run(project, args) -> int:
    options = from_arguments(RunOptions, args, limits=from_arguments(Limits, args))
    from grader.batch import is_batch

    if is_batch(args.submission):
        return _batch(project, args, options)
    reports = args.format or [("text", None)]
    to_stdout = [name for name, path in reports if path is None]
    if len(to_stdout) > 1:
        raise UsageError(f"only one report can go to stdout; give a path: {to_stdout[1]}=PATH")
    artifacts = args.artifacts
    files = [path or args.output for _, path in reports if path or args.output]
    if artifacts is None and files:
        artifacts = files[0].parent / f"{args.submission.name.removesuffix('.zip')}-notebooks"
    result = grade_submission(project, args.submission, args.assignment, options,
                              artifacts=artifacts)  # fmt: skip
    for warning in result.warnings:
        if warning.startswith("bubblewrap cannot run here"):
            print(f"warning: {warning}", file=sys.stderr)  # loud, and in every report too
    for name, path in reports:
        path = path or args.output
        colour = path is None and sys.stdout.isatty() and not os.environ.get("NO_COLOR")
        report = render(result, name, colour=colour)
        if path is None:
            sys.stdout.write(report)
        else:
            write_atomically(path, report)
    if any(name == "github" for name, _ in reports):
        write_github_outputs(result, os.environ)
    if result.internal_errors:
        first = result.internal_errors[0]
        print(
            f"error: the grader failed in {len(result.internal_errors)} check(s), first "
            f"{first.check_id!r}; those points are not a verdict (see the report)",
            file=sys.stderr,
        )
        return EXIT_ERROR
    if args.fail_under is not None and result.max_score:
        if 100 * result.score / result.max_score < args.fail_under:
            return EXIT_BELOW
    return EXIT_OK


def _batch(project, args, options: RunOptions) -> int:
    from grader.batch import grade_batch, print_progress

    if not args.assignment:
        raise UsageError(f"{args.submission} holds many submissions: pass --assignment NAME")
    out = args.out or args.submission.with_name(
        f"{args.submission.name.removesuffix('.zip')}-graded"
    )
    rows = grade_batch(project, args.submission, out, args.assignment, options,
                       jobs=options.jobs, progress=print_progress,
                       scheduler=args.scheduler)  # fmt: skip
    reused = sum(row.reused for row in rows)
    troubled = [row for row in rows if row.status != "graded"]
    print(
        f"graded {len(rows) - reused} submissions ({reused} already graded) into {out}: "
        f"{out / 'gradebook.csv'}, {out / 'summary.html'}"
    )
    for row in troubled:
        print(f"  {row.student}: {row.status}", file=sys.stderr)
    if any(row.status == "grader error" for row in rows):
        return EXIT_ERROR
    return EXIT_OK


def _report_spec(text: str) -> tuple[str, Path | None]:
    """'junit=report.xml' -> ('junit', Path('report.xml')); 'text' -> ('text', None)."""
    name, _, path = text.partition("=")
    if name not in FORMATS:
        choices = ", ".join(FORMATS)
        raise argparse.ArgumentTypeError(f"unknown format {name!r} (choose from {choices})")
    return name, Path(path) if path else None


def _validate(project, names: list[str], options: RunOptions) -> int:
    status = EXIT_OK
    for name in names or list_assignments(project):
        found = validate(project, name, options)
        reference, stubs = found.reference, found.stubs
        extra = reference.extra_credit_points
        beyond = f" (+ {extra:g} extra credit)" if extra else ""
        print(
            f"{name}: reference {reference.score:g} / {reference.max_score:g}{beyond}, "
            f"stubs {stubs.score:g} / {stubs.max_score:g}, {len(reference.results)} checks"
        )
        for problem in found.problems:
            print(f"  problem: {problem}")
        if found.problems:
            status = EXIT_BELOW
    return status


def _fixtures(project, names: list[str]) -> int:
    for name in names or list_assignments(project):
        for path in make_fixtures(project, name):
            print(f"wrote {path.relative_to(project.root)}")
    return EXIT_OK


def _timings(project, names: list[str]) -> int:
    for name in names or list_assignments(project):
        path = record_timings(project, name)
        print(f"wrote {path.relative_to(project.root)}")
    return EXIT_OK


def _mutants(project, args) -> int:
    from grader.mutants import render_markdown, run_mutants

    report = run_mutants(project, args.name, tuple(args.unit), jobs=args.jobs)
    width = max([len(u.unit) for u in report.units] + [4])
    print(f"{'unit':<{width}}  mutants  equivalent  caught  survived  score")
    for u in report.units:
        print(f"{u.unit:<{width}}  {u.mutants:>7}  {u.equivalent:>10}  {u.caught:>6}  "
              f"{u.survived:>8}  {u.score:>5.0%}")  # fmt: skip
    for problem in report.problems:
        print(f"problem: {problem}")
    print(f"graded {len(report.results)} mutants in {report.elapsed_s:.0f} s")
    if args.output:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(render_markdown(report))
    if report.problems:
        return EXIT_BELOW
    if args.fail_under is not None and any(100 * u.score < args.fail_under for u in report.units):
        return EXIT_BELOW
    return EXIT_OK
