"""`grader run` on kNN submissions: full marks, zero marks, and each kind of broken code."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile

import pytest

from grader.cli import main
from grader.runner import RunOptions, grade_submission
from tests.conftest import ROOT

KNN_FILE = "cs231n/classifiers/k_nearest_neighbor.py"
KNN = RunOptions(only=("KNearestNeighbor",))  # the kNN part: 13 checks, 18 points
FAST = RunOptions(
    only=("KNearestNeighbor",), timeout_scale=0.2
)  # 2 s calls: infinite loops end soon


def lost(result):
    return {r.check_id for r in result.results if r.points < r.max_points}


def test_solved_submission_earns_every_point(project, submission):
    result = grade_submission(project, submission(), options=KNN)
    assert result.max_score == 18
    assert result.score == result.max_score, [(r.check_id, r.reason) for r in result.results]
    assert result.warnings == ()


def test_released_stubs_earn_zero_on_every_check_each_with_a_reason(project, release_zip):
    result = grade_submission(project, release_zip, options=KNN)
    assert result.score == 0 and len(result.results) == 13
    for check in result.results:
        assert check.points == 0 and check.reason, check.check_id
    assert {r.status for r in result.results} <= {"failed", "skipped"}


def test_one_wrong_distance_function_loses_exactly_its_points(project, submission):
    squared = submission({KNN_FILE: [(
        "dists[i, :] = np.sqrt(np.maximum(squared, 0.0))",
        "dists[i, :] = squared",
    )]})  # fmt: skip
    result = grade_submission(project, squared, options=KNN)
    assert lost(result) == {r.check_id for r in result.results if "one_loop" in r.unit}
    assert result.score == 14
    agreement = next(
        r
        for r in result.results
        if r.check_id.startswith("KNearestNeighbor.compute_distances_one_loop: agrees with compute")
    )
    assert agreement.reason.startswith("dists: Frobenius difference")


def test_infinite_loop_times_out_that_check_and_the_rest_are_graded(project, submission):
    spinning = submission({KNN_FILE: [(
        "                difference = X[i] - self.X_train[j]\n",
        "                while True:\n                    pass\n",
    )]})  # fmt: skip
    result = grade_submission(project, spinning, options=FAST)
    two_loops = [r for r in result.results if "two_loops" in r.unit]
    assert [r.status for r in two_loops] == ["timeout", "timeout", "skipped"]
    assert two_loops[0].reason.startswith(
        "timed out after 2 s in method compute_distances_two_loops"
    )
    assert lost(result) == {r.check_id for r in two_loops}
    assert result.score == 14


def test_syntax_error_is_reported_with_file_and_line_not_a_traceback(project, submission):
    broken = submission({KNN_FILE: [
        ("closest_y = self.y_train[nearest]", "closest_y = self.y_train[nearest"),
    ]})  # fmt: skip
    line = 1 + next(
        i for i, text in enumerate((broken / KNN_FILE).read_text().splitlines())
        if "self.y_train[nearest" in text
    )  # fmt: skip
    result = grade_submission(project, broken, options=KNN)
    assert result.score == 0
    expected = f"{KNN_FILE} could not be imported: {KNN_FILE}:{line}: SyntaxError:"
    for check in result.results:
        if check.status != "skipped":
            assert check.status == "error" and check.reason.startswith(expected), check.reason
        assert "Traceback" not in check.reason
    assert any(w.startswith(expected) for w in result.warnings)


def test_collected_zip_is_graded_from_its_manifest(project, submission, tmp_path, capsys):
    folder = submission()
    done = subprocess.run(
        [sys.executable, "collect_submission.py"], cwd=folder, capture_output=True
    )
    assert done.returncode == 0, done.stderr
    zipped = str(folder / "assignment1_submission.zip")
    assert main(["--root", str(ROOT), "run", zipped, "--only", "KNearestNeighbor"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("assignment1 (release 2024.1): 18 / 18 points")
    assert "PASS" in out and "FAIL" not in out


def test_report_can_be_written_to_a_file_in_any_format(submission, tmp_path):
    report = tmp_path / "results.json"
    args = ["--root", str(ROOT), "run", str(submission()), "--format", "gradescope"]
    assert main([*args, "--only", "predict_labels", "--output", str(report)]) == 0
    assert json.loads(report.read_text())["score"] == 5


def test_fail_under_turns_a_low_score_into_exit_status_1(release_zip):
    args = ["--root", str(ROOT), "run", str(release_zip), "--format", "markdown", "-o", "/dev/null"]
    args += ["--only", "predict_labels"]
    assert main([*args, "--fail-under", "50"]) == 1
    assert main(args) == 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"this is not a zip", "not a readable zip file"),
        (b"PK\x03\x04 truncated zip header", "not a readable zip file"),
    ],
)
def test_corrupt_zip_is_a_one_line_error(tmp_path, capsys, content, message):
    bad = tmp_path / "bad.zip"
    bad.write_bytes(content)
    assert main(["--root", str(ROOT), "run", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: {bad}: {message}") and err.count("\n") == 1


def test_missing_submission_and_unknown_assignment_are_one_line_errors(tmp_path, capsys):
    assert main(["--root", str(ROOT), "run", str(tmp_path / "nowhere")]) == 2
    assert "no such file or folder" in capsys.readouterr().err
    (tmp_path / "cs231n").mkdir()
    assert main(["--root", str(ROOT), "run", str(tmp_path)]) == 2
    assert "pass --assignment NAME" in capsys.readouterr().err


def test_zip_entries_escaping_the_folder_are_skipped(project, submission, tmp_path):
    folder = submission()
    archive_path = tmp_path / "sneaky.zip"
    with zipfile.ZipFile(archive_path, "w") as archive:
        for path in (".release.json", KNN_FILE):
            archive.write(folder / path, path)
        archive.writestr("../../escaped.txt", "outside")
    result = grade_submission(project, archive_path, options=KNN)
    assert result.score == 18
    assert any("skipped unsafe entry '../../escaped.txt'" in w for w in result.warnings)
    assert not (tmp_path.parent / "escaped.txt").exists()


def test_edits_outside_answer_regions_are_warned_about_and_provided_files_restored(
    project, submission
):
    folder = submission({
        KNN_FILE: [("        return self.predict_labels(dists, k=k)", "        return None")],
        "cs231n/data_utils.py": [("def load_pickle(f):", "def load_pickle(f):  # edited")],
    })  # fmt: skip
    result = grade_submission(project, folder, options=RunOptions(only=("two_loops",)))
    line = 1 + (folder / KNN_FILE).read_text().splitlines().index("        return None")
    assert f"{KNN_FILE}:{line}: edited outside the answer regions" in result.warnings
    assert "cs231n/data_utils.py differs from the release; the release's version was used" in (
        result.warnings
    )


def test_missing_student_file_is_graded_as_the_starter_code(project, submission):
    folder = submission()
    (folder / KNN_FILE).unlink()
    result = grade_submission(project, folder, options=RunOptions(only=("predict_labels",)))
    assert result.score == 0
    assert (
        f"{KNN_FILE} is missing from the submission; graded as the starter code" in result.warnings
    )
