import numpy as np

from .linear_svm import *
from .softmax import *

__all__ = ["LinearClassifier", "LinearSVM", "Softmax"]


class LinearClassifier:
    """A linear classifier scores = X.dot(W), trained by minibatch gradient descent."""

    def __init__(self):
        self.W = None

    def train(
        self, X, y, learning_rate=1e-3, reg=1e-5, num_iters=100, batch_size=200, verbose=False
    ):
        """
        Train the classifier with stochastic (minibatch) gradient descent.

        Inputs:
        - X: Training data, of shape (N, D): N examples of dimension D.
        - y: Training labels, of shape (N,); y[i] = c means X[i] belongs to class c,
          0 <= c < C.
        - learning_rate: Step size of each update (float).
        - reg: Regularization strength (float).
        - num_iters: Number of gradient steps (int).
        - batch_size: Number of examples in each step's minibatch (int).
        - verbose: If True, print the loss every 100 iterations.

        Returns:
        - loss_history: A list with the loss of every iteration.
        """
        num_train, dim = X.shape
        num_classes = np.max(y) + 1  # labels run from 0 to C - 1
        if self.W is None:
            # Small random weights on the first call to train.
            self.W = 0.001 * np.random.randn(dim, num_classes)

        # Minibatch gradient descent on W.
        loss_history = []
        for it in range(num_iters):
            X_batch = None
            y_batch = None

            # TODO:
            # Draw a minibatch of batch_size training examples and their labels:
            # X_batch of shape (batch_size, dim) and y_batch of shape (batch_size,).
            #
            # Hint: np.random.choice gives random indices; drawing them with
            # replacement is faster and works just as well.
            # BEGIN SOLUTION
            batch_indices = np.random.choice(num_train, batch_size)
            X_batch = X[batch_indices]
            y_batch = y[batch_indices]
            # END SOLUTION

            # Loss and gradient on the minibatch.
            loss, grad = self.loss(X_batch, y_batch, reg)
            loss_history.append(loss)

            # TODO:
            # Take one gradient descent step on the weights.
            # BEGIN SOLUTION
            self.W -= learning_rate * grad
            # END SOLUTION

            if verbose and it % 100 == 0:
                print("iteration %d / %d: loss %f" % (it, num_iters, loss))

        return loss_history

    def predict(self, X):
        """
        Predict labels with the trained weights.

        Inputs:
        - X: Data, of shape (N, D).

        Returns:
        - y_pred: Predicted labels, of shape (N,); each an integer class index.
        """
        y_pred = np.zeros(X.shape[0])
        # TODO:
        # Predict the class with the highest score for every row of X and store
        # the labels in y_pred.
        # BEGIN SOLUTION
        y_pred = np.argmax(X @ self.W, axis=1)
        # END SOLUTION
        return y_pred

    def loss(self, X_batch, y_batch, reg):
        """
        The loss and its gradient on a minibatch; each subclass supplies its own.

        Inputs:
        - X_batch: A minibatch of data, of shape (N, D).
        - y_batch: Its labels, of shape (N,).
        - reg: Regularization strength (float).

        Returns a tuple of:
        - loss: The loss, a float.
        - dW: The gradient with respect to self.W, of the same shape as W.
        """
        pass


class LinearSVM(LinearClassifier):
    """A linear classifier trained with the multiclass SVM loss."""

    def loss(self, X_batch, y_batch, reg):
        return svm_loss_vectorized(self.W, X_batch, y_batch, reg)


class Softmax(LinearClassifier):
    """A linear classifier trained with the softmax (cross-entropy) loss."""

    def loss(self, X_batch, y_batch, reg):
        return softmax_loss_vectorized(self.W, X_batch, y_batch, reg)
