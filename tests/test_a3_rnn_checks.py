"""Assignment 3's checks of the RNN and LSTM layers and CaptioningRNN (questions rnn and lstm),
on what they compute here: the published sample() pitfall costs exactly the sample checks, the
greedy decoding the sample checks expect is the reference's, and the notebook runs' measure
runs the same recurrences as the reference layers."""

from __future__ import annotations

import numpy as np
import pytest

from assignments.assignment3.checks import captioning_rnn, notebooks_rnn
from grader.config import load_assignment
from grader.registry import load_checks
from grader.runner import RunOptions, grade_submission
from tests.conftest import ROOT, load_reference_module, write_submission
from tests.variant_corpus import apply_variant, load_variants

FUNCTIONS_ONLY = RunOptions(skip_notebooks=True)
SAMPLE = "CaptioningRNN.sample"


@pytest.fixture(scope="module")
def assignment3(project):
    return load_assignment(project, "assignment3")


@pytest.fixture(scope="module")
def reference(assignment3):
    return {
        "layers": load_reference_module(assignment3, "cs231n/rnn_layers.py"),
        "rnn": load_reference_module(assignment3, "cs231n/classifiers/rnn.py"),
    }


def test_start_in_column_0_loses_exactly_the_sample_points(project, assignment3, tmp_path):
    (pitfall,) = [v for v in load_variants("assignment3", "bugs")
                  if v.id == f"{SAMPLE}/start_in_column_0"]  # fmt: skip
    folder = write_submission(project, assignment3, tmp_path / "pitfall")
    apply_variant(folder, assignment3, pitfall)
    result = grade_submission(project, folder, options=FUNCTIONS_ONLY)

    sample_checks = {c.name: c.points for c in load_checks(assignment3) if c.unit == SAMPLE}
    lost = {r.check_id: r.max_points - r.points for r in result.results if r.lost_points}
    assert len(sample_checks) >= 3
    assert set(lost) == set(sample_checks)
    assert sum(lost.values()) == pytest.approx(sum(sample_checks.values()))
    column = next(r for r in result.results if "column 0" in r.check_id)
    assert "<START>" in column.reason and "column 0" in column.reason
    assert "start in column 1" in column.reason


@pytest.mark.parametrize("seed, params", [(97, {}), (89, {"N": 5, "D": 7, "W": 11, "H": 10})])
def test_greedy_decoding_is_the_references_sample(reference, seed, params):
    d = captioning_rnn.sample_inputs(np.random.RandomState(seed), **params)
    D, W, H = d["dims"]
    model = reference["rnn"].CaptioningRNN(d["word_to_idx"], input_dim=D, wordvec_dim=W,
                                           hidden_dim=H, dtype=np.float64)  # fmt: skip
    model.params = dict(d["params"])
    expected = captioning_rnn.greedy(d)
    np.testing.assert_array_equal(model.sample(d["features"], d["max_length"]), expected)
    # The inputs exercise what the checks judge: varied first words, <END> part-way, and
    # never <START> or <NULL> as a word.
    assert len(set(expected[:, 0])) > 1
    assert (expected == captioning_rnn.END).any(axis=1).all()
    assert not np.isin(expected, [captioning_rnn.START, captioning_rnn.NULL]).any()


def test_rows_may_stop_at_end_but_must_then_hold_null():
    END, NULL = captioning_rnn.END, captioning_rnn.NULL
    greedy = np.array([5, 6, END, 7, 8, 9])
    allowed = captioning_rnn.allowed
    assert allowed(greedy.copy(), greedy)
    assert allowed(np.array([5, 6, END, NULL, NULL, NULL]), greedy)
    assert allowed(np.array([5, 6, END, 7, NULL, NULL]), greedy)  # the batch stopped later
    assert not allowed(np.array([5, 6, END, 0, 0, 0]), greedy)  # zeros, not <NULL>
    assert not allowed(np.array([5, 6, NULL, NULL, NULL, NULL]), greedy)  # <END> left out
    assert not allowed(np.array([5, 6, END, NULL, 8, 9]), greedy)


@pytest.mark.parametrize("cell_type", ["rnn", "lstm"])
def test_notebook_measure_runs_the_reference_recurrence(reference, cell_type):
    rng = np.random.RandomState(7)
    N, T, V, D, W, H = 4, 6, 9, 5, 3, 4
    p = captioning_rnn.drawn_params(rng, V, D, W, H, cell_type)
    p["W_embed"] *= 100
    features, words = rng.randn(N, D), rng.randint(V, size=(N, T))
    forward = getattr(reference["layers"], f"{cell_type}_forward")
    h0 = features @ p["W_proj"] + p["b_proj"]
    expected, _ = forward(p["W_embed"][words], h0, p["Wx"], p["Wh"], p["b"])
    got = notebooks_rnn.hidden_states(p, features, words, cell_type)
    np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-12)


def test_notebook_measure_leaves_out_the_null_padding():
    rng = np.random.RandomState(3)
    V, D, W, H = 6, 4, 3, 5
    p = captioning_rnn.drawn_params(rng, V, D, W, H, "rnn")
    p["b_vocab"][0] = 50.0  # the model predicts <NULL> (0) at every step
    captions = np.array([[1, 4, 5, 2, 0, 0], [1, 3, 2, 0, 0, 0]])
    arrays = {**p, "cell_type": "rnn", "null": 0, "captions": captions,
              "features": rng.randn(2, D)}  # fmt: skip
    # Counting the padding would give it 5 of the 10 next words.
    assert notebooks_rnn.word_accuracy(arrays) == {notebooks_rnn.METRIC: 0.0}
    arrays["null"] = 3  # with another padding index, the model's 0s are right where 0 is next
    assert notebooks_rnn.word_accuracy(arrays)[notebooks_rnn.METRIC] == pytest.approx(5 / 9)


def test_rnn_and_lstm_points_add_up(assignment3):
    checks = load_checks(assignment3)
    points = {q: sum(c.points for c in checks if c.question == q) for q in ("rnn", "lstm")}
    assert points == {"rnn": 45, "lstm": 10}
    assert ROOT.joinpath("assignments/assignment3/fixtures/rnn_layers.npz").is_file()


@pytest.mark.slow
def test_rnn_notebook_run_passes_the_reference_and_fails_a_backward_without_dprev_h(
    project, assignment3, tmp_path
):
    """The notebook check discriminates: the reference's overfit model gets every next word of
    its 50 captions right, and one trained with rnn_backward ignoring dprev_h falls short."""
    options = RunOptions(units=("RNN_Captioning.ipynb",))
    (bug,) = [v for v in load_variants("assignment3", "bugs")
              if v.id == "rnn_backward/forgets_dprev_h"]  # fmt: skip
    verdicts = {}
    for name in ("reference", "bug"):
        folder = write_submission(project, assignment3, tmp_path / name)
        if name == "bug":
            apply_variant(folder, assignment3, bug)
        (result,) = grade_submission(project, folder, options=options).results
        verdicts[name] = result
    assert verdicts["reference"].points == verdicts["reference"].max_points == 5
    assert verdicts["bug"].points < verdicts["bug"].max_points
    assert "training word accuracy" in verdicts["bug"].reason
