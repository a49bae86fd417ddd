"""Q1 and Q5 notebook runs: the kNN cross-validation result and the image-features models."""

from grader.checks import NotebookRun

from ._data import both, knn_accuracy, linear_accuracy, net_accuracy

NET = {f"net {n}": f"best_net.params['{n}']" for n in ("W1", "b1", "W2", "b2")}

CHECKS = [
    NotebookRun(
        unit="knn.ipynb",
        what="run on the generated data, the chosen k reaches the test target",
        question="knn",
        points=2,
        notebook="knn.ipynb",
        uses=("KNearestNeighbor.predict_labels",),
        exports={
            "X_train": "X_train",
            "y_train": "y_train",
            "X_test": "X_test",
            "y_test": "y_test",
            "k": "best_k",
        },  # fmt: skip
        claims={"test accuracy": "accuracy"},
        measure=knn_accuracy("test accuracy"),
        targets_by_metric={"test accuracy": "knn_test"},
    ),
    NotebookRun(
        unit="features.ipynb",
        what="run on the generated data, the SVM and the net on features reach their targets",
        question="features",
        points=10,
        notebook="features.ipynb",
        uses=("LinearClassifier.train", "svm_loss_vectorized", "TwoLayerNet.loss"),
        exports={
            "W": "best_svm.W",
            "X_test": "X_test_feats",
            "y_test": "y_test",
            **NET,
            "net X_test": "data['X_test']",
            "net y_test": "data['y_test']",
        },  # fmt: skip
        claims={"SVM test accuracy": "test_accuracy", "net test accuracy": "test_acc"},
        measure=both(
            linear_accuracy("SVM test accuracy", "W", "X_test", "y_test"),
            net_accuracy("net test accuracy", "net ", "net X_test", "net y_test"),
        ),
        targets_by_metric={
            "SVM test accuracy": "features_svm_test",
            "net test accuracy": "features_net_test",
        },
    ),
]
