import pickle

import numpy as np

from . import optim


class Solver:
    """
    A Solver trains a classification model with minibatch gradient descent, using one
    of the update rules of optim.py.

    It takes training and validation data and labels, checks the accuracy on both
    after every epoch to watch for overfitting, and at the end of training swaps in
    the parameters that scored best on the validation set, so model.params holds them.

    Example:

        data = {
            'X_train': # training data
            'y_train': # training labels
            'X_val': # validation data
            'y_val': # validation labels
        }
        model = MyAwesomeModel(hidden_size=100, reg=10)
        solver = Solver(model, data,
                        update_rule='sgd',
                        optim_config={
                          'learning_rate': 1e-4,
                        },
                        lr_decay=0.95,
                        num_epochs=5, batch_size=200,
                        print_every=100)
        solver.train()

    A model must provide:
    - model.params: A dictionary from parameter names to numpy arrays.
    - model.loss(X, y): With labels, return (loss, grads) where grads has the same
      keys as model.params; without labels (y=None), return class scores of shape
      (N, C).

    After training, solver.loss_history holds the loss of every iteration, and
    solver.train_acc_history / solver.val_acc_history the accuracies of every epoch.
    """

    def __init__(self, model, data, **kwargs):
        """
        Required arguments:
        - model: A model with the interface above.
        - data: A dictionary with 'X_train', 'y_train', 'X_val' and 'y_val'.

        Optional arguments:
        - update_rule: Name of an update rule in optim.py (default 'sgd').
        - optim_config: Hyperparameters of the update rule; every rule needs a
          'learning_rate'.
        - lr_decay: Factor applied to the learning rate after every epoch.
        - batch_size: Size of the minibatches.
        - num_epochs: Number of epochs to train for.
        - num_train_samples: Number of training examples used to estimate the
          training accuracy (default 1000; None uses all).
        - num_val_samples: Number of validation examples used to estimate the
          validation accuracy (default None: all).
        - checkpoint_name: If set, save a checkpoint after every epoch.
        - print_every: Print the loss every print_every iterations.
        - verbose: If False, print nothing.
        """
        self.model = model
        self.X_train = data["X_train"]
        self.y_train = data["y_train"]
        self.X_val = data["X_val"]
        self.y_val = data["y_val"]

        # Take the optional arguments one by one, so that leftovers can be rejected.
        self.update_rule = kwargs.pop("update_rule", "sgd")
        self.optim_config = kwargs.pop("optim_config", {})
        self.lr_decay = kwargs.pop("lr_decay", 1.0)
        self.batch_size = kwargs.pop("batch_size", 100)
        self.num_epochs = kwargs.pop("num_epochs", 10)
        self.num_train_samples = kwargs.pop("num_train_samples", 1000)
        self.num_val_samples = kwargs.pop("num_val_samples", None)

        self.checkpoint_name = kwargs.pop("checkpoint_name", None)
        self.print_every = kwargs.pop("print_every", 10)
        self.verbose = kwargs.pop("verbose", True)

        if len(kwargs) > 0:
            extra = ", ".join('"%s"' % k for k in list(kwargs.keys()))
            raise ValueError("Unrecognized arguments %s" % extra)

        if not hasattr(optim, self.update_rule):
            raise ValueError('Invalid update_rule "%s"' % self.update_rule)
        self.update_rule = getattr(optim, self.update_rule)

        self._reset()

    def _reset(self):
        """Set up the bookkeeping of a training run. Not meant to be called by hand."""
        self.epoch = 0
        self.best_val_acc = 0
        self.best_params = {}
        self.loss_history = []
        self.train_acc_history = []
        self.val_acc_history = []

        # Every parameter gets its own copy of the optimizer config.
        self.optim_configs = {}
        for p in self.model.params:
            d = {k: v for k, v in self.optim_config.items()}
            self.optim_configs[p] = d

    def _step(self):
        """One gradient update. Called by train(); not meant to be called by hand."""
        # A minibatch, drawn with replacement.
        num_train = self.X_train.shape[0]
        batch_mask = np.random.choice(num_train, self.batch_size)
        X_batch = self.X_train[batch_mask]
        y_batch = self.y_train[batch_mask]

        loss, grads = self.model.loss(X_batch, y_batch)
        self.loss_history.append(loss)

        for p, w in self.model.params.items():
            dw = grads[p]
            config = self.optim_configs[p]
            next_w, next_config = self.update_rule(w, dw, config)
            self.model.params[p] = next_w
            self.optim_configs[p] = next_config

    def _save_checkpoint(self):
        if self.checkpoint_name is None:
            return
        checkpoint = {
            "model": self.model,
            "update_rule": self.update_rule,
            "lr_decay": self.lr_decay,
            "optim_config": self.optim_config,
            "batch_size": self.batch_size,
            "num_train_samples": self.num_train_samples,
            "num_val_samples": self.num_val_samples,
            "epoch": self.epoch,
            "loss_history": self.loss_history,
            "train_acc_history": self.train_acc_history,
            "val_acc_history": self.val_acc_history,
        }
        filename = "%s_epoch_%d.pkl" % (self.checkpoint_name, self.epoch)
        if self.verbose:
            print('Saving checkpoint to "%s"' % filename)
        with open(filename, "wb") as f:
            pickle.dump(checkpoint, f)

    def check_accuracy(self, X, y, num_samples=None, batch_size=100):
        """
        The model's accuracy on the given data.

        Inputs:
        - X: Data, of shape (N, d_1, ..., d_k)
        - y: Labels, of shape (N,)
        - num_samples: If set, measure on a random subset of this many examples.
        - batch_size: Predict in batches of this size, to bound memory.

        Returns:
        - acc: The fraction of correctly classified examples.
        """
        N = X.shape[0]
        if num_samples is not None and N > num_samples:
            mask = np.random.choice(N, num_samples)
            N = num_samples
            X = X[mask]
            y = y[mask]

        num_batches = N // batch_size
        if N % batch_size != 0:
            num_batches += 1
        y_pred = []
        for i in range(num_batches):
            start = i * batch_size
            end = (i + 1) * batch_size
            scores = self.model.loss(X[start:end])
            y_pred.append(np.argmax(scores, axis=1))
        y_pred = np.hstack(y_pred)
        acc = np.mean(y_pred == y)

        return acc

    def train(self):
        """Train the model, then load the parameters with the best validation accuracy."""
        num_train = self.X_train.shape[0]
        iterations_per_epoch = max(num_train // self.batch_size, 1)
        num_iterations = self.num_epochs * iterations_per_epoch

        for t in range(num_iterations):
            self._step()

            if self.verbose and t % self.print_every == 0:
                print(
                    "(Iteration %d / %d) loss: %f" % (t + 1, num_iterations, self.loss_history[-1])
                )

            # At the end of every epoch: count it, and decay the learning rate.
            epoch_end = (t + 1) % iterations_per_epoch == 0
            if epoch_end:
                self.epoch += 1
                for k in self.optim_configs:
                    self.optim_configs[k]["learning_rate"] *= self.lr_decay

            # Accuracies on the first and last iterations and at every epoch's end.
            first_it = t == 0
            last_it = t == num_iterations - 1
            if first_it or last_it or epoch_end:
                train_acc = self.check_accuracy(
                    self.X_train, self.y_train, num_samples=self.num_train_samples
                )
                val_acc = self.check_accuracy(
                    self.X_val, self.y_val, num_samples=self.num_val_samples
                )
                self.train_acc_history.append(train_acc)
                self.val_acc_history.append(val_acc)
                self._save_checkpoint()

                if self.verbose:
                    print(
                        "(Epoch %d / %d) train acc: %f; val_acc: %f"
                        % (self.epoch, self.num_epochs, train_acc, val_acc)
                    )

                # Keep the best model so far.
                if val_acc > self.best_val_acc:
                    self.best_val_acc = val_acc
                    self.best_params = {}
                    for k, v in self.model.params.items():
                        self.best_params[k] = v.copy()

        # Training is over: load the best parameters into the model.
        self.model.params = self.best_params
