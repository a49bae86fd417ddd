"""Batches: a folder or LMS zip of submissions becomes a gradebook with one row per student,
a catastrophe is a row and never a crash, a killed run resumes without grading anything twice,
and the similarity report flags a copied pair but not independent solutions."""

from __future__ import annotations

import csv
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from grader.batch.similarity import render_similarity, similar_groups
from grader.cli import main
from tests.conftest import ROOT, write_submission

LAYERS = "cs231n/layers.py"
LEAKY = {LAYERS: [("out = np.maximum(0, x)", "out = np.maximum(0.1 * x, x)")]}
SPIN = {LAYERS: [("out = np.maximum(0, x)", "while True:\n        pass")]}
UNITS = ["--unit", "relu_forward", "--unit", "affine_forward"]
VARIANTS = ROOT / "tests" / "variants" / "assignment1" / "correct"


def gradebook(out: Path) -> list[dict]:
    with open(out / "gradebook.csv") as stream:
        return [
            {k: v for k, v in row.items() if k != "elapsed_s"} for row in csv.DictReader(stream)
        ]


@pytest.fixture(scope="module")
def batch(project, assignment1, tmp_path_factory):
    """Five students: solved, one wrong layer, a corrupt zip, the untouched stubs, an infinite
    loop; plus the same five as an LMS export (a zip of zips)."""
    root = tmp_path_factory.mktemp("batch")
    subs = root / "submissions"
    write_submission(project, assignment1, subs / "alice")
    write_submission(project, assignment1, subs / "bob", LEAKY)
    (subs / "carol.zip").write_bytes(b"PK\x03\x04 truncated")
    write_submission(project, assignment1, subs / "dave", fill_answers=False)
    write_submission(project, assignment1, subs / "erin", SPIN)
    export = root / "export.zip"  # what an LMS bulk download looks like: a zip of zips
    with zipfile.ZipFile(export, "w") as archive:
        for student in sorted(subs.iterdir()):
            packed = student
            if student.is_dir():
                packed = root / f"{student.name}.zip"
                with zipfile.ZipFile(packed, "w") as one:
                    for file in sorted(student.rglob("*")):
                        if file.is_file():
                            one.write(file, f"assignment1/{file.relative_to(student)}")
            archive.write(packed, packed.name)
    return subs, export


def run_batch(path, out, *extra):
    args = ["--root", str(ROOT), "run", str(path), "--assignment", "assignment1", "--out",
            str(out), "--skip-notebooks", "--timeout-scale", "0.2", *UNITS, *extra]  # fmt: skip
    return main(args)


def test_a_batch_gives_one_row_per_student_and_catastrophes_are_rows(batch, tmp_path, capsys):
    subs, export = batch
    assert run_batch(subs, tmp_path / "out", "--jobs", "2") == 0
    rows = {row["student"]: row for row in gradebook(tmp_path / "out")}
    assert list(rows) == ["alice", "bob", "carol", "dave", "erin"]
    assert rows["alice"]["score"] == rows["alice"]["max_score"] == "4.5"
    assert float(rows["bob"]["score"]) < 4.5 and rows["bob"]["checks_lost"] != "0"
    assert rows["carol"]["status"] == "unreadable" and rows["carol"]["score"] == "0"
    assert rows["dave"]["score"] == "0"
    assert rows["erin"]["status"] == "graded" and float(rows["erin"]["score"]) == 3  # affine kept
    report = (tmp_path / "out" / "students" / "erin" / "report.txt").read_text()
    assert "timed out" in report
    for name in ("summary.html", "histogram.png", "pass_rates.png", "similarity.md"):
        assert (tmp_path / "out" / name).stat().st_size > 0
    summary = (tmp_path / "out" / "summary.html").read_text()
    assert "students/bob/report.txt" in summary and "answers/knn-cell-11.html" in summary
    pages = sorted((tmp_path / "out" / "answers").glob("*.html"))
    assert len(pages) == 10  # one per inline question, every student on it
    page = (tmp_path / "out" / "answers" / "knn-cell-11.html").read_text()
    assert "3 of 4 students answered" in page and page.count("<h2 id=") == 4  # carol: unreadable
    assert "carol: unreadable" in capsys.readouterr().err

    assert run_batch(export, tmp_path / "from-export") == 0  # the LMS zip grades the same
    assert gradebook(tmp_path / "from-export") == gradebook(tmp_path / "out")


def test_a_killed_batch_resumes_and_grades_nothing_twice(project, assignment1, tmp_path):
    subs = tmp_path / "submissions"
    for index in range(6):
        write_submission(project, assignment1, subs / f"s{index}", LEAKY if index % 2 else None)
    command = [
        sys.executable,
        "-m",
        "grader",
        "--root",
        str(ROOT),
        "run",
        str(subs),
        "--assignment",
        "assignment1",
        "--skip-notebooks",
        "--jobs",
        "1",
        "--unit",
        "KNearestNeighbor.compute_distances_no_loops",
        "--unit",
        "relu_forward",
    ]
    out = tmp_path / "out"
    process = subprocess.Popen(
        [*command, "--out", str(out)],
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    finished = []
    deadline = time.monotonic() + 300
    while len(finished) < 2 and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
        finished = sorted((out / "students").glob("*/result.json")) if out.exists() else []
    assert process.poll() is None, "the batch ended before it could be killed"
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    finished = sorted((out / "students").glob("*/result.json"))  # one more may have landed
    before = {path: path.stat().st_mtime_ns for path in finished}
    assert 2 <= len(before) < 6

    resumed = subprocess.run([*command, "--out", str(out)], capture_output=True, text=True,
                             timeout=600)  # fmt: skip
    assert resumed.returncode == 0, resumed.stderr
    assert f"({len(before)} already graded)" in resumed.stdout
    assert {path: path.stat().st_mtime_ns for path in before} == before
    fresh = subprocess.run([*command, "--out", str(tmp_path / "fresh")], capture_output=True,
                           text=True, timeout=600)  # fmt: skip
    assert fresh.returncode == 0, fresh.stderr
    assert gradebook(out) == gradebook(tmp_path / "fresh")


def rename(code: str, names: dict[str, str]) -> str:
    for old, new in names.items():
        code = code.replace(old, new)
    return code


def test_similarity_flags_a_copied_pair_with_renamed_names_but_not_independent_answers():
    original = (VARIANTS / "TwoLayerNet.loss" / "plain_numpy.py").read_text()
    copied = rename(original, {"scores": "s", "hidden": "h_layer", "probs": "p", "grads": "g"})
    copied = copied.replace("#", "# my own note:")
    answers = {
        "TwoLayerNet.loss": {
            "ann": original,
            "ben": copied,
            "cat": (VARIANTS / "TwoLayerNet.loss" / "separate_layers.py").read_text(),
        },
        "relu_forward": {  # the obvious one-liner, written independently by everyone
            "ann": "out = np.maximum(0, x)\n",
            "ben": "out = np.maximum(0, x)\n",
            "cat": "out = np.maximum(x, 0)\n",
        },
        "softmax_loss_naive": {
            name: (VARIANTS / "softmax_loss_naive" / f"{name}.py").read_text()
            for name in ("class_loops", "log_sum_exp_outer", "probabilities_half_reg")
        },
    }
    assert copied != original
    groups = similar_groups(answers)
    assert [(g.region, g.students) for g in groups] == [("TwoLayerNet.loss", ("ann", "ben"))]
    assert groups[0].ratio == 1.0  # identical once names and comments are normalised


def test_a_solution_shared_by_a_whole_class_is_one_group_with_two_answers_shown():
    """Thirty renamed copies are one entry, not 435 pairs; an edited copy is a close group."""
    original = (VARIANTS / "TwoLayerNet.loss" / "plain_numpy.py").read_text()
    copies = {f"s{i:02d}": rename(original, {"scores": f"scores{i}"}) for i in range(30)}
    edited = original.replace("reg * ", "reg * 1.0 * ", 1)
    assert edited != original
    answers = {"TwoLayerNet.loss": {**copies, "zed": edited}}
    groups = similar_groups(answers)
    assert [(len(g.students), g.ratio == 1.0) for g in groups] == [(30, True), (31, False)]
    assert groups[1].students[:2] == ("s00", "zed") and groups[1].ratio >= 0.9
    page = render_similarity(groups, answers)
    assert page.count("```python") == 4  # two answers per group
    assert "## TwoLayerNet.loss: 30 students (s00, s01, s02, s03, ...) (100%)" in page
    assert ", ".join(sorted(copies)) in page  # every member named for staff


def test_a_two_worker_local_cluster_gives_the_same_gradebook_as_two_jobs(batch, tmp_path):
    from distributed import Client, LocalCluster

    from grader.batch import grade_batch
    from grader.config import Project
    from grader.runner import RunOptions

    subs, _ = batch
    options = RunOptions(skip_notebooks=True, timeout_scale=0.2,
                         units=("relu_forward", "affine_forward"))  # fmt: skip
    project = Project(ROOT)
    grade_batch(project, subs, tmp_path / "jobs", "assignment1", options, jobs=2)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster, Client(cluster) as client:  # fmt: skip
        rows = grade_batch(project, subs, tmp_path / "cluster", "assignment1", options,
                           scheduler=client)  # fmt: skip
    assert [row.student for row in rows] == ["alice", "bob", "carol", "dave", "erin"]
    assert gradebook(tmp_path / "cluster") == gradebook(tmp_path / "jobs")
    report = (tmp_path / "cluster" / "students" / "erin" / "report.txt").read_text()
    assert "timed out" in report and "bwrap" in report
