"""`grader release`: the student zip, its manifest, and what must never leak into it."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import zipfile

import nbformat

from grader.cli import main
from grader.config import released_paths
from grader.markers import END_DELIMITER, MARKDOWN, PYTHON, START_DELIMITER, find_regions
from grader.notebooks import read_notebook
from tests.conftest import ROOT


def test_release_is_byte_for_byte_reproducible(release_zip, tmp_path):
    assert main(["--root", str(ROOT), "release", "assignment1", "--out", str(tmp_path)]) == 0
    again = tmp_path / "assignment1.zip"
    assert (
        hashlib.sha256(again.read_bytes()).digest()
        == hashlib.sha256(release_zip.read_bytes()).digest()
    )


def test_zip_entries_are_sorted_with_fixed_time_and_permissions(release_zip):
    with zipfile.ZipFile(release_zip) as archive:
        infos = archive.infolist()
    names = [info.filename for info in infos]
    assert names == sorted(names)
    assert all(name.startswith("assignment1/") for name in names)
    assert {info.date_time for info in infos} == {(1980, 1, 1, 0, 0, 0)}
    modes = {info.filename: (info.external_attr >> 16) & 0o777 for info in infos}
    assert modes["assignment1/cs231n/datasets/get_datasets.sh"] == 0o755
    assert modes["assignment1/cs231n/data_utils.py"] == 0o644


def test_every_python_file_compiles(unpacked):
    files = list(unpacked.rglob("*.py"))
    assert len(files) >= 5
    for path in files:
        compile(path.read_text(), str(path), "exec")


def test_stub_module_imports_from_the_unzipped_folder(unpacked):
    result = subprocess.run(
        [sys.executable, "-c", "import cs231n.classifiers.k_nearest_neighbor as m; "
         "c = m.KNearestNeighbor(); print(type(c).__name__)"],
        cwd=unpacked, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "KNearestNeighbor"


def _solution_lines(assignment) -> set[str]:
    """Every non-trivial line that stood inside a solution block of the reference."""
    lines = set()
    for path in released_paths(assignment):
        source = (assignment.reference / path).read_text()
        if path.endswith(".py"):
            texts = [(source, PYTHON)]
        elif path.endswith(".ipynb"):
            cells = read_notebook(source).cells
            texts = [(c.source, PYTHON if c.cell_type == "code" else MARKDOWN) for c in cells]
        else:
            continue
        for text, syntax in texts:
            for region in find_regions(text, path, syntax):
                lines.update(line.strip() for line in region.solution)
    # Lines this short ("else:", "pass") are not evidence of a leak.
    return {line for line in lines if len(line) >= 10}


def _released_lines(folder) -> set[str]:
    lines = set()
    for path in folder.rglob("*"):
        if path.suffix == ".ipynb":
            for cell in read_notebook(path.read_text()).cells:
                lines.update(line.strip() for line in cell.source.splitlines())
        elif path.is_file():
            lines.update(line.strip() for line in path.read_text().splitlines())
    return lines


def test_no_solution_line_appears_in_the_zip(assignment1, unpacked):
    solutions = _solution_lines(assignment1)
    assert len(solutions) > 20  # the search is only as good as what it searches for
    leaked = solutions & _released_lines(unpacked)
    assert not leaked, f"solution lines in the release: {sorted(leaked)[:5]}"


def test_each_stub_has_exact_delimiters_at_the_block_indentation(assignment1, unpacked):
    blocks = 0
    for path in released_paths(assignment1):
        if not path.endswith(".py"):
            continue
        reference = (assignment1.reference / path).read_text()
        expected = [r.indent for r in find_regions(reference, path, PYTHON) if not r.one_line]
        lines = (unpacked / path).read_text().splitlines()
        starts = [i for i, line in enumerate(lines) if line.strip() == START_DELIMITER]
        assert [lines[i][: len(lines[i]) - len(START_DELIMITER)] for i in starts] == expected
        for i, indent in zip(starts, expected, strict=True):
            assert lines[i + 1] == indent + "pass"
            assert lines[i + 2] == indent + END_DELIMITER
        blocks += len(starts)
    assert blocks >= 5


def test_notebooks_validate_without_outputs_or_solutions(unpacked):
    notebooks = list(unpacked.glob("*.ipynb"))
    assert notebooks
    for path in notebooks:
        nb = nbformat.read(path, as_version=4)
        nbformat.validate(nb)
        for cell in nb.cells:
            assert "BEGIN SOLUTION" not in cell.source and "END SOLUTION" not in cell.source
            if cell.cell_type == "code":
                assert cell.outputs == [] and cell.execution_count is None
        assert any(START_DELIMITER in c.source for c in nb.cells if c.cell_type == "code")
        assert any("*fill this in.*" in c.source for c in nb.cells if c.cell_type == "markdown")


def test_manifest_hashes_every_file(unpacked):
    manifest = json.loads((unpacked / ".release.json").read_text())
    on_disk = {
        p.relative_to(unpacked).as_posix()
        for p in unpacked.rglob("*")
        if p.is_file() and p.name != ".release.json"
    }
    assert set(manifest["files"]) == on_disk
    for name, entry in manifest["files"].items():
        assert hashlib.sha256((unpacked / name).read_bytes()).hexdigest() == entry["sha256"]
    assert manifest["assignment"] == "assignment1"
    assert manifest["grader_version"] and manifest["version"] and manifest["source_commit"]


def test_manifest_lists_answer_regions_with_scope_and_stub_hash(unpacked):
    manifest = json.loads((unpacked / ".release.json").read_text())
    regions = {r["id"]: r for r in manifest["regions"]}
    two_loops = (
        "cs231n/classifiers/k_nearest_neighbor.py::KNearestNeighbor.compute_distances_two_loops#1"
    )
    assert regions[two_loops]["scope"] == "KNearestNeighbor.compute_distances_two_loops"
    labels = [r for r in regions if "predict_labels" in r]
    assert len(labels) == 2
    assert any(
        r["file"] == "knn.ipynb" and r["scope"].startswith("cell[") for r in regions.values()
    )
    assert all(len(r["stub_sha256"]) == 64 for r in regions.values())


def test_collect_submission_zips_the_student_files(assignment1, unpacked, tmp_path):
    result = subprocess.run(
        [sys.executable, "collect_submission.py"], cwd=unpacked, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(unpacked / "assignment1_submission.zip") as archive:
        names = set(archive.namelist())
    (unpacked / "assignment1_submission.zip").unlink()
    assert names == {*assignment1.student_files, ".release.json"}
    assert "cs231n/classifiers/k_nearest_neighbor.py" in names and "knn.ipynb" in names


def test_collect_submission_fails_loudly_on_a_missing_file(unpacked, tmp_path):
    copy = tmp_path / "student"
    copy.mkdir()
    (copy / "collect_submission.py").write_text((unpacked / "collect_submission.py").read_text())
    result = subprocess.run(
        [sys.executable, "collect_submission.py"], cwd=copy, capture_output=True, text=True
    )
    assert result.returncode == 1
    assert "missing: cs231n/classifiers/k_nearest_neighbor.py" in result.stderr


def test_release_of_an_unknown_assignment_is_a_one_line_error(capsys):
    assert main(["--root", str(ROOT), "release", "assignment9"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "no such assignment 'assignment9'" in err
    assert err.count("\n") == 1


def test_student_readme_lists_each_questions_points(project):
    from grader.config import load_assignment
    from grader.release import render_student_files

    readme = render_student_files(project, load_assignment(project, "assignment3"))["README.md"]
    assert "- Q1: Image Captioning with Vanilla RNNs: 45 points\n" in readme
    assert "Image Captioning with LSTMs: 10 points on top of the maximum\n" in readme
    assert "10 points (read by people, not the grader)\n" in readme
