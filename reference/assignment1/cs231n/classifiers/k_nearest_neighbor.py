import numpy as np

__all__ = ["KNearestNeighbor"]


class KNearestNeighbor:
    """A k-nearest-neighbour classifier that compares images by L2 distance."""

    def __init__(self):
        pass

    def train(self, X, y):
        """
        Train the classifier. A nearest-neighbour classifier only memorises the data.

        Inputs:
        - X: Training data, of shape (num_train, D); row i is one example.
        - y: Training labels, of shape (num_train,); y[i] is the label of X[i].
        """
        self.X_train = X
        self.y_train = y

    def predict(self, X, k=1, num_loops=0):
        """
        Predict a label for every test point.

        Inputs:
        - X: Test data, of shape (num_test, D).
        - k: The number of nearest neighbours that vote for the label.
        - num_loops: Which distance implementation to use: 0, 1 or 2 loops.

        Returns:
        - y: Predicted labels, of shape (num_test,); y[i] is the label of X[i].
        """
        if num_loops == 0:
            dists = self.compute_distances_no_loops(X)
        elif num_loops == 1:
            dists = self.compute_distances_one_loop(X)
        elif num_loops == 2:
            dists = self.compute_distances_two_loops(X)
        else:
            raise ValueError("Invalid value %d for num_loops" % num_loops)

        return self.predict_labels(dists, k=k)

    def compute_distances_two_loops(self, X):
        """
        Compute the distance between each test point in X and each training point
        in self.X_train, with a nested loop over both.

        Inputs:
        - X: Test data, of shape (num_test, D).

        Returns:
        - dists: Distances, of shape (num_test, num_train), where dists[i, j] is the
          Euclidean distance between test point i and training point j.
        """
        num_test = X.shape[0]
        num_train = self.X_train.shape[0]
        dists = np.zeros((num_test, num_train))
        for i in range(num_test):
            for j in range(num_train):
                # TODO:
                # Compute the L2 distance between test point i and training point j
                # and store it in dists[i, j]. Do not loop over the dimension, and do
                # not call np.linalg.norm().
                # BEGIN SOLUTION
                difference = X[i] - self.X_train[j]
                dists[i, j] = np.sqrt(np.dot(difference, difference))
                # END SOLUTION
        return dists

    def compute_distances_one_loop(self, X):
        """
        Compute the distance between each test point in X and each training point
        in self.X_train, with a single loop over the test data.

        Input / Output: the same as compute_distances_two_loops.
        """
        num_test = X.shape[0]
        num_train = self.X_train.shape[0]
        dists = np.zeros((num_test, num_train))
        for i in range(num_test):
            # TODO:
            # Compute the L2 distances between test point i and every training point
            # at once, and store them in dists[i, :]. Do not call np.linalg.norm().
            # BEGIN SOLUTION
            if i == 0:  # the training norms are the same for every i: compute them once
                train_norms = np.sum(self.X_train**2, axis=1)  # (num_train,)
            # |t - x|^2 = |t|^2 - 2 t.x + |x|^2 for every training row t at once
            squared = train_norms - 2.0 * (self.X_train @ X[i]) + X[i] @ X[i]
            dists[i, :] = np.sqrt(np.maximum(squared, 0.0))
            # END SOLUTION
        return dists

    def compute_distances_no_loops(self, X):
        """
        Compute the distance between each test point in X and each training point
        in self.X_train, without any explicit loop.

        Input / Output: the same as compute_distances_two_loops.
        """
        num_test = X.shape[0]
        num_train = self.X_train.shape[0]
        dists = np.zeros((num_test, num_train))
        # TODO:
        # Compute the L2 distances between all test points and all training points
        # without any explicit loop, and store them in dists.
        #
        # Use only basic array operations: no scipy, and no np.linalg.norm().
        #
        # HINT: Expand the squared distance into a matrix multiplication plus two
        #       broadcast sums.
        # BEGIN SOLUTION
        test_norms = np.sum(X * X, axis=1, keepdims=True)  # (num_test, 1)
        train_norms = np.sum(self.X_train * self.X_train, axis=1)  # (num_train,)
        inner = X @ self.X_train.T  # (num_test, num_train)
        # Rounding can push a zero distance slightly below zero; clip before the root.
        dists = np.sqrt(np.maximum(test_norms + train_norms - 2.0 * inner, 0.0))
        # END SOLUTION
        return dists

    def predict_labels(self, dists, k=1):
        """
        Predict a label for every test point from its distances to the training points.

        Inputs:
        - dists: Distances, of shape (num_test, num_train); dists[i, j] is the distance
          between test point i and training point j.
        - k: The number of nearest neighbours that vote.

        Returns:
        - y: Predicted labels, of shape (num_test,); y[i] is the label of test point i.
        """
        num_test = dists.shape[0]
        y_pred = np.zeros(num_test)
        for i in range(num_test):
            # The labels of the k training points nearest to test point i.
            closest_y = []
            # TODO:
            # Find the k training points nearest to test point i with the distance
            # matrix, and store their labels (from self.y_train) in closest_y.
            # Hint: numpy.argsort.
            # BEGIN SOLUTION
            nearest = np.argsort(dists[i], kind="stable")[:k]
            closest_y = self.y_train[nearest]
            # END SOLUTION
            # TODO:
            # Store the most common label in closest_y in y_pred[i]. When labels tie,
            # choose the smaller label.
            # BEGIN SOLUTION
            votes = np.bincount(np.asarray(closest_y, dtype=np.int64))
            y_pred[i] = np.argmax(votes)  # argmax returns the first, i.e. smallest, winner
            # END SOLUTION

        return y_pred
