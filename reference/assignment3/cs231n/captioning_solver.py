from . import optim
from .coco_utils import sample_coco_minibatch


class CaptioningSolver:
    """
    A CaptioningSolver trains an image captioning model (the numpy CaptioningRNN)
    with minibatch gradient descent, using one of the update rules of optim.py.

    Example:

        data = load_coco_data()
        model = CaptioningRNN(word_to_idx=data['word_to_idx'], hidden_dim=512)
        solver = CaptioningSolver(model, data,
                                  update_rule='adam',
                                  optim_config={
                                    'learning_rate': 5e-3,
                                  },
                                  lr_decay=0.95,
                                  num_epochs=50, batch_size=25,
                                  print_every=10)
        solver.train()

    A model must provide:
    - model.params: A dictionary from parameter names to numpy arrays.
    - model.loss(features, captions): Return (loss, grads), where grads has the
      same keys as model.params.

    The data is a dictionary from load_coco_data; minibatches are drawn from its
    training split with sample_coco_minibatch. After training, solver.loss_history
    holds the loss of every iteration.
    """

    def __init__(self, model, data, **kwargs):
        """
        Required arguments:
        - model: A model with the interface above.
        - data: A dictionary of training and validation data from load_coco_data.

        Optional arguments:
        - update_rule: Name of an update rule in optim.py (default 'sgd').
        - optim_config: Hyperparameters of the update rule; every rule needs a
          'learning_rate'.
        - lr_decay: Factor applied to the learning rate after every epoch.
        - batch_size: Size of the minibatches.
        - num_epochs: Number of epochs to train for.
        - print_every: Print the loss every print_every iterations.
        - verbose: If False, print nothing during training.
        """
        self.model = model
        self.data = data

        # Unpack keyword arguments
        self.update_rule = kwargs.pop("update_rule", "sgd")
        self.optim_config = kwargs.pop("optim_config", {})
        self.lr_decay = kwargs.pop("lr_decay", 1.0)
        self.batch_size = kwargs.pop("batch_size", 100)
        self.num_epochs = kwargs.pop("num_epochs", 10)

        self.print_every = kwargs.pop("print_every", 10)
        self.verbose = kwargs.pop("verbose", True)

        # Throw an error if there are extra keyword arguments
        if len(kwargs) > 0:
            extra = ", ".join('"%s"' % k for k in list(kwargs.keys()))
            raise ValueError("Unrecognized arguments %s" % extra)

        # Make sure the update rule exists, then replace the string name with the
        # actual function
        if not hasattr(optim, self.update_rule):
            raise ValueError('Invalid update_rule "%s"' % self.update_rule)
        self.update_rule = getattr(optim, self.update_rule)

        self._reset()

    def _reset(self):
        """Set up the bookkeeping of an optimization; called by __init__."""
        self.epoch = 0
        self.best_val_acc = 0
        self.best_params = {}
        self.loss_history = []
        self.train_acc_history = []
        self.val_acc_history = []

        # Each parameter gets its own copy of the optimizer configuration.
        self.optim_configs = {}
        for p in self.model.params:
            d = {k: v for k, v in self.optim_config.items()}
            self.optim_configs[p] = d

    def _step(self):
        """One gradient update on a minibatch; called by train()."""
        minibatch = sample_coco_minibatch(self.data, batch_size=self.batch_size, split="train")
        captions, features, urls = minibatch

        # Compute loss and gradient
        loss, grads = self.model.loss(features, captions)
        self.loss_history.append(loss)

        # Perform a parameter update
        for p, w in self.model.params.items():
            dw = grads[p]
            config = self.optim_configs[p]
            next_w, next_config = self.update_rule(w, dw, config)
            self.model.params[p] = next_w
            self.optim_configs[p] = next_config

    def check_accuracy(self, X, y, num_samples=None, batch_size=100):
        """
        Captioning has no accuracy to check; this placeholder keeps the interface of
        Solver and returns 0.0.
        """
        return 0.0

    def train(self):
        """Run optimization to train the model."""
        num_train = self.data["train_captions"].shape[0]
        iterations_per_epoch = max(num_train // self.batch_size, 1)
        num_iterations = self.num_epochs * iterations_per_epoch

        for t in range(num_iterations):
            self._step()

            # Maybe print training loss
            if self.verbose and t % self.print_every == 0:
                print(
                    "(Iteration %d / %d) loss: %f" % (t + 1, num_iterations, self.loss_history[-1])
                )

            # At the end of every epoch, increment the epoch counter and decay the
            # learning rate.
            epoch_end = (t + 1) % iterations_per_epoch == 0
            if epoch_end:
                self.epoch += 1
                for k in self.optim_configs:
                    self.optim_configs[k]["learning_rate"] *= self.lr_decay
