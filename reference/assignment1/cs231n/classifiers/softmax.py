import numpy as np

__all__ = ["softmax_loss_naive", "softmax_loss_vectorized"]


def softmax_loss_naive(W, X, y, reg):
    """
    Softmax (cross-entropy) loss and its gradient, computed with explicit loops.

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
    # Both start at zero.
    loss = 0.0
    dW = np.zeros_like(W)

    # TODO:
    # Compute the softmax loss and its gradient using explicit loops, storing
    # the loss in loss and the gradient in dW. Watch out for numeric
    # instability: shift the scores so that their maximum is zero before you
    # exponentiate. Average over the examples and add the regularization
    # reg * np.sum(W * W), as svm_loss_naive does (its gradient is 2 * reg * W).
    # BEGIN SOLUTION
    num_examples, num_classes = X.shape[0], W.shape[1]
    for i in range(num_examples):
        logits = X[i].dot(W)
        logits = logits - np.max(logits)  # the largest is 0, so exp() cannot overflow
        log_probabilities = logits - np.log(np.sum(np.exp(logits)))
        loss -= log_probabilities[y[i]]  # finite even when the probability underflows to 0
        probabilities = np.exp(log_probabilities)
        for c in range(num_classes):
            dW[:, c] += (probabilities[c] - (c == y[i])) * X[i]
    loss = loss / num_examples + reg * np.sum(W * W)
    dW = dW / num_examples + 2 * reg * W
    # END SOLUTION

    return loss, dW


def softmax_loss_vectorized(W, X, y, reg):
    """
    Softmax loss and its gradient, without explicit loops.

    Inputs and outputs: the same as softmax_loss_naive.
    """
    # Both start at zero.
    loss = 0.0
    dW = np.zeros_like(W)

    # TODO:
    # Compute the softmax loss and its gradient using no explicit loops, storing
    # the loss in loss and the gradient in dW. Watch out for numeric instability
    # here too, and use the same regularization as softmax_loss_naive.
    # BEGIN SOLUTION
    count = X.shape[0]
    shifted = X @ W
    shifted -= shifted.max(axis=1, keepdims=True)  # (N, C), row maxima at zero
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    loss = -log_probs[np.arange(count), y].mean() + reg * np.sum(W * W)
    dscores = np.exp(log_probs)
    dscores[np.arange(count), y] -= 1
    dW = X.T @ dscores / count + 2 * reg * W
    # END SOLUTION

    return loss, dW
