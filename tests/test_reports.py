"""Reports: Gradescope results.json against a schema, JUnit XML, Markdown and text."""

from __future__ import annotations

import dataclasses
import json
import xml.etree.ElementTree as ET

import jsonschema
import pytest

from grader.reports import FORMATS, render
from grader.results import CheckResult, SubmissionResult

# Gradescope's results.json for code autograders (their "Autograder Specifications" page):
# top-level score/execution_time/output and a list of tests; visibility and status enums.
VISIBILITY = {"enum": ["hidden", "after_due_date", "after_published", "visible"]}
GRADESCOPE_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["score", "tests"],
    "additionalProperties": False,
    "properties": {
        "score": {"type": "number", "minimum": 0},
        "execution_time": {"type": "number", "minimum": 0},
        "output": {"type": "string"},
        "output_format": {"enum": ["text", "html", "simple_format", "md", "ansi"]},
        "visibility": VISIBILITY,
        "stdout_visibility": VISIBILITY,
        "extra_data": {"type": "object"},
        "tests": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": [
                    "name",
                    "score",
                    "max_score",
                    "output",
                    "visibility",
                    "number",
                    "tags",
                ],  # fmt: skip
                "properties": {
                    "name": {"type": "string", "minLength": 1},
                    "score": {"type": "number", "minimum": 0},
                    "max_score": {"type": "number", "minimum": 0},
                    "status": {"enum": ["passed", "failed"]},
                    "output": {"type": "string"},
                    "visibility": VISIBILITY,
                    "number": {"type": "string", "pattern": r"^\d+(\.\d+)*$"},
                    "tags": {"type": "array", "items": {"type": "string"}},
                    "name_format": {"type": "string"},
                    "output_format": {"type": "string"},
                    "extra_data": {"type": "object"},
                },
            },
        },
    },
}


def check(check_id, question, status, points, max_points, reason="", hidden=False):
    return CheckResult(
        check_id=check_id, unit=check_id.split(":")[0], question=question, kind="expected output",
        points=points, max_points=max_points, status=status, reason=reason,
        detail="detail line" if reason else "", hidden=hidden, elapsed_s=0.25,
    )  # fmt: skip


@pytest.fixture
def result():
    return SubmissionResult(
        assignment="assignment1",
        version="2024.1",
        submission="alice.zip",
        results=(
            check("affine_forward: output", "q4", "passed", 2, 2),
            check(
                "affine_backward: dx | dw",
                "q4",
                "partial",
                1,
                2,
                "dw: relative error 2e-05 > 1e-07",
            ),
            check("relu_backward: dx", "q4", "failed", 0, 1, "dx: shape (3,) expected, got (4,)"),
            check(
                "KNearestNeighbor.predict_labels: ties", "q1", "timeout", 0, 3, "timed out", True
            ),
            check("KNearestNeighbor.train: stores data", "q1", "error", 0, 1, "ValueError: x"),
            check(
                "KNearestNeighbor.compute_distances_no_loops: fast",
                "q1",
                "skipped",
                0,
                2,
                "not graded",
            ),
        ),
        questions=(("q1", "Q1: kNN"), ("q4", "Q4: Two-layer net")),
        warnings=("cs231n/layers.py:12: edited outside the answer regions",),
        isolation="rlimits",
        elapsed_s=3.2,
        grader_version="0.1.0",
    )


def test_gradescope_output_matches_the_schema(result):
    document = json.loads(render(result, "gradescope"))
    jsonschema.validate(document, GRADESCOPE_SCHEMA)
    assert document["score"] == 3
    assert [t["number"] for t in document["tests"]] == ["1.1", "1.2", "1.3", "2.1", "2.2", "2.3"]
    hidden = next(t for t in document["tests"] if t["name"].endswith("ties"))
    assert hidden["visibility"] == "after_published" and hidden["status"] == "failed"
    partial = next(t for t in document["tests"] if t["name"].startswith("affine_backward"))
    assert partial["score"] == 1 and partial["max_score"] == 2
    assert partial["output"] == "dw: relative error 2e-05 > 1e-07"
    assert "edited outside the answer regions" in document["output"]


def test_gradescope_output_of_a_real_grading_matches_the_schema(project, release_zip):
    from grader.runner import RunOptions, grade_submission

    real = grade_submission(project, release_zip, options=RunOptions(skip_notebooks=True))
    jsonschema.validate(json.loads(render(real, "gradescope")), GRADESCOPE_SCHEMA)


def test_a_question_graded_by_hand_is_pending_in_every_format_and_out_of_the_total(result):
    pending = CheckResult(
        check_id="inline: inline answers", unit="inline", question="inline", kind="manual",
        points=0.0, max_points=10.0, status="pending",
        reason="graded by the course staff (7 of 10 inline questions answered)",
    )  # fmt: skip
    graded = dataclasses.replace(
        result,
        results=(*result.results, pending),
        questions=(*result.questions, ("inline", "Inline questions")),
    )
    assert graded.max_score == result.max_score and graded.pending_points == 10

    document = json.loads(render(graded, "gradescope"))
    jsonschema.validate(document, GRADESCOPE_SCHEMA)
    manual = document["tests"][-1]
    assert manual["name"] == "inline: inline answers (pending manual grading)"
    assert "status" not in manual and manual["max_score"] == 0
    assert manual["extra_data"] == {"pending_manual_grading": True, "points": 10.0}
    assert document["score"] == result.score

    text = render(graded, "text")
    assert text.splitlines()[0].endswith("3 / 11 points (+ 10 points graded by hand)")
    assert "Inline questions  10 points, pending" in text and "  HAND " in text
    junit = ET.fromstring(render(graded, "junit"))
    case = junit.find(".//testcase[@name='inline: inline answers']")
    assert case.find("skipped").get("message").startswith("pending manual grading")
    assert "✍️ | inline: inline answers" in render(graded, "markdown")


def test_extra_credit_adds_to_the_score_but_not_to_the_maximum(result):
    extra = check("lstm_forward: h", "lstm", "passed", 4, 4)
    graded = dataclasses.replace(
        result,
        results=(*result.results, extra),
        questions=(*result.questions, ("lstm", "Extra credit: LSTM")),
        extra_credit=("lstm",),
    )
    assert graded.max_score == result.max_score == 11
    assert graded.score == result.score + 4 and graded.extra_credit_points == 4
    assert SubmissionResult.from_dict(json.loads(json.dumps(graded.to_dict()))) == graded
    text = render(graded, "text")
    assert text.splitlines()[0].endswith("7 / 11 points (extra credit: up to 4 more)")
    assert "Extra credit: LSTM  4 / 4" in text


def test_an_assignments_extra_credit_question_is_out_of_its_maximum(project):
    from grader.config import load_assignment

    questions = {q.id: q for q in load_assignment(project, "assignment3").questions}
    assert questions["lstm"].extra_credit and not questions["rnn"].extra_credit


def test_junit_xml_parses_and_counts_tests(result):
    root = ET.fromstring(render(result, "junit"))
    assert root.tag == "testsuites"
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("6", "3", "2")
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == ["Q1: kNN", "Q4: Two-layer net"]
    assert [s.get("tests") for s in suites] == ["3", "3"]
    assert len(root.findall(".//testcase")) == 6
    failure = root.find(".//testcase[@name='relu_backward: dx']/failure")
    assert failure.get("message") == "dx: shape (3,) expected, got (4,)"
    error = root.find(".//testcase[@name='KNearestNeighbor.predict_labels: ties']/error")
    assert error.get("type") == "timeout"
    points = root.find(".//testcase[@name='affine_backward: dx | dw']/properties")
    assert {p.get("name"): p.get("value") for p in points} == {"points": "1", "max_points": "2"}


def test_markdown_has_a_table_per_question_and_escapes_pipes(result):
    text = render(result, "markdown")
    assert text.startswith("## assignment1: 3 / 11 points")
    assert "### Q1: kNN (0 / 6)" in text and "### Q4: Two-layer net (3 / 5)" in text
    assert "| 🟡 | affine_backward: dx \\| dw | 1 / 2 | dw: relative error 2e-05 > 1e-07 |" in text
    assert "*(hidden)*" in text


def test_text_report_gives_every_lost_point_a_reason(result):
    text = render(result, "text")
    lines = text.splitlines()
    assert lines[0] == "assignment1 (release 2024.1): 3 / 11 points"
    for failed in ("relu_backward: dx", "KNearestNeighbor.train: stores data"):
        index = next(i for i, line in enumerate(lines) if line.endswith(failed))
        assert lines[index + 1].strip()
    assert "\033[" not in text
    assert "\033[32mPASS" in render(result, "text", colour=True)


def test_every_format_renders(result):
    for format in FORMATS:
        assert render(result, format).endswith("\n")
    with pytest.raises(ValueError, match="unknown format 'pdf'"):
        render(result, "pdf")


def test_one_run_writes_text_gradescope_and_junit_at_once(release_zip, tmp_path, capsys):
    from grader.cli import main
    from tests.conftest import ROOT

    results, junit = tmp_path / "out" / "results.json", tmp_path / "out" / "report.xml"
    args = ["--root", str(ROOT), "run", str(release_zip), "--only", "predict_labels",
            "-f", "text", "-f", f"gradescope={results}", "--format", f"junit={junit}"]  # fmt: skip
    assert main(args) == 0
    text = capsys.readouterr().out
    assert text.startswith("assignment1 (release ") and "predict_labels" in text
    document = json.loads(results.read_text())
    jsonschema.validate(document, GRADESCOPE_SCHEMA)
    cases = ET.parse(junit).getroot().iter("testcase")
    assert len(document["tests"]) == len(list(cases)) > 0
    assert not list((tmp_path / "out").glob(".*partial"))  # written atomically


def test_two_reports_for_stdout_are_a_usage_error(release_zip, capsys):
    from grader.cli import main
    from tests.conftest import ROOT

    assert main(["--root", str(ROOT), "run", str(release_zip), "-f", "text", "-f", "junit"]) == 2
    assert "only one report can go to stdout" in capsys.readouterr().err
