"""assignment.toml parsing: unknown keys and contradictions fail, naming the file."""

from __future__ import annotations

import shutil

import pytest

from grader.config import Project, load_assignment
from grader.errors import ConfigError


@pytest.fixture
def scratch_project(project, tmp_path):
    """A copy of the project's assignment1 config and reference, safe to break."""
    for folder in ("assignments/assignment1", "reference/assignment1", "templates"):
        shutil.copytree(project.root / folder, tmp_path / folder)
    return Project(tmp_path)


def edit_toml(scratch_project, old: str, new: str) -> None:
    path = scratch_project.assignments / "assignment1" / "assignment.toml"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_the_real_config_loads(assignment1):
    assert assignment1.name == "assignment1"
    assert "cs231n/classifiers/k_nearest_neighbor.py" in assignment1.student_files
    assert assignment1.banner.width_for("cs231n/classifiers/k_nearest_neighbor.py") == 81
    assert assignment1.banner.width_for("knn.ipynb") == 80


def test_unknown_key_names_key_and_file(scratch_project):
    edit_toml(scratch_project, "[banner]\n", "[banner]\ncolour = 'red'\n")
    with pytest.raises(ConfigError, match=r"assignment\.toml: unknown key banner\.colour"):
        load_assignment(scratch_project, "assignment1")


def test_student_file_that_is_not_released_is_an_error(scratch_project):
    edit_toml(scratch_project, '"features.ipynb",\n]', '"features.ipynb",\n    "nope.py",\n]')
    with pytest.raises(ConfigError, match="files.student lists 'nope.py', which is not released"):
        load_assignment(scratch_project, "assignment1")


def test_release_pattern_matching_nothing_is_an_error(scratch_project):
    edit_toml(scratch_project, '"*.ipynb",', '"*.ipynb",\n    "docs/*.md",')
    with pytest.raises(ConfigError, match="pattern 'docs/\\*.md' matches no reference file"):
        load_assignment(scratch_project, "assignment1")


def test_invalid_toml_is_reported_with_the_path(scratch_project):
    edit_toml(scratch_project, "[banner]", "[banner")
    with pytest.raises(ConfigError, match="assignment.toml: not valid TOML"):
        load_assignment(scratch_project, "assignment1")


def test_each_assignment_names_its_dataset_variable(project, scratch_project):
    """[data] says where notebooks find the dataset; the grader sets that variable for a run
    and the student README explains it. Assignment 1 keeps the CIFAR-10 defaults."""
    assert load_assignment(project, "assignment1").dataset_env == "CIFAR10_DIR"
    coco = load_assignment(project, "assignment3")
    assert coco.dataset_env == coco.data.env == "COCO_CAPTIONING_DIR"
    assert coco.data.generated.endswith("synthetic_coco_captioning")
    edit_toml(scratch_project, "[banner]\n", "[data]\nvariable = 'X'\n\n[banner]\n")
    with pytest.raises(ConfigError, match=r"unknown key data\.variable"):
        load_assignment(scratch_project, "assignment1")
