"""Takes the first batch_size entries of a fresh permutation, with np.take."""

import numpy as np


class LinearClassifier:
    def train(
        self, X, y, learning_rate=1e-3, reg=1e-5, num_iters=100, batch_size=200, verbose=False
    ):
        num_train, dim = X.shape
        num_classes = np.max(y) + 1  # labels run from 0 to C - 1
        if self.W is None:
            self.W = 0.001 * np.random.randn(dim, num_classes)

        loss_history = []
        for it in range(num_iters):
            X_batch = None
            y_batch = None

            chosen = np.random.permutation(num_train)[:batch_size]
            X_batch = np.take(X, chosen, axis=0)
            y_batch = np.take(y, chosen)

            loss, grad = self.loss(X_batch, y_batch, reg)
            loss_history.append(loss)

            self.W -= grad * learning_rate

            if verbose and it % 100 == 0:
                print("iteration %d / %d: loss %f" % (it, num_iters, loss))  # noqa: UP031 (the provided line)

        return loss_history
