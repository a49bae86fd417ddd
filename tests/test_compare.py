"""compare: graded credit by tolerance bands and one-line reasons a student can act on."""

from __future__ import annotations

import numpy as np
import pytest

from grader.compare import Tolerance, compare, compare_outputs, rel_error


def course_rel_error(x, y):
    return np.max(np.abs(x - y) / (np.maximum(1e-8, np.abs(x) + np.abs(y))))


def test_rel_error_is_the_course_definition():
    rng = np.random.RandomState(231)
    x, y = rng.randn(4, 5), rng.randn(4, 5)
    assert rel_error(x, y) == course_rel_error(x, y)
    assert rel_error(np.zeros(3), np.zeros(3)) == 0.0


def test_credit_falls_off_in_bands():
    tolerance = Tolerance("rel_error", 1e-7)
    assert tolerance.credit(1e-8) == 1.0
    assert tolerance.credit(1e-7) == 1.0
    assert tolerance.credit(5e-6) == 0.5
    assert tolerance.credit(1e-4) == 0.0
    custom = Tolerance("abs", 1e-10, partial_limit=1e-3, partial_credit=0.25)
    assert custom.credit(1e-4) == 0.25


def test_full_credit_has_no_reason_but_keeps_the_measurement():
    verdict = compare("out", np.ones(3), np.ones(3), Tolerance())
    assert verdict.fraction == 1.0 and verdict.reason == ""
    assert "relative error 0.0e+00" in verdict.detail


def test_shape_mismatch_names_both_shapes():
    verdict = compare("out", np.zeros((5, 3)), np.zeros((3, 5)), Tolerance())
    assert verdict.fraction == 0.0
    assert verdict.reason == "out: shape (3, 5) expected, got (5, 3)"


def test_none_hints_at_an_empty_todo():
    verdict = compare("dx", None, np.zeros((2, 3)), Tolerance())
    assert verdict.reason == (
        "dx: got None, expected an array of shape (2, 3) (is the TODO still empty?)"
    )


def test_nan_and_overflow_are_called_out():
    got = np.array([1.0, np.nan, 2.0])
    assert (
        compare("loss", got, np.ones(3), Tolerance()).reason
        == "loss contains NaN in 1 of 3 entries"
    )
    got = np.array([1.0, np.inf])
    assert "inf (overflow?)" in compare("x", got, np.ones(2), Tolerance()).reason


def test_relative_error_reason_and_detail_rows():
    want = np.linspace(1, 2, 6).reshape(2, 3)
    got = want.copy()
    got[1, 2] *= 1.05
    verdict = compare("dx", got, want, Tolerance("rel_error", 1e-7))
    assert verdict.fraction == 0.0
    assert verdict.reason == "dx: relative error 2.4e-02 > 1e-07"
    assert "1 / 6 entries mismatched" in verdict.detail
    assert "at (1, 2): got 2.1, expected 2" in verdict.detail


def test_scalar_reason_shows_both_numbers():
    verdict = compare("loss", 3.5, 3.4702243556, Tolerance("abs", 1e-10))
    assert verdict.reason == "loss: got 3.5, expected 3.4702243556; absolute error 3.0e-02 > 1e-10"


def test_scalar_in_a_one_element_array_is_accepted():
    assert compare("loss", np.array([2.0]), 2.0, Tolerance("abs", 1e-12)).fraction == 1.0


def test_exact_labels_point_at_the_first_wrong_entry():
    verdict = compare(
        "labels", np.array([1, 2, 3, 0]), np.array([1, 2, 4, 0]), Tolerance("exact", 0)
    )
    assert verdict.fraction == 0.0
    assert verdict.reason == "labels: 1 of 4 entries wrong (first at (2,): got 3, expected 4)"


@pytest.mark.parametrize("got", ["text", {"a": 1}, np.array(["a", "b"])])
def test_non_numeric_outputs_are_explained(got):
    verdict = compare("out", got, np.zeros(2), Tolerance())
    assert verdict.fraction == 0.0 and verdict.reason.startswith(
        "out: expected an array of shape (2,)"
    )


def test_named_outputs_report_every_loser_and_take_the_lowest_credit():
    expected = {"dx": np.ones(2), "dw": np.ones(2), "db": np.ones(2)}
    got = {"dx": np.ones(2), "dw": np.ones(2) * (1 + 1e-6), "db": np.zeros(3)}
    verdict = compare_outputs(got, expected, Tolerance("rel_error", 1e-8))
    assert verdict.fraction == 0.0
    assert verdict.reason == "dw: relative error 5.0e-07 > 1e-08; db: shape (2,) expected, got (3,)"
    assert compare_outputs(None, expected, Tolerance()).reason.startswith("expected outputs")


def test_an_absolute_floor_forgives_noise_where_the_true_gradient_is_zero():
    # A bias feeding batch norm has a true gradient of 0; a correct backward gives ~1e-13 noise,
    # which the course's rel_error (floor 1e-8) calls a 100% error.
    got, want = np.array([3e-13, -2e-13]), np.zeros(2)
    assert compare("db", got, want, Tolerance("rel_error", 1e-7)).fraction == 0.0
    assert compare("db", got, want, Tolerance("rel_error", 1e-7, floor=1e-5)).fraction == 1.0
    # The floor does not hide a real error.
    assert (
        compare("db", np.array([0.1, 0.0]), want, Tolerance("rel_error", 1e-7, floor=1e-5)).fraction
        == 0.0
    )
