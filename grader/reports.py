"""Reports: pure functions from a SubmissionResult to text, Gradescope JSON, JUnit XML, Markdown
and GitHub annotations (grader/github.py).

print(render(result, "markdown"))      # or RENDERERS["markdown"](result)
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from grader.github import render_github
from grader.results import CheckResult, SubmissionResult, points_text

MARKS = {
    "passed": "PASS",
    "partial": "PART",
    "failed": "FAIL",
    "error": "ERR ",
    "timeout": "TIME",
    "skipped": "SKIP",
    "internal": "BUG ",
    "pending": "HAND",
}
COLOURS = {
    "passed": "32",
    "partial": "33",
    "failed": "31",
    "error": "31",
    "timeout": "31",
    "skipped": "90",
    "internal": "35",
    "pending": "36",
}
# Gradescope shows hidden checks once grades are published, never before.
GRADESCOPE_HIDDEN = "after_published"


def render(result: SubmissionResult, format: str, colour: bool = False) -> str:
    """Render in one of FORMATS; `colour` paints the text report for a terminal."""
    if format == "text" and colour:
        return render_text(result, colour=True)
    try:
        renderer = RENDERERS[format]
    except KeyError:
        choices = ", ".join(FORMATS)
        raise ValueError(f"unknown format {format!r}; expected one of {choices}") from None
    return renderer(result)


def render_text(result: SubmissionResult, colour: bool = False) -> str:
    def paint(text: str, status: str) -> str:
        return f"\033[{COLOURS[status]}m{text}\033[0m" if colour else text

    lines = [
        f"{result.assignment} (release {result.version}): "
        f"{points_text(result.score)} / {points_text(result.max_score)} points{_pending(result)}",
        f"submission: {result.submission}",
    ]
    for _, title, checks in result.by_question():
        earned = sum(c.points for c in checks)
        possible = sum(c.max_points for c in checks)
        pending = all(c.status == "pending" for c in checks)
        total = (
            f"{points_text(possible)} points, pending"
            if pending
            else (f"{points_text(earned)} / {points_text(possible)}")
        )
        lines += ["", f"{title}  {total}"]
        for check in checks:
            hidden = " (hidden)" if check.hidden else ""
            score = f"{points_text(check.points):>5} / {points_text(check.max_points):<4}"
            lines.append(
                f"  {paint(MARKS[check.status], check.status)} {score} {check.check_id}{hidden}"
            )
            if check.reason:
                lines.append(f"{'':17}{check.reason}")
    if result.warnings:
        lines += ["", "warnings:"] + [f"  - {warning}" for warning in result.warnings]
    lines += [
        "",
        f"isolation: {result.isolation}",
        f"graded in {result.elapsed_s:.1f} s by grader {result.grader_version}",
    ]
    return "\n".join(lines) + "\n"


def render_gradescope(result: SubmissionResult) -> str:
    """Gradescope's results.json: score, execution_time, output and one entry per check."""
    tests = []
    for number, check in _numbered(result):
        if check.status == "pending":
            # Graded by hand on Gradescope itself: no autograder points either way.
            tests.append(
                {
                    "name": f"{check.check_id} (pending manual grading)",
                    "score": 0.0,
                    "max_score": 0.0,
                    "output": f"Worth {points_text(check.max_points)} points: {check.reason}.",
                    "visibility": "visible",
                    "number": number,
                    "tags": [check.question, "manual"],
                    "extra_data": {"pending_manual_grading": True, "points": check.max_points},
                }
            )  # fmt: skip  (no status: it is neither passed nor failed yet)
            continue
        tests.append(
            {
                "name": check.check_id,
                "score": check.points,
                "max_score": check.max_points,
                "status": "passed" if check.status == "passed" else "failed",
                "output": check.reason or "passed",
                "visibility": GRADESCOPE_HIDDEN if check.hidden else "visible",
                "number": number,
                "tags": [check.question, check.kind, check.unit],
            }
        )
    summary = [
        f"{points_text(result.score)} / {points_text(result.max_score)} points{_pending(result)}."
    ]
    summary += [f"Warning: {warning}" for warning in result.warnings]
    summary.append(f"Isolation: {result.isolation}.")
    document = {
        "score": result.score,
        "execution_time": round(result.elapsed_s, 3),
        "output": "\n".join(summary),
        "tests": tests,
    }
    return json.dumps(document, indent=2) + "\n"


def render_junit(result: SubmissionResult) -> str:
    """JUnit XML: one testsuite per question; anything short of full credit is a failure."""
    root = ET.Element("testsuites", name=result.assignment)
    totals = {"tests": 0, "failures": 0, "errors": 0}
    for question_id, title, checks in result.by_question():
        suite = ET.SubElement(root, "testsuite", name=title)
        counts = {"tests": len(checks), "failures": 0, "errors": 0}
        for check in checks:
            case = ET.SubElement(
                suite, "testcase", classname=f"{result.assignment}.{question_id}",
                name=check.check_id, time=f"{check.elapsed_s:.3f}",
            )  # fmt: skip
            properties = ET.SubElement(case, "properties")
            for key, value in (("points", check.points), ("max_points", check.max_points)):
                ET.SubElement(properties, "property", name=key, value=points_text(value))
            if check.status == "pending":
                ET.SubElement(case, "skipped", message=f"pending manual grading: {check.reason}")
            elif check.status in ("error", "timeout", "internal"):
                counts["errors"] += 1
                node = ET.SubElement(case, "error", message=check.reason, type=check.status)
                node.text = check.detail or None
            elif check.status != "passed":
                counts["failures"] += 1
                node = ET.SubElement(case, "failure", message=check.reason, type=check.status)
                node.text = check.detail or None
        suite.set("time", f"{sum(c.elapsed_s for c in checks):.3f}")
        for key, value in counts.items():
            suite.set(key, str(value))
            totals[key] += value
    for key, value in totals.items():
        root.set(key, str(value))
    root.set("time", f"{result.elapsed_s:.3f}")
    properties = ET.Element("properties")
    ET.SubElement(properties, "property", name="isolation", value=result.isolation)
    root.insert(0, properties)
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def render_markdown(result: SubmissionResult) -> str:
    icons = {"passed": "✅", "partial": "🟡", "skipped": "⏭️", "pending": "✍️"}
    lines = [
        f"## {result.assignment}: {points_text(result.score)} / {points_text(result.max_score)} "
        f"points{_pending(result)}",
        "",
    ]
    for _, title, checks in result.by_question():
        earned = sum(c.points for c in checks)
        possible = sum(c.max_points for c in checks)
        lines += [
            f"### {title} ({points_text(earned)} / {points_text(possible)})",
            "",
            "| | Check | Points | Feedback |",
            "|---|---|---|---|",
        ]
        for check in checks:
            icon = icons.get(check.status, "❌")
            name = check.check_id + (" *(hidden)*" if check.hidden else "")
            score = f"{points_text(check.points)} / {points_text(check.max_points)}"
            lines.append(f"| {icon} | {_cell(name)} | {score} | {_cell(check.reason)} |")
        lines.append("")
    if result.warnings:
        lines += ["**Warnings**", ""] + [f"- {_cell(w)}" for w in result.warnings] + [""]
    lines.append(f"<sub>Isolation: {result.isolation}. Grader {result.grader_version}.</sub>")
    return "\n".join(lines) + "\n"


# Every report is a pure function of a SubmissionResult.
RENDERERS = {
    "text": render_text,
    "gradescope": render_gradescope,
    "junit": render_junit,
    "markdown": render_markdown,
    "github": render_github,  # annotations; the CLI also writes GitHub's summary and outputs
}
FORMATS = tuple(RENDERERS)


def _numbered(result: SubmissionResult) -> list[tuple[str, CheckResult]]:
    """Gradescope numbers: '<question>.<check>' counted from 1."""
    numbered = []
    for question_index, (_, _, checks) in enumerate(result.by_question(), 1):
        numbered += [(f"{question_index}.{i}", c) for i, c in enumerate(checks, 1)]
    return numbered


def _pending(result: SubmissionResult) -> str:
    """' (+ 10 points graded by hand)' when some questions are graded by course staff, and
    ' (extra credit: up to 10 more)' when the assignment has extra credit."""
    pending, extra = result.pending_points, result.extra_credit_points
    text = f" (+ {points_text(pending)} points graded by hand)" if pending else ""
    return text + (f" (extra credit: up to {points_text(extra)} more)" if extra else "")


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
