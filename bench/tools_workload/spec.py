"""The workload every tool grades: three numpy functions a student writes in a notebook, and
four tests of them, each with its points.

The tests are data (an expression over fixed inputs and the value it must give), so nbgrader's
test cells, otter's test files and our checks are all written from this one list and judge the
same thing the same way: `np.allclose(got, expected, rtol=RTOL, atol=ATOL)`.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

import numpy as np

SEED = 231
RTOL, ATOL = 1e-6, 1e-9
FUNCTIONS = ("normalize", "pairwise_sq_dists", "softmax")
PROMPTS = {
    "normalize": "Scale each row of x (N, D) to unit Euclidean length.",
    "pairwise_sq_dists": "Squared Euclidean distances between the rows of a (N, D) and b (M, D), "
    "as an (N, M) array.",
    "softmax": "Row-wise softmax of scores z (N, C); stay finite for scores in the thousands.",
}


def normalize(x):
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def pairwise_sq_dists(a, b):
    return ((a[:, None, :] - b[None, :, :]) ** 2).sum(axis=2)


def softmax(z):
    shifted = np.exp(z - z.max(axis=1, keepdims=True))
    return shifted / shifted.sum(axis=1, keepdims=True)


REFERENCE = {"normalize": normalize, "pairwise_sq_dists": pairwise_sq_dists, "softmax": softmax}


def inputs() -> dict[str, np.ndarray]:
    """The tests' inputs, seeded: x (6, 4), a (5, 3), b (7, 3), z (4, 6), z_big (3, 5)."""
    rng = np.random.RandomState(SEED)
    return {
        "x": rng.randn(6, 4),
        "a": rng.randn(5, 3),
        "b": rng.randn(7, 3),
        "z": rng.randn(4, 6),
        "z_big": 1000 * rng.randn(3, 5),  # exp overflows unless the maximum is subtracted
    }


@dataclass(frozen=True)
class Test:
    name: str  # also nbgrader's grade_id and otter's test name
    function: str
    points: int
    call: str  # an expression over the inputs' names
    what: str

    def expected(self) -> np.ndarray:
        return np.asarray(eval(self.call, {**REFERENCE, **inputs()}))  # our own constant code


TESTS = (
    Test("normalize_rows", "normalize", 2, "normalize(x)", "rows scaled to unit length"),
    Test("sq_dists", "pairwise_sq_dists", 3, "pairwise_sq_dists(a, b)", "squared distances"),
    Test("softmax_rows", "softmax", 3, "softmax(z)", "probabilities on moderate scores"),
    Test("softmax_large", "softmax", 2, "softmax(z_big)", "finite for scores in the thousands"),
)
TOTAL = sum(t.points for t in TESTS)


def literal(array: np.ndarray, numpy: str = "np") -> str:
    """Python source that rebuilds `array` exactly (float repr round-trips) with `numpy`."""
    return f"{numpy}.array({np.asarray(array).tolist()!r})"


def arguments(test: Test) -> list[str]:
    """The names of the inputs the test's call passes, in order."""
    return [arg.id for arg in ast.parse(test.call, mode="eval").body.args]


def call_source(test: Test, numpy: str = "np") -> str:
    """The test's call with its inputs written out: one self-contained expression."""
    values = inputs()
    written = ", ".join(literal(values[name], numpy) for name in arguments(test))
    return f"{test.function}({written})"


def test_source(test: Test) -> str:
    """A self-contained test cell: build the inputs, call the student's function, assert."""
    lines = ["import numpy as np"]
    lines += [f"{name} = {literal(inputs()[name])}" for name in arguments(test)]
    lines += [
        f"expected = {literal(test.expected())}",
        f"got = {test.call}",
        "assert np.shape(got) == expected.shape, f'shape {np.shape(got)}, expected "
        "{expected.shape}'",
        f"assert np.allclose(got, expected, rtol={RTOL}, atol={ATOL}), '{test.what}: wrong values'",
    ]
    return "\n".join(lines)
