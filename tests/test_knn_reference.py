"""The reference kNN against an independent oracle and the notebook's own agreement test."""

from __future__ import annotations

import numpy as np
import pytest

from tests.conftest import load_reference_module


@pytest.fixture(scope="module")
def knn_module(assignment1):
    return load_reference_module(assignment1, "cs231n/classifiers/k_nearest_neighbor.py")


@pytest.fixture(scope="module")
def classifier_and_data(knn_module):
    rng = np.random.RandomState(231)
    X_train = rng.randint(0, 256, size=(60, 3072)).astype(np.float64)
    y_train = rng.randint(10, size=60)
    X_test = rng.randint(0, 256, size=(25, 3072)).astype(np.float64)
    classifier = knn_module.KNearestNeighbor()
    classifier.train(X_train, y_train)
    return classifier, X_train, X_test


def test_two_loop_distances_match_a_direct_oracle(classifier_and_data):
    classifier, X_train, X_test = classifier_and_data
    oracle = np.array([[np.sqrt(((a - b) ** 2).sum()) for b in X_train] for a in X_test])
    dists = classifier.compute_distances_two_loops(X_test)
    assert dists.shape == (25, 60)
    np.testing.assert_allclose(dists, oracle, rtol=1e-12)


@pytest.mark.parametrize("method", ["compute_distances_one_loop", "compute_distances_no_loops"])
def test_distance_implementations_agree_within_the_notebook_bound(classifier_and_data, method):
    classifier, _, X_test = classifier_and_data
    two_loops = classifier.compute_distances_two_loops(X_test)
    other = getattr(classifier, method)(X_test)
    # The notebook's test: Frobenius norm of the difference below 0.001.
    assert np.linalg.norm(two_loops - other, ord="fro") < 1e-3


def test_no_loop_distance_of_a_point_to_itself_is_zero(knn_module):
    X = np.random.RandomState(0).randn(5, 7) * 1e3
    classifier = knn_module.KNearestNeighbor()
    classifier.train(X, np.arange(5))
    assert np.all(np.diag(classifier.compute_distances_no_loops(X)) == 0.0)


def test_predict_labels_breaks_ties_towards_the_smaller_label(knn_module):
    classifier = knn_module.KNearestNeighbor()
    classifier.train(np.zeros((4, 1)), np.array([7, 3, 3, 7]))
    dists = np.array([[1.0, 2.0, 3.0, 4.0], [4.0, 1.0, 2.0, 3.0]])
    # Row 0, k=2: one vote each for 7 and 3, so 3 wins. Row 1, k=2: both 3.
    np.testing.assert_array_equal(classifier.predict_labels(dists, k=2), [3, 3])
    np.testing.assert_array_equal(classifier.predict_labels(dists, k=4), [3, 3])
    np.testing.assert_array_equal(classifier.predict_labels(dists, k=1), [7, 3])


def test_predict_dispatches_and_rejects_bad_loop_counts(classifier_and_data):
    classifier, _, X_test = classifier_and_data
    predictions = [classifier.predict(X_test, k=3, num_loops=n) for n in (0, 1, 2)]
    np.testing.assert_array_equal(predictions[0], predictions[1])
    np.testing.assert_array_equal(predictions[0], predictions[2])
    with pytest.raises(ValueError, match="Invalid value 3 for num_loops"):
        classifier.predict(X_test, num_loops=3)
