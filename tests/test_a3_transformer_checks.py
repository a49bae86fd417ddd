"""Assignment 3's torch checks (assignments/assignment3/checks/transformer*.py) on whole
submissions: which checks a realistic bug costs, and the overfit run's loss target."""

from __future__ import annotations

import contextlib

import numpy as np
import pytest

from assignments.assignment3.checks import notebooks_transformer
from grader.config import load_assignment
from grader.registry import load_checks
from grader.runner import RunOptions, grade_submission
from tests.conftest import load_reference_module, write_submission
from tests.variant_corpus import apply_variant, load_variants

FUNCTIONS_ONLY = RunOptions(skip_notebooks=True)
MHA = "MultiHeadAttention.forward"


@pytest.fixture(scope="module")
def assignment3(project):
    return load_assignment(project, "assignment3")


@contextlib.contextmanager
def default_dtype(dtype):
    import torch

    before = torch.get_default_dtype()
    torch.set_default_dtype(dtype)
    try:
        yield
    finally:
        torch.set_default_dtype(before)


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


def test_notebook_measure_is_the_reference_model_in_eval_mode(assignment3):
    """The numpy forward the overfit check measures with gives the reference model's scores."""
    torch = pytest.importorskip("torch")
    transformer = load_reference_module(assignment3, "cs231n/classifiers/transformer.py")
    torch.manual_seed(5)
    word_to_idx = {"<NULL>": 0, "<START>": 1, "<END>": 2, **{f"w{i}": i for i in range(3, 11)}}
    with default_dtype(torch.float64):
        model = transformer.CaptioningTransformer(
            word_to_idx, input_dim=6, wordvec_dim=8, num_heads=2, num_layers=2, max_length=30
        )
        for parameter in model.parameters():  # larger than the init, so the layers matter
            parameter.data.normal_(0.0, 0.5)
        model.eval()
        rng = np.random.RandomState(0)
        features, words = rng.randn(4, 6), rng.randint(11, size=(4, 7))
        expected = model(torch.from_numpy(features), torch.from_numpy(words)).detach().numpy()
    p = {k: v.numpy() for k, v in model.state_dict().items()}
    got = notebooks_transformer.scores(p, features, words)
    # The provided table's angles are float32 (torch.arange(..., dtype=torch.float32)): 1e-10.
    np.testing.assert_allclose(got, expected, rtol=1e-7, atol=1e-8)


def test_notebook_measure_leaves_out_the_null_padding():
    rng = np.random.RandomState(3)
    shapes = {
        "embedding.weight": (6, 4), "visual_projection.weight": (4, 3), "output.weight": (6, 4),
        "linear1.weight": (16, 4), "linear2.weight": (4, 16),
    }  # fmt: skip
    p = {}
    for name in notebooks_transformer.PARAMS:
        short = name.rpartition("layers.")[2].partition(".")[2] if "layers." in name else name
        base = short.rsplit(".", 1)[0]
        rows = shapes.get(f"{base}.weight", (4, 4))
        if "norm" in base:
            rows = (4,)
        p[name] = rng.randn(*rows) if name.endswith("weight") else rng.randn(rows[0])
    p["output.weight"][:] = 0.0
    p["output.bias"] = np.array([50.0, 0, 0, 0, 0, 0])  # the model predicts <NULL> (0) always
    captions = np.array([[1, 4, 5, 2, 0, 0], [1, 3, 2, 0, 0, 0]])
    arrays = {**p, "null": 0, "captions": captions, "features": rng.randn(2, 3)}
    metric = notebooks_transformer.METRIC
    # Counting the padding would give it 5 of the 10 next words.
    assert notebooks_transformer.word_accuracy(arrays) == {metric: 0.0}
    arrays["null"] = 3  # with another padding index, the model's 0s are right where 0 is next
    assert notebooks_transformer.word_accuracy(arrays)[metric] == pytest.approx(5 / 9)


@pytest.mark.slow
def test_a_model_trained_with_the_image_as_a_token_misses_the_overfit_target(
    project, assignment3, tmp_path
):
    """Spec 14's forward memorises its captions by its own loss (0.0116 on the generated set),
    but measured with the provided decoder its weights get few words right."""
    (bug,) = [v for v in load_variants("assignment3", "bugs")
              if v.id == "CaptioningTransformer.forward/image_prepended"]  # fmt: skip
    folder = write_submission(project, assignment3, tmp_path / "bug")
    apply_variant(folder, assignment3, bug)
    options = RunOptions(only=("Transformer_Captioning.ipynb",))
    (run,) = grade_submission(project, folder, options=options).results
    assert run.points == 0 and f"{notebooks_transformer.METRIC} 0." in run.reason, run.reason
    # (The reference's run earns all 7 points in test_validate, which grades every notebook.)
