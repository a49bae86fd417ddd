"""Takes the first batch_size rows as the minibatch in every iteration: no sampling, so it
trains on 200 of the 2000 examples only."""

import numpy as np

LOSES = "minibatches are drawn from the whole training set"
REASON = "reached only 33% of the 600 training examples"


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

            X_batch = X[:batch_size]
            y_batch = y[:batch_size]

            loss, grad = self.loss(X_batch, y_batch, reg)
            loss_history.append(loss)

            self.W -= learning_rate * grad

            if verbose and it % 100 == 0:
                print("iteration %d / %d: loss %f" % (it, num_iters, loss))  # noqa: UP031 (the provided line)

        return loss_history
