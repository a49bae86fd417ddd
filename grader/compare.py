"""Compare a student's output with the expected one: a Verdict with graded credit and a reason.

    verdict = compare("dx", got, expected, Tolerance("rel_error", 1e-7))

Reasons follow pytest.approx's order: the shape first, then non-finite values, then the error
against its limit; the detail adds k/n mismatched elements and a few (index, got, expected) rows.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

METRICS = ("rel_error", "abs", "sum_abs", "frobenius", "exact")
DETAIL_ROWS = 3


def rel_error(x, y, floor: float = 1e-8) -> float:
    """The course's relative error: max |x - y| / max(floor, |x| + |y|)."""
    x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    if x.size == 0:
        return 0.0
    with np.errstate(invalid="ignore", over="ignore"):  # inf and NaN compare as inf and NaN
        return float(np.max(np.abs(x - y) / np.maximum(floor, np.abs(x) + np.abs(y))))


@dataclass(frozen=True)
class Tolerance:
    """How close is close enough, and how credit falls off beyond that.

    Full credit at or below `limit`; `partial_credit` up to `partial_limit` (by default 100x
    the limit for continuous metrics, none for "exact"); nothing beyond.
    """

    metric: str = "rel_error"
    limit: float = 1e-7
    partial_limit: float | None = None
    partial_credit: float = 0.5
    floor: float = 1e-8  # rel_error's denominator floor; raise it where true values are ~0

    def __post_init__(self):
        if self.metric not in METRICS:
            raise ValueError(f"unknown metric {self.metric!r}; expected one of {METRICS}")

    @property
    def partial_bound(self) -> float:
        if self.partial_limit is not None:
            return self.partial_limit
        return self.limit if self.metric == "exact" else self.limit * 100

    def credit(self, error: float) -> float:
        if error <= self.limit:
            return 1.0
        return self.partial_credit if error <= self.partial_bound else 0.0


@dataclass(frozen=True)
class Problem:
    """What went wrong, as data next to the reason's words, so code never parses reasons.

    `kind` is one of PROBLEM_KINDS; `field` the output (or argument, or metric) it concerns;
    `expected`/`got` the two sides where they are short (shapes, numbers), and `error`/`limit`
    the measured error against its tolerance.
    """

    kind: str
    field: str = ""
    expected: object = None
    got: object = None
    error: float | None = None
    limit: float | None = None

    def __post_init__(self):
        if self.kind not in PROBLEM_KINDS:
            raise ValueError(f"unknown problem kind {self.kind!r}; expected one of {PROBLEM_KINDS}")


# missing: None came back; type: not a number or array; shape: wrong shape; non-finite: NaN
# or inf; value: an error over its tolerance; target: a metric under its target; source: a
# static rule broken; speed: not fast enough; in-place: an argument changed; notebook: a
# notebook left a model undefined.
PROBLEM_KINDS = ("missing", "type", "shape", "non-finite", "value", "target", "source", "speed",
                 "in-place", "notebook")  # fmt: skip
FORM_PROBLEMS = ("missing", "type", "shape")  # the output cannot even be compared


@dataclass(frozen=True)
class Verdict:
    """Credit earned (0..1), one line for the student, detail for staff, and the problems
    behind the lost credit as data."""

    fraction: float
    reason: str = ""
    detail: str = ""
    problems: tuple[Problem, ...] = ()


FULL = Verdict(1.0)


def combine(verdicts: list[Verdict]) -> Verdict:
    """The verdict of several outputs: the lowest credit, with the reasons of all that lost."""
    if not verdicts:
        return FULL
    lost = [v for v in verdicts if v.fraction < 1.0]
    return Verdict(
        min(v.fraction for v in verdicts),
        "; ".join(v.reason for v in lost),
        "\n".join(v.detail for v in verdicts if v.detail),
        tuple(p for v in lost for p in v.problems),
    )


def compare_outputs(got, expected, tolerance: Tolerance) -> Verdict:
    """Compare named outputs ({name: value}) with the expected ones, output by output."""
    if not isinstance(got, dict):
        problem = Problem("type", expected=sorted(expected), got=_kind(got))
        return Verdict(0.0, f"expected outputs {sorted(expected)}, got {_kind(got)}",
                       problems=(problem,))  # fmt: skip
    return combine(
        [compare(name, got.get(name), want, tolerance) for name, want in expected.items()]
    )


def compare(name: str, got, expected, tolerance: Tolerance) -> Verdict:
    """Compare one output with its expected value."""
    expected = np.asarray(expected)
    form = _form_problem(name, got, expected)
    if form:
        return Verdict(0.0, form[0], problems=(form[1],))
    got = np.asarray(got, dtype=np.float64).reshape(expected.shape)
    want = expected.astype(np.float64)
    if not np.all(np.isfinite(got)) and np.all(np.isfinite(want)):
        what = "NaN" if np.isnan(got).any() else "inf (overflow?)"
        count = int(np.sum(~np.isfinite(got)))
        problem = Problem("non-finite", name, got=what)
        return Verdict(0.0, f"{name} contains {what} in {count} of {got.size} entries",
                       problems=(problem,))  # fmt: skip
    error = _error(got, want, tolerance)
    fraction = tolerance.credit(error)
    if fraction == 1.0:
        return Verdict(1.0, detail=f"{name}: {_metric_text(tolerance, error)}")
    problem = Problem("value", name, error=error, limit=tolerance.limit)
    return Verdict(
        fraction,
        _reason(name, got, want, error, tolerance),
        _detail(name, got, want, tolerance),
        (problem,),
    )


def _form_problem(name: str, got, expected: np.ndarray) -> tuple[str, Problem] | None:
    """(reason, problem) when `got` cannot be compared at all: None, not numeric, or the
    wrong shape."""
    shape = expected.shape
    wanted = _describe_expected(shape)
    if got is None:
        return (f"{name}: got None, expected {wanted} (is the TODO still empty?)",
                Problem("missing", name, expected=shape))  # fmt: skip
    try:
        array = np.asarray(got)
    except Exception:  # noqa: BLE001 - any object may arrive; it only needs a message
        array = None
    if array is None or array.dtype.kind not in "biuf":
        return (f"{name}: expected {wanted}, got {_kind(got)}",
                Problem("type", name, expected=shape, got=_kind(got)))  # fmt: skip
    if shape == () and array.size == 1:
        return None  # a scalar returned as a 1-element array is still the scalar
    if array.shape != shape:
        return (f"{name}: shape {shape} expected, got {array.shape}",
                Problem("shape", name, expected=shape, got=array.shape))  # fmt: skip
    return None


def _error(got: np.ndarray, want: np.ndarray, tolerance: Tolerance) -> float:
    if got.size == 0:
        return 0.0
    difference = np.abs(got - want)
    if tolerance.metric == "rel_error":
        return rel_error(got, want, tolerance.floor)
    if tolerance.metric == "abs":
        return float(difference.max())
    if tolerance.metric == "sum_abs":
        return float(difference.sum())
    if tolerance.metric == "frobenius":
        return float(np.sqrt(np.sum(difference**2)))
    return float(np.mean(got != want))  # exact: the fraction of differing entries


def _metric_text(tolerance: Tolerance, error: float) -> str:
    limit = tolerance.limit
    return {
        "rel_error": f"relative error {error:.1e} (limit {limit:.0e})",
        "abs": f"absolute error {error:.1e} (limit {limit:.0e})",
        "sum_abs": f"summed absolute difference {error:.1e} (limit {limit:.0e})",
        "frobenius": f"Frobenius difference {error:.3g} (limit {limit:g})",
        "exact": f"{error:.0%} of entries differ",
    }[tolerance.metric]


def _reason(name: str, got, want, error: float, tolerance: Tolerance) -> str:
    if tolerance.metric == "exact":
        wrong = np.flatnonzero(got.ravel() != want.ravel())
        first = np.unravel_index(wrong[0], want.shape) if want.shape else ()
        index = tuple(int(i) for i in first)
        return (
            f"{name}: {wrong.size} of {want.size} entries wrong (first at {index or 'the value'}: "
            f"got {_num(got[first])}, expected {_num(want[first])})"
        )
    text = _metric_text(tolerance, error).replace(" (limit ", " > ").removesuffix(")")
    if want.shape == ():
        return f"{name}: got {_num(got)}, expected {_num(want)}; {text}"
    return f"{name}: {text}"


def _detail(name: str, got: np.ndarray, want: np.ndarray, tolerance: Tolerance) -> str:
    """pytest.approx-style detail: shape, k/n mismatched, max errors, a few rows."""
    per_entry = np.abs(got - want) / np.maximum(tolerance.floor, np.abs(got) + np.abs(want))
    limit = tolerance.limit if tolerance.metric == "rel_error" else 1e-7
    if tolerance.metric == "exact":
        mismatched = got != want
    else:
        mismatched = per_entry > limit
    lines = [
        f"{name}: shape {want.shape}; {int(mismatched.sum())} / {want.size} entries mismatched; "
        f"max abs difference {float(np.abs(got - want).max(initial=0)):.3g}, "
        f"max relative error {float(per_entry.max(initial=0)):.3g}"
    ]
    for flat in np.flatnonzero(mismatched.ravel())[:DETAIL_ROWS]:
        index = np.unravel_index(flat, want.shape) if want.shape else ()
        lines.append(f"    at {tuple(int(i) for i in index)}: got {_num(got[index])}, "
                     f"expected {_num(want[index])}")  # fmt: skip
    return "\n".join(lines)


def _describe_expected(shape: tuple) -> str:
    return "a number" if shape == () else f"an array of shape {shape}"


def _kind(value) -> str:
    if isinstance(value, np.ndarray):
        return f"an array of dtype {value.dtype}"
    return f"a {type(value).__name__}" if value is not None else "None"


def _num(value) -> str:
    return f"{float(value):.12g}"
