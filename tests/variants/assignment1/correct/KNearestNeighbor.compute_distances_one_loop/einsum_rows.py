"""Takes each row's squared length of the difference with np.einsum('ij,ij->i')."""

import numpy as np


class KNearestNeighbor:
    def compute_distances_one_loop(self, X):
        num_test = X.shape[0]
        num_train = self.X_train.shape[0]
        dists = np.zeros((num_test, num_train))
        for i in range(num_test):
            diff = self.X_train - X[i]
            dists[i] = np.sqrt(np.einsum("ij,ij->i", diff, diff))
        return dists
