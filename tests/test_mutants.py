"""`grader mutants`: planted bugs in answer regions, graded on their unit's checks."""

from __future__ import annotations

import shutil

from grader.cli import main
from grader.config import Project
from grader.markers import END_DELIMITER, START_DELIMITER
from grader.mutants import generate_mutants, render_markdown, run_mutants
from tests.conftest import ROOT

SOLVED = f"""import numpy as np


def layer(x, w, n):
    out = None
    {START_DELIMITER}
    out = np.sum(x * w, axis=1) + 0.5
    out[out < 0] -= 1
    top = np.argsort(out)[:n]
    {END_DELIMITER}
    return out, -x
"""


def test_mutants_change_one_thing_inside_answer_regions_only():
    mutants = generate_mutants("layer.py", SOLVED)
    operators = {m.operator for m in mutants}
    assert {
        "* made /", "sum made mean", "axis=1 made axis=0", "0.5 made 1.5", "0.5 made 0.0",
        "< made >=", "-= made =", "-= made +=", "deleted the statement", "dropped '0.5'",
        "slice bound n made + 1",
    } <= operators  # fmt: skip
    outside = [m for m in mutants if "return out, -x" not in m.text]
    assert outside == []  # the return line, outside the region, is never touched
    assert all(m.unit == "layer" and 7 <= m.line <= 9 for m in mutants)
    assert len({m.text for m in mutants}) == len(mutants)
    for mutant in mutants:
        compile(mutant.text, "layer.py", "exec")


def test_every_mutant_of_relu_backward_is_caught_or_equivalent(project):
    report = run_mutants(project, "assignment1", units=("relu_backward",), jobs=2)
    (score,) = report.units
    assert report.problems == ()
    # '> made >=' behaves the same: the checks' inputs hold no exact zeros.
    assert (score.mutants, score.equivalent, score.caught, score.survived) == (7, 1, 6, 0)
    equivalent = [r.mutant.operator for r in report.results if r.outcome == "equivalent"]
    assert equivalent == ["> made >="]
    assert "| `relu_backward` | `cs231n/layers.py` | 7 | 1 | 6 | 0 | 100% |" in render_markdown(
        report
    )


def test_a_weak_check_lets_mutants_survive_and_the_command_says_so(tmp_path, capsys):
    for folder in ("assignments/assignment1", "reference/assignment1", "templates"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    checks = tmp_path / "assignments/assignment1/checks/layers.py"
    text = checks.read_text()
    # Loosen the gradient tolerance until a wrong relu_backward passes.
    checks.write_text(text.replace('GRADIENT = Tolerance("rel_error", 1e-8)',
                                   'GRADIENT = Tolerance("rel_error", 1.0)'))  # fmt: skip
    out = tmp_path / "mutation.md"
    code = main(["--root", str(tmp_path), "mutants", "assignment1", "--unit", "relu_backward",
                 "--output", str(out), "--fail-under", "95"])  # fmt: skip
    assert code == 1
    table = capsys.readouterr().out
    assert "relu_backward" in table and "survived" in table
    report = out.read_text()
    assert "## Survivors" in report and "cs231n/layers.py:" in report
    assert Project(tmp_path).root == tmp_path


def test_every_mutant_of_assignment2s_update_rules_is_caught(project):
    """sgd_momentum and rmsprop: published steps, two steps from the defaults on gradients with
    zeros and tiny entries (where epsilon's place shows)."""
    report = run_mutants(project, "assignment2", units=("sgd_momentum", "rmsprop"), jobs=2)
    assert report.problems == ()
    scores = {u.unit: (u.mutants, u.equivalent, u.caught, u.survived) for u in report.units}
    assert scores == {"sgd_momentum": (12, 0, 12, 0), "rmsprop": (30, 0, 30, 0)}
