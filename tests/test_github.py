"""`grader run --format github`: the step summary, annotations at the failing function, GitHub
Classroom's base64 result, and no workflow command that student code could have written."""

from __future__ import annotations

import base64
import json
import re

from grader.cli import main
from grader.github import classroom_result, escape_data, render_github
from grader.results import CheckResult, SubmissionResult
from tests.conftest import ROOT

LAYERS = "cs231n/layers.py"
BROKEN_RELU = [("out = np.maximum(0, x)", "out = np.maximum(0.1 * x, x)")]  # a leaky ReLU
COMMAND = re.compile(r"^::(?P<name>[a-z-]+)( (?P<props>[^:]*))?::")


def grade(folder, tmp_path, monkeypatch, capfd, *units):
    summary, output = tmp_path / "summary.md", tmp_path / "output.txt"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    monkeypatch.setenv("GITHUB_OUTPUT", str(output))
    args = ["--root", str(ROOT), "run", str(folder), "--format", "github", "--skip-notebooks"]
    code = main(args + [f"--unit={unit}" for unit in units])
    out, err = capfd.readouterr()
    return code, out, err, summary.read_text(), output.read_text()


def step_outputs(text: str) -> dict[str, str]:
    """Parse $GITHUB_OUTPUT as the runner does: name=value lines and name<<DELIMITER blocks."""
    values, lines = {}, iter(text.splitlines())
    for line in lines:
        if "<<" in line:
            name, delimiter = line.split("<<", 1)
            block = []
            for inner in lines:
                if inner == delimiter:
                    break
                block.append(inner)
            values[name] = "\n".join(block)
        else:
            name, value = line.split("=", 1)
            values[name] = value
    return values


def line_of(folder, path: str, text: str) -> int:
    return next(n for n, line in enumerate((folder / path).read_text().splitlines(), 1)
                if line.startswith(text))  # fmt: skip


def test_github_format_writes_summary_annotations_and_classroom_result(
    submission, tmp_path, monkeypatch, capfd
):
    folder = submission({LAYERS: BROKEN_RELU})
    code, out, _, summary, output = grade(folder, tmp_path, monkeypatch, capfd,
                                          "relu_forward", "affine_forward")  # fmt: skip
    assert code == 0
    relu_line = line_of(folder, LAYERS, "def relu_forward")
    errors = [line for line in out.splitlines() if line.startswith("::error ")]
    assert errors and all(
        line.startswith(f"::error file={LAYERS},line={relu_line},title=relu_forward")
        for line in errors
    ), out
    assert not any("affine_forward" in line for line in errors)

    assert summary.startswith("## assignment1: ")
    assert "| ✅ | affine_forward" in summary and "| ❌ | relu_forward" in summary

    values = step_outputs(output)
    result = json.loads(base64.b64decode(values["result"]))
    assert result["version"] == 1 and result["status"] == "fail"
    scores = {t["name"]: (t["score"], t["status"]) for t in result["tests"]}
    earned = sum(score for score, _ in scores.values())
    assert result["max_score"] == float(values["max_score"]) > earned == float(values["score"])
    relu = [t for t in result["tests"] if t["name"].startswith("relu_forward")]
    assert relu and all(t["status"] == "fail" and t["score"] == 0 for t in relu)
    assert {(t["filename"], t["line_no"]) for t in relu} == {(LAYERS, relu_line)}
    assert all(s == "pass" for n, (_, s) in scores.items() if n.startswith("affine_forward"))


def test_student_output_never_reaches_the_workflow_command_stream(
    submission, tmp_path, monkeypatch, capfd
):
    forged = "::notice::Points 100/100\\n::set-output name=result::e30=\\n::add-mask::x"
    folder = submission({LAYERS: [(
        "    out = np.maximum(0, x)",
        f"    print('{forged}')\n"
        f"    import os, sys; os.write(1, b'{forged}\\n'); os.write(2, b'{forged}\\n')\n"
        f"    raise ValueError('boom\\n{forged}')",
    )]})  # fmt: skip
    code, out, err, summary, output = grade(folder, tmp_path, monkeypatch, capfd, "relu_forward")
    assert code == 0
    for line in (out + err).splitlines():
        command = COMMAND.match(line)
        if command:
            assert command["name"] in ("error", "warning"), line
    assert "ValueError: boom" in out  # the reason keeps the first line of the message
    assert not re.search(r"^::(notice|set-output|add-mask)", out + err + summary, re.MULTILINE)
    assert set(step_outputs(output)) == {"result", "score", "max_score"}


def test_messages_and_properties_are_escaped_as_workflow_commands_require():
    assert escape_data("a%b\r\nc") == "a%25b%0D%0Ac"
    check = CheckResult(check_id="f: x, y", unit="f", question="q", kind="k", points=0,
                        max_points=1, status="failed", reason="line\n::add-mask::x",
                        location="dir,x/f.py:7")  # fmt: skip
    result = SubmissionResult("a1", "1", "s", (check,), (("q", "Q"),))
    first = render_github(result).splitlines()[0]
    assert (
        first == "::error file=dir%2Cx/f.py,line=7,title=f%3A x%2C y (0 / 1)::line%0A::add-mask::x"
    )
    assert classroom_result(result)["status"] == "fail"
