"""GitHub Actions output: annotations, the step summary, and GitHub Classroom's runner result.

    print(render_github(result), end="")        # ::error file=...,line=...:: lines, to stdout
    write_github_outputs(result, os.environ)    # $GITHUB_STEP_SUMMARY and $GITHUB_OUTPUT

Every piece of text that came from a submission (a reason quoting the student's exception) is
escaped as GitHub's workflow-command syntax requires, so it can never start a command of its
own (`::add-mask::`, `::set-output`, a forged `::notice::Points 100/100`). The Classroom result
is base64 JSON in the step output `result`, as classroom-resources/autograding-grading-reporter
reads it: `{version: 1, status, max_score, tests: [{name, status, score, message, ...}]}`.
"""

from __future__ import annotations

import base64
import json
import uuid
from collections.abc import Mapping
from pathlib import Path

from grader.results import CheckResult, SubmissionResult, points_text

# Checks that cost points; pending (graded by hand) and skipped ones are no annotation.
ANNOTATED = {"failed": "error", "partial": "warning", "error": "error", "timeout": "error"}
CLASSROOM_STATUS = {"passed": "pass", "internal": "error", "pending": "pass"}


def escape_data(text: str) -> str:
    """A workflow command's message: % and line breaks escaped, so it stays one command."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A workflow command's property value (file=, title=): ':' and ',' escaped too."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(result: SubmissionResult) -> str:
    """One annotation per check that lost points, pointing into the student's file at the
    function (notebook checks point at the notebook), then a one-line total."""
    lines = []
    for check in result.results:
        level = ANNOTATED.get(check.status)
        if level is None:
            continue
        properties = _location(check)
        properties.append(f"title={escape_property(_title(check))}")
        message = escape_data(check.reason or check.status)
        lines.append(f"::{level} {','.join(properties)}::{message}")
    total = f"{points_text(result.score)} / {points_text(result.max_score)} points"
    lines.append(f"{result.assignment}: {total}")
    return "\n".join(lines) + "\n"


def classroom_result(result: SubmissionResult) -> dict:
    """GitHub Classroom's runner result for this grading (before base64)."""
    tests = []
    for check in result.results:
        if check.status == "pending":
            continue  # graded by hand, outside Classroom's autograded points
        path, _, line = check.location.partition(":")
        tests.append({
            "name": check.check_id,
            "status": CLASSROOM_STATUS.get(check.status, "fail"),
            "score": check.points,
            "max_score": check.max_points,
            "message": check.reason,
            "filename": path,
            "line_no": int(line) if line.isdigit() else 0,
            "execution_time": f"{check.elapsed_s:.2f}s",
        })  # fmt: skip
    if result.internal_errors:
        status = "error"
    elif all(t["status"] == "pass" for t in tests):
        status = "pass"
    else:
        status = "fail"
    return {"version": 1, "status": status, "max_score": result.max_score, "tests": tests}


def write_github_outputs(result: SubmissionResult, env: Mapping[str, str]) -> list[Path]:
    """Append the Markdown score table to $GITHUB_STEP_SUMMARY and `result` (Classroom's
    base64 JSON) plus `score`/`max_score` to $GITHUB_OUTPUT, where those are set."""
    from grader.reports import render_markdown  # reports lists this module's renderer

    written = []
    summary = env.get("GITHUB_STEP_SUMMARY")
    if summary:
        with open(summary, "a", encoding="utf-8") as stream:
            stream.write(render_markdown(result) + "\n")
        written.append(Path(summary))
    output = env.get("GITHUB_OUTPUT")
    if output:
        encoded = base64.b64encode(json.dumps(classroom_result(result)).encode()).decode()
        delimiter = f"grader-{uuid.uuid4().hex}"  # never inside base64 or a number
        with open(output, "a", encoding="utf-8") as stream:
            stream.write(f"result<<{delimiter}\n{encoded}\n{delimiter}\n")
            stream.write(
                f"score={points_text(result.score)}\nmax_score={points_text(result.max_score)}\n"
            )
        written.append(Path(output))
    return written


def _location(check: CheckResult) -> list[str]:
    if not check.location:
        return []
    path, _, line = check.location.partition(":")
    properties = [f"file={escape_property(path)}"]
    if line.isdigit():
        properties.append(f"line={line}")
    return properties


def _title(check: CheckResult) -> str:
    return f"{check.check_id} ({points_text(check.points)} / {points_text(check.max_points)})"
