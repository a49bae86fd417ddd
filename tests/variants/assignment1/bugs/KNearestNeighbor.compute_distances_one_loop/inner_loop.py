"""Keeps a second loop over the training points: right values, but two loops."""

import numpy as np

LOSES = "uses at most one loop"
REASON = "the task allows at most 1 loop"


class KNearestNeighbor:
    def compute_distances_one_loop(self, X):
        num_test = X.shape[0]
        num_train = self.X_train.shape[0]
        dists = np.zeros((num_test, num_train))
        for i in range(num_test):
            dists[i, :] = [np.sqrt(np.sum((X[i] - t) ** 2)) for t in self.X_train]
        return dists
