"""Calls np.linalg.norm, which the task forbids: right values, but against the rules."""

import numpy as np

LOSES = "does not call np.linalg.norm"
REASON = "which the task forbids"


class KNearestNeighbor:
    def compute_distances_two_loops(self, X):
        num_test = X.shape[0]
        num_train = self.X_train.shape[0]
        dists = np.zeros((num_test, num_train))
        for i in range(num_test):
            for j in range(num_train):
                dists[i, j] = np.linalg.norm(X[i] - self.X_train[j])
        return dists
