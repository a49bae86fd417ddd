"""source: loops and forbidden calls found statically, without running student code."""

from __future__ import annotations

import textwrap

import pytest

from grader.source import SourceProblem, find_function, forbidden_uses, loops_in

CODE = """
import numpy as np
import numpy.linalg as la
from numpy.linalg import norm as l2
from scipy.spatial import distance


class Knn:
    def clean(self, X):
        return np.sqrt(np.sum(X * X, axis=1))

    def loops(self, X):
        total = [x for x in X]
        for row in X:
            while False:
                pass
        return np.vectorize(abs)(X)

    def norms(self, X):
        a = np.linalg.norm(X)
        b = la.norm(X)
        c = l2(X)
        return distance.cdist(X, X) + a + b + c
"""


@pytest.fixture
def root(tmp_path):
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "knn.py").write_text(textwrap.dedent(CODE))
    return tmp_path


def test_clean_function_has_no_loops_or_forbidden_calls(root):
    node, aliases = find_function(root, "pkg.knn:Knn.clean")
    assert loops_in(node, aliases) == []
    assert forbidden_uses(node, aliases, ("numpy.linalg.norm", "scipy")) == []


def test_every_kind_of_loop_is_found_with_its_line(root):
    node, aliases = find_function(root, "pkg.knn:Knn.loops")
    kinds = [kind for kind, _ in loops_in(node, aliases)]
    assert kinds == ["a comprehension", "a for loop", "a while loop", "numpy.vectorize()"]


def test_forbidden_calls_are_found_through_aliases(root):
    node, aliases = find_function(root, "pkg.knn:Knn.norms")
    found = forbidden_uses(node, aliases, ("numpy.linalg.norm", "scipy"))
    assert [line for _, line in found] == [20, 21, 22, 23]
    assert {name for name, _ in found} == {"numpy.linalg.norm", "scipy"}


def test_missing_function_and_unparsable_file_are_reasons(root):
    with pytest.raises(SourceProblem, match="pkg/knn.py has no Knn.absent"):
        find_function(root, "pkg.knn:Knn.absent")
    (root / "pkg" / "knn.py").write_text("def f(:\n")
    with pytest.raises(SourceProblem, match="pkg/knn.py does not parse"):
        find_function(root, "pkg.knn:Knn.clean")
