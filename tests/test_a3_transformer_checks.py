"""Assignment 3's torch checks (assignments/assignment3/checks/transformer*.py) on whole
submissions: which checks a realistic bug costs, and the overfit run's loss target."""

from __future__ import annotations

import importlib

import pytest

from grader.config import load_assignment
from grader.registry import load_checks
from grader.runner import RunOptions, grade_submission
from tests.conftest import write_submission
from tests.variant_corpus import apply_variant, load_variants

FUNCTIONS_ONLY = RunOptions(skip_notebooks=True)
MHA = "MultiHeadAttention.forward"


@pytest.fixture(scope="module")
def assignment3(project):
    return load_assignment(project, "assignment3")


@pytest.fixture(scope="module")
def loss_verdict(assignment3):
    """notebooks_transformer.loss_verdict, from the module the registry loaded."""
    (run,) = [c for c in load_checks(assignment3) if c.group == "notebooks_transformer"]
    return importlib.import_module(type(run).__module__).loss_verdict


def graded_with(project, config, folder, variant):
    write_submission(project, config, folder)
    apply_variant(folder, config, variant)
    return grade_submission(project, folder, options=FUNCTIONS_ONLY)


def test_an_attention_that_ignores_the_mask_loses_exactly_the_masked_attention_points(
    project, assignment3, tmp_path
):
    (bug,) = [v for v in load_variants("assignment3", "bugs") if v.id == f"{MHA}/ignores_mask"]
    result = graded_with(project, assignment3, tmp_path / "submission", bug)
    checks = {c.name: c for c in load_checks(assignment3)}
    assert all(r.status != "internal" for r in result.results)

    attention = [r for r in result.results if r.unit == MHA]
    masked = {r.check_id for r in attention if "mask" in r.check_id}
    assert len(masked) == 3  # the notebook's masked test, a random mask, a causal mask
    assert {r.check_id for r in attention if r.lost_points} == masked
    for r in attention:
        if r.check_id in masked:
            assert r.points == 0 and "mask" in r.reason and "Traceback" not in r.reason
    # The unmasked self- and cross-attention checks and the dropout check keep their points.
    assert (
        sum(r.points for r in attention)
        == sum(r.max_points for r in attention if r.check_id not in masked)
        > 0
    )

    # Nothing of PositionalEncoding is charged. CaptioningTransformer.forward runs the
    # student's attention under its causal mask (torch has no module that takes the course's
    # mask convention to stand in for it), so its checks that need masking lose too, and
    # only those: one-word captions need no mask and keep their points.
    others = [r for r in result.results if r.unit != MHA and r.lost_points]
    assert others and all(MHA in checks[r.check_id].uses for r in others)
    assert {r.unit for r in others} == {"CaptioningTransformer.forward"}
    one_word = [r for r in result.results if "one-word captions" in r.check_id]
    assert len(one_word) == 1 and not one_word[0].lost_points


def test_the_published_pitfall_forward_loses_points_that_name_the_image(
    project, assignment3, tmp_path
):
    """Spec 14: prepending the image as a token passes the course's saturating test."""
    unit = "CaptioningTransformer.forward"
    (bug,) = [v for v in load_variants("assignment3", "bugs") if v.id == f"{unit}/image_prepended"]
    result = graded_with(project, assignment3, tmp_path / "submission", bug)
    lost = {r.check_id: r for r in result.results if r.lost_points}
    assert lost and {r.unit for r in lost.values()} == {unit}
    notebook_test = f"{unit}: the notebook's test in eval mode, as printed"
    assert notebook_test in lost and lost[notebook_test].points == 0
    assert any("prepend the image" in r.reason for r in lost.values())


@pytest.mark.parametrize(
    "loss, fraction", [(0.01, 1.0), (0.03, 1.0), (0.035, 0.5), (0.05, 0.0), (float("nan"), 0.0)]
)
def test_a_final_loss_earns_full_credit_at_or_below_its_target(loss_verdict, loss, fraction):
    verdict = loss_verdict("final training loss", loss, 0.03)
    assert verdict.fraction == fraction
    assert (verdict.reason == "") == (fraction == 1.0)


def test_a_missing_loss_is_named(loss_verdict):
    verdict = loss_verdict("final training loss", None, 0.03)
    assert verdict.fraction == 0 and "expected a number, got NoneType" in verdict.reason


@pytest.mark.slow
def test_the_reference_notebook_reaches_the_overfit_target(project, assignment3, tmp_path):
    folder = write_submission(project, assignment3, tmp_path / "reference")
    options = RunOptions(only=("Transformer_Captioning.ipynb",))
    result = grade_submission(project, folder, options=options)
    (run,) = result.results
    assert run.status == "passed" and run.points == run.max_points == 7, run.reason
    assert "final training loss" in run.detail
