"""The 20 students: 14 correct (in different styles), 3 wrong, 2 raising, 1 looping forever.

    for student in students(): student.name, student.code["softmax"], student.loses

Each answer is the source of one answer cell. `loses` is the tests a tool must fail, by name;
every other test must pass.
"""

from __future__ import annotations

import itertools
import random
import textwrap
from dataclasses import dataclass


def cell(source: str) -> str:
    return textwrap.dedent(source).strip()


NORMALIZE = [
    cell("""
    def normalize(x):
        return x / np.linalg.norm(x, axis=1, keepdims=True)
    """),
    cell("""
    def normalize(x):
        lengths = np.sqrt((x ** 2).sum(axis=1))
        return x / lengths[:, None]
    """),
    cell("""
    def normalize(x):
        out = np.zeros_like(x)
        for i, row in enumerate(x):
            out[i] = row / np.sqrt(np.dot(row, row))
        return out
    """),
    cell("""
    def normalize(x):
        return x / np.sqrt(np.einsum('ij,ij->i', x, x))[:, np.newaxis]
    """),
]
DISTS = [
    cell("""
    def pairwise_sq_dists(a, b):
        diff = a[:, None, :] - b[None, :, :]
        return np.sum(diff * diff, axis=-1)
    """),
    cell("""
    def pairwise_sq_dists(a, b):
        aa = (a ** 2).sum(axis=1)[:, None]
        bb = (b ** 2).sum(axis=1)[None, :]
        return aa + bb - 2 * a @ b.T
    """),
    cell("""
    def pairwise_sq_dists(a, b):
        d = np.empty((len(a), len(b)))
        for i in range(len(a)):
            for j in range(len(b)):
                d[i, j] = np.sum((a[i] - b[j]) ** 2)
        return d
    """),
    cell("""
    def pairwise_sq_dists(a, b):
        return np.array([((b - row) ** 2).sum(axis=1) for row in a])
    """),
]
SOFTMAX = [
    cell("""
    def softmax(z):
        e = np.exp(z - np.max(z, axis=1, keepdims=True))
        return e / np.sum(e, axis=1, keepdims=True)
    """),
    cell("""
    def softmax(z):
        m = z.max(axis=1, keepdims=True)
        log_sum = m + np.log(np.exp(z - m).sum(axis=1, keepdims=True))
        return np.exp(z - log_sum)
    """),
    cell("""
    def softmax(z):
        out = np.empty_like(z, dtype=float)
        for i in range(z.shape[0]):
            e = np.exp(z[i] - z[i].max())
            out[i] = e / e.sum()
        return out
    """),
    cell("""
    def softmax(z):
        e = np.exp(z - z.max(axis=1)[:, None])
        return e / e.sum(axis=1)[:, None]
    """),
]

# (kind, the function that is broken, its answer cell, the tests it loses)
BROKEN = [
    ("wrong", "normalize", cell("""
    def normalize(x):
        return x / np.abs(x).sum(axis=1, keepdims=True)  # L1, not L2
    """), ("normalize_rows",)),
    ("wrong", "pairwise_sq_dists", cell("""
    def pairwise_sq_dists(a, b):
        diff = a[:, None, :] - b[None, :, :]
        return np.sqrt((diff ** 2).sum(axis=2))  # distances, not squared
    """), ("sq_dists",)),
    ("wrong", "softmax", cell("""
    def softmax(z):
        e = np.exp(z)  # no shift: inf / inf for scores in the thousands
        return e / e.sum(axis=1, keepdims=True)
    """), ("softmax_large",)),
    ("raising", "pairwise_sq_dists", cell("""
    def pairwise_sq_dists(a, b):
        return (a ** 2).sum(1)[:, None] + (b ** 2).sum(1) - 2 * a @ b  # ValueError: not b.T
    """), ("sq_dists",)),
    ("raising", "softmax", cell("""
    def softmax(z):
        e = np.exp(z - z.max(axis=1, keepdims=True))
        return e / e.sum(axis=1)  # ValueError: (N, C) / (N,)
    """), ("softmax_rows", "softmax_large")),
    ("looping", "normalize", cell("""
    def normalize(x):
        out = np.empty_like(x)
        i = 0
        while i < x.shape[0]:  # forgot i += 1
            out[i] = x[i] / np.linalg.norm(x[i])
        return out
    """), ("normalize_rows",)),
]  # fmt: skip


@dataclass(frozen=True)
class Student:
    name: str
    kind: str  # correct, wrong, raising, looping
    code: dict[str, str]  # function name -> source of its answer cell
    loses: tuple[str, ...]  # the tests it must fail


def students() -> list[Student]:
    """14 correct students, each a different mix of styles, then the six broken ones."""
    styles = random.Random(231).sample(list(itertools.product(range(4), repeat=3)), 14)
    found = []
    for index, (n, d, s) in enumerate(styles):
        code = {"normalize": NORMALIZE[n], "pairwise_sq_dists": DISTS[d], "softmax": SOFTMAX[s]}
        found.append(Student(f"correct{index:02d}", "correct", code, ()))
    for index, (kind, function, source, loses) in enumerate(BROKEN):
        n, d, s = styles[index]
        code = {"normalize": NORMALIZE[n], "pairwise_sq_dists": DISTS[d], "softmax": SOFTMAX[s]}
        found.append(Student(f"{kind}{index:02d}", kind, {**code, function: source}, loses))
    return found
