"""Q2: the linear SVM (cs231n/classifiers/linear_svm.py, linear_classifier.py, svm.ipynb)."""

from grader.checks import (
    Agreement,
    ExpectedOutput,
    GradientCheck,
    Inputs,
    NotebookRun,
    Property,
)
from grader.compare import Tolerance

from ._data import linear_accuracy, loss_inputs
from ._linear import (
    EXACT,
    LINEAR_SVM,
    SOFTMAX_RUN,
    SVM_RUN,
    dev_set_agreement,
    dev_with_reg,
    gradient_case,
    leaves_inputs_alone,
    loss_and_gradient,
    one_hot_rows,
    reaches_most_rows,
    rows_reached,
    speed_check,
    training_run,
)

NAIVE = "cs231n.classifiers.linear_svm:svm_loss_naive"
VECTORIZED = "cs231n.classifiers.linear_svm:svm_loss_vectorized"
REG_HINT = "the gradient of reg * np.sum(W * W) is 2 * reg * W"


def predict_labels(student, d):
    classifier = student.new(LINEAR_SVM)
    student.set(classifier, "W", d["W"])
    return {"labels": student.method(classifier, "predict", d["X"])}


def predict_inputs(rng):
    return {"W": rng.randn(20, 7), "X": rng.randn(60, 20)}


CHECKS = [
    GradientCheck(
        unit="svm_loss_naive",
        what="dW matches the reference and numeric gradients (reg = 0)",
        question="svm",
        points=3,
        inputs=Inputs(
            loss_inputs, params={"num_train": 40, "dim": 20, "num_classes": 5, "reg": 0.0}
        ),
        case=gradient_case(NAIVE),
        tolerance=Tolerance("rel_error", 1e-7),
        hint="add X[i] to column j and subtract it from column y[i] for every positive margin, "
        "then divide by the number of examples once",
    ),
    GradientCheck(
        unit="svm_loss_naive",
        what="dW includes the regularization gradient (reg = 50)",
        question="svm",
        points=2,
        inputs=Inputs(
            loss_inputs,
            params={
                "num_train": 40,
                "dim": 20,
                "num_classes": 5,
                "reg": 50.0,
                "weight_scale": 0.0001,
            },
        ),  # fmt: skip
        case=gradient_case(NAIVE),
        tolerance=Tolerance("rel_error", 1e-7),
        hint=REG_HINT,
    ),
    GradientCheck(
        unit="svm_loss_naive",
        what="dW on new shapes",
        question="svm",
        points=1,
        hidden=True,
        inputs=Inputs(
            loss_inputs, seed=17, params={"num_train": 13, "dim": 7, "num_classes": 4, "reg": 0.3}
        ),
        case=gradient_case(NAIVE),
        tolerance=Tolerance("rel_error", 1e-7),
    ),
    leaves_inputs_alone("svm_loss_naive", NAIVE, "svm", Inputs(dev_with_reg)),
    *dev_set_agreement(
        "svm_loss_vectorized",
        NAIVE,
        VECTORIZED,
        "svm",
        points=(2, 3),
        hint="reuse the margins of the loss: count the positive margins of each row",
    ),
    Agreement(
        unit="svm_loss_vectorized",
        what="loss and dW agree on new shapes with strong regularization",
        question="svm",
        points=1,
        hidden=True,
        inputs=Inputs(
            loss_inputs, seed=19, params={"num_train": 37, "dim": 11, "num_classes": 6, "reg": 2.5}
        ),
        call=loss_and_gradient(VECTORIZED),
        twin=loss_and_gradient(NAIVE),
        tolerance=EXACT,
    ),
    leaves_inputs_alone("svm_loss_vectorized", VECTORIZED, "svm", Inputs(dev_with_reg)),
    speed_check("svm_loss_vectorized", NAIVE, VECTORIZED, "svm"),
    training_run(
        "LinearClassifier.train",
        "a seeded LinearSVM (or Softmax) run learns the generated data",
        "svm",
        points=2,
        runs=(SVM_RUN, SOFTMAX_RUN),
        uses=("svm_loss_vectorized", "softmax_loss_vectorized"),
        hint="sample batch_size rows with np.random.choice, then step W -= learning_rate * grad",
    ),  # fmt: skip
    Property(
        unit="LinearClassifier.train",
        what="minibatches are drawn from the whole training set",
        question="svm",
        points=1,
        uses=("svm_loss_vectorized", "softmax_loss_vectorized"),
        inputs=Inputs(one_hot_rows),
        call=rows_reached,
        predicate=reaches_most_rows,
        hint="X_batch = X[idx] and y_batch = y[idx] with idx = np.random.choice(num_train, "
        "batch_size)",
    ),
    ExpectedOutput(
        unit="LinearClassifier.predict",
        what="labels are the argmax of X.dot(W)",
        question="svm",
        points=2,
        inputs=Inputs(predict_inputs),
        call=predict_labels,
        tolerance=Tolerance("exact", 0.0),
    ),
    NotebookRun(
        unit="svm.ipynb",
        what="run on the generated data, best_svm reaches the validation target",
        question="svm",
        uses=("svm_loss_vectorized", "LinearClassifier.train", "LinearClassifier.predict"),
        points=5,
        notebook="svm.ipynb",
        exports={"W": "best_svm.W", "X": "X_val", "y": "y_val"},
        claims={"validation accuracy": "best_val"},
        measure=linear_accuracy("validation accuracy"),
        targets_by_metric={"validation accuracy": "svm_val"},
    ),
]
