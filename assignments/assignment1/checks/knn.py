"""Q1: the k-nearest-neighbour classifier, cs231n/classifiers/k_nearest_neighbor.py."""

import numpy as np

from grader.checks import Agreement, ExpectedOutput, Inputs, SourceRules, Vectorized
from grader.compare import Tolerance

KNN = "cs231n.classifiers.k_nearest_neighbor:KNearestNeighbor"
NORM = ("numpy.linalg.norm",)
DISTANCES = Tolerance("frobenius", 1e-3)  # the notebook's bound on dists - dists_one
LABELS = Tolerance("exact", 0.0)


def images(rng, num_train, num_test, dim=3072):
    """CIFAR-like rows: whole pixel values 0..255 as float64, labels 0..9."""
    return {
        "X_train": rng.randint(0, 256, size=(num_train, dim), dtype=np.uint8).astype(np.float64),
        "y_train": rng.randint(10, size=num_train),
        "X_test": rng.randint(0, 256, size=(num_test, dim), dtype=np.uint8).astype(np.float64),
    }


def distance_matrix(rng, num_train, num_test):
    """Distinct random distances, so the k nearest are unambiguous, and labels 0..9."""
    dists = rng.permutation(num_test * num_train).reshape(num_test, num_train) / 7.0 + 1.0
    return {"dists": dists, "y_train": rng.randint(10, size=num_train)}


def tied_votes(rng, num_test):
    """Each test row's 4 nearest neighbours vote 2-2 for labels a < b, the nearest for b."""
    num_train = 4 * num_test + 4
    dists = 1000.0 + rng.rand(num_test, num_train)  # every other training point is far away
    y_train = rng.randint(10, size=num_train)
    for i in range(num_test):
        a, b = np.sort(rng.choice(np.arange(1, 10), size=2, replace=False))
        nearest = np.arange(4 * i, 4 * i + 4)  # each row gets a block of its own neighbours
        dists[i, nearest] = [1.0, 2.0, 3.0, 4.0]
        y_train[nearest] = [b, a, b, a]
    return {"dists": dists, "y_train": y_train, "k": 4}


def distances(method):
    def call(student, data):
        knn = student.new(KNN)
        student.method(knn, "train", data["X_train"], data["y_train"])
        return {"dists": student.method(knn, method, data["X_test"])}

    call.__name__ = method
    return call


def labels(k=None):
    def call(student, data):
        knn = student.new(KNN)
        num_train = data["dists"].shape[1]
        student.method(knn, "train", np.zeros((num_train, 1)), data["y_train"])
        return {"labels": student.method(knn, "predict_labels", data["dists"], k=k or data["k"])}

    return call


def time_distances(method, repeat, rows=None):
    """Seconds for `method` on all test rows. With `rows`, time only that many and scale up:
    the naive versions cost exactly the same per test row, and 500 rows take ~30 s."""

    def time_it(student, data):
        knn = student.new(KNN)
        student.method(knn, "train", data["X_train"], data["y_train"])
        X_test = data["X_test"] if rows is None else data["X_test"][:rows]
        seconds = student.time((knn, method), X_test, repeat=repeat)
        return seconds * len(data["X_test"]) / len(X_test)

    return time_it


TWO = "KNearestNeighbor.compute_distances_two_loops"
ONE = "KNearestNeighbor.compute_distances_one_loop"
NONE = "KNearestNeighbor.compute_distances_no_loops"
LABEL = "KNearestNeighbor.predict_labels"

CHECKS = [
    ExpectedOutput(
        unit=TWO,
        what="L2 distances on random images (Frobenius < 1e-3)",
        question="knn",
        points=2,
        inputs=Inputs(images, params={"num_train": 40, "num_test": 15}),
        call=distances("compute_distances_two_loops"),
        tolerance=DISTANCES,
    ),
    ExpectedOutput(
        unit=TWO,
        what="L2 distances on new shapes",
        question="knn",
        points=1,
        hidden=True,
        inputs=Inputs(images, seed=5, params={"num_train": 23, "num_test": 31, "dim": 50}),
        call=distances("compute_distances_two_loops"),
        tolerance=DISTANCES,
    ),
    SourceRules(
        unit=TWO,
        what="does not call np.linalg.norm",
        question="knn",
        points=1,
        function=f"{KNN}.compute_distances_two_loops",
        forbidden=NORM,
    ),
    Agreement(
        unit=ONE,
        what="agrees with compute_distances_two_loops (Frobenius < 1e-3)",
        question="knn",
        points=2,
        inputs=Inputs(images, params={"num_train": 40, "num_test": 15}),
        call=distances("compute_distances_one_loop"),
        twin=distances("compute_distances_two_loops"),
        tolerance=DISTANCES,
    ),
    Agreement(
        unit=ONE,
        what="agrees with the two-loop version on new shapes",
        question="knn",
        points=1,
        hidden=True,
        inputs=Inputs(images, seed=6, params={"num_train": 29, "num_test": 7, "dim": 80}),
        call=distances("compute_distances_one_loop"),
        twin=distances("compute_distances_two_loops"),
        tolerance=DISTANCES,
    ),
    SourceRules(
        unit=ONE,
        what="uses at most one loop and no np.linalg.norm",
        question="knn",
        points=1,
        function=f"{KNN}.compute_distances_one_loop",
        max_loops=1,
        forbidden=NORM,
    ),
    Agreement(
        unit=NONE,
        what="agrees with compute_distances_two_loops (Frobenius < 1e-3)",
        question="knn",
        points=2,
        inputs=Inputs(images, params={"num_train": 40, "num_test": 15}),
        call=distances("compute_distances_no_loops"),
        twin=distances("compute_distances_two_loops"),
        tolerance=DISTANCES,
    ),
    Agreement(
        unit=NONE,
        what="agrees with the two-loop version on new shapes",
        question="knn",
        points=1,
        hidden=True,
        inputs=Inputs(images, seed=7, params={"num_train": 17, "num_test": 33, "dim": 64}),
        call=distances("compute_distances_no_loops"),
        twin=distances("compute_distances_two_loops"),
        tolerance=DISTANCES,
    ),
    Vectorized(
        unit=NONE,
        what="no loops, no scipy or np.linalg.norm, >= 10x faster than two loops",
        question="knn",
        points=2,
        timeout_s=30,
        function=f"{KNN}.compute_distances_no_loops",
        forbidden=(*NORM, "scipy"),
        # A fifth of the notebook's 500 x 5000 (images of 3072 values): one BLAS thread runs the
        # reference 33x faster than two loops here and 38x there, and sending 5000 images cost
        # a solved submission most of a second.
        inputs=Inputs(images, params={"num_train": 2000, "num_test": 200}),
        time_student=time_distances("compute_distances_no_loops", repeat=2),
        time_twin=time_distances("compute_distances_two_loops", repeat=1, rows=10),
        factor=10,
    ),
    ExpectedOutput(
        unit=LABEL,
        what="labels with k = 1",
        question="knn",
        points=1,
        inputs=Inputs(distance_matrix, params={"num_train": 30, "num_test": 20}),
        call=labels(k=1),
        tolerance=LABELS,
    ),
    ExpectedOutput(
        unit=LABEL,
        what="majority labels with k = 5",
        question="knn",
        points=1,
        inputs=Inputs(distance_matrix, seed=8, params={"num_train": 30, "num_test": 20}),
        call=labels(k=5),
        tolerance=LABELS,
    ),
    ExpectedOutput(
        unit=LABEL,
        what="ties go to the smaller label",
        question="knn",
        points=2,
        inputs=Inputs(tied_votes, params={"num_test": 12}),
        call=labels(),
        tolerance=LABELS,
    ),
    ExpectedOutput(
        unit=LABEL,
        what="majority labels on new shapes",
        question="knn",
        points=1,
        hidden=True,
        inputs=Inputs(distance_matrix, seed=9, params={"num_train": 57, "num_test": 41}),
        call=labels(k=7),
        tolerance=LABELS,
    ),
]
