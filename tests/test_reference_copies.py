"""Provided files the course ships again in a later assignment stay identical copies.

Each reference folder is a student's standalone folder and its own zip, so a shared file lives
in each assignment that ships it; this keeps a fix to one copy from missing the others. Files
that differ on purpose (assignment 3's optim.py has no TODO blocks, assignment 2's solver.py
imports relatively, gradient_check.py gained the blob helper in assignment 2) are not listed.
"""

import pytest

from tests.conftest import ROOT

COPIES = [
    ("cs231n/data_utils.py", ("assignment1", "assignment2")),
    ("cs231n/vis_utils.py", ("assignment1", "assignment2")),
    ("cs231n/datasets/make_synthetic_cifar10.py", ("assignment1", "assignment2")),
    ("cs231n/gradient_check.py", ("assignment2", "assignment3")),
]


@pytest.mark.parametrize("path, assignments", COPIES, ids=[p for p, _ in COPIES])
def test_shared_provided_file_is_the_same_in_every_assignment(path, assignments):
    first, *others = (ROOT / "reference" / a / path for a in assignments)
    for other in others:
        assert other.read_bytes() == first.read_bytes(), f"{other} differs from {first}"
