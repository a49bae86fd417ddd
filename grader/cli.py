"""The `grader` command line: parse, call the library, print. Nothing else lives here.

    grader release [NAME...] [--out DIR]

Exit codes: 0 the command did its job; 2 usage, configuration or internal error.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from grader import __version__
from grader.config import find_project, list_assignments, load_assignment
from grader.errors import GraderError
from grader.release import render_release, sha256, write_zip

EXIT_OK = 0
EXIT_ERROR = 2


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
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        project = find_project(args.root)
        if args.command == "release":
            return _release(project, args.names, args.out)
    except GraderError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_ERROR
    raise AssertionError(f"unhandled command {args.command}")  # argparse rejects unknown ones


def entrypoint() -> None:
    sys.exit(main())


def _release(project, names: list[str], out: Path) -> int:
    for name in names or list_assignments(project):
        assignment = load_assignment(project, name)
        release = render_release(project, assignment)
        path = write_zip(release, out / f"{name}.zip")
        regions = len(release.manifest["regions"])
        print(
            f"built {path} ({len(release.files)} files, {regions} answer regions, "
            f"sha256 {sha256(path.read_bytes())[:12]})"
        )
    return EXIT_OK
