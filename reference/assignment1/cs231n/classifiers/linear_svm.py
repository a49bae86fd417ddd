import numpy as np

__all__ = ["svm_loss_naive", "svm_loss_vectorized"]


def svm_loss_naive(W, X, y, reg):
    """
    Multiclass SVM (hinge) loss and its gradient, computed with explicit loops.

    D is the input dimension, C the number of classes and N the minibatch size.

    Inputs:
    - W: Weights, of shape (D, C).
    - X: A minibatch of data, of shape (N, D).
    - y: Labels, of shape (N,); y[i] = c means X[i] belongs to class c, 0 <= c < C.
    - reg: Regularization strength (float).

    Returns a tuple of:
    - loss: The loss, a float.
    - dW: The gradient of the loss with respect to W, of shape (D, C).
    """
    dW = np.zeros(W.shape)  # the gradient starts at zero

    # Loss and gradient, one example and one class at a time.
    num_classes = W.shape[1]
    num_train = X.shape[0]
    loss = 0.0
    for i in range(num_train):
        scores = X[i].dot(W)
        correct_class_score = scores[y[i]]
        for j in range(num_classes):
            if j == y[i]:
                continue
            margin = scores[j] - correct_class_score + 1  # note delta = 1
            if margin > 0:
                loss += margin
                # TODO:
                # Update the gradient dW for this positive margin: score j pushes
                # its column up by X[i], and the correct class's column down.
                # BEGIN SOLUTION
                dW[:, j] += X[i]
                dW[:, y[i]] -= X[i]
                # END SOLUTION

    # The loss so far sums over the examples; the SVM loss is their average.
    loss /= num_train

    # L2 regularization of the weights.
    loss += reg * np.sum(W * W)

    # TODO:
    # Finish the gradient dW: average it over the examples as the loss is, and add
    # the gradient of the regularization term reg * np.sum(W * W).
    # BEGIN SOLUTION
    dW /= num_train
    dW += 2 * reg * W
    # END SOLUTION

    return loss, dW


def svm_loss_vectorized(W, X, y, reg):
    """
    Multiclass SVM loss and its gradient, without explicit loops.

    Inputs and outputs: the same as svm_loss_naive.
    """
    loss = 0.0
    dW = np.zeros(W.shape)  # the gradient starts at zero

    # TODO:
    # Compute the SVM loss without any explicit loop and store it in loss.
    # BEGIN SOLUTION
    batch = X.shape[0]
    scores = X @ W  # (N, C)
    correct_scores = scores[np.arange(batch), y][:, None]  # (N, 1)
    margins = np.maximum(0.0, scores - correct_scores + 1.0)
    margins[np.arange(batch), y] = 0.0
    loss = margins.sum() / batch + reg * np.sum(W * W)
    # END SOLUTION

    # TODO:
    # Compute the gradient of the SVM loss without any explicit loop and store
    # it in dW.
    #
    # Hint: the values you computed for the loss (the margins) tell you which
    # terms contribute to the gradient; reuse them.
    # BEGIN SOLUTION
    indicator = (margins > 0).astype(X.dtype)  # (N, C): 1 where the margin counts
    indicator[np.arange(batch), y] = -indicator.sum(axis=1)
    dW = X.T @ indicator / batch + 2 * reg * W
    # END SOLUTION

    return loss, dW
