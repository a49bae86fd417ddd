"""Q1 and Q5 notebook runs: the kNN cross-validation result and the image-features models."""

import numpy as np

from grader.checks import NotebookRun

from ._data import both, fraction_correct, label_accuracy, predicted_accuracy


def features_svm_accuracy(student, names):
    """The SVM on features, on the test features. The notebook drops the bias column after
    the SVM cell, so it is added back when the SVM's weights expect it."""
    X = np.asarray(names["X_test_feats"], dtype=np.float64)
    W = student.get(names["best_svm"], "W")
    if np.ndim(W) == 2 and X.ndim == 2 and np.shape(W)[0] == X.shape[1] + 1:
        X = np.hstack([X, np.ones((len(X), 1))])
    predicted = student.method(names["best_svm"], "predict", X)
    return {"SVM test accuracy": fraction_correct(predicted, names["y_test"])}


CHECKS = [
    NotebookRun(
        unit="knn.ipynb",
        what="run on the generated data, the chosen k reaches the test target",
        question="knn",
        points=2,
        notebook="knn.ipynb",
        variables=("y_test_pred", "y_test"),
        measure=label_accuracy("test accuracy", "y_test_pred", "y_test"),
        targets_by_metric={"test accuracy": "knn_test"},
    ),
    NotebookRun(
        unit="features.ipynb",
        what="run on the generated data, the SVM and the net on features reach their targets",
        question="features",
        points=10,
        notebook="features.ipynb",
        variables=("best_svm", "X_test_feats", "y_test", "best_net", "data"),
        measure=both(
            features_svm_accuracy,
            predicted_accuracy(
                "net test accuracy", "best_net", "data[X_test]", "data[y_test]", method="loss"
            ),
        ),
        targets_by_metric={
            "SVM test accuracy": "features_svm_test",
            "net test accuracy": "features_net_test",
        },
    ),
]
