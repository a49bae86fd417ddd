"""
CaptioningSolverTransformer trains a CaptioningTransformer with PyTorch's Adam.

    solver = CaptioningSolverTransformer(model, data, idx_to_word=data["idx_to_word"],
                                         num_epochs=100, batch_size=25, learning_rate=0.001)
    solver.train()
    plt.plot(solver.loss_history)

It works like CaptioningSolver (captioning_solver.py) with two differences: torch computes the
gradients and updates the weights, and the loss is averaged over every (example, timestep)
pair, not summed over time as temporal_softmax_loss does. The overfitting target of the
Transformer notebook assumes this loss.
"""

import torch
from torch.nn import functional as F

from .coco_utils import sample_coco_minibatch


class CaptioningSolverTransformer(object):
    """
    Trains a captioning model on the data dict that load_coco_data returns.

    After train() returns, solver.loss_history holds the loss of every iteration.
    """

    def __init__(self, model, data, idx_to_word, **kwargs):
        """
        Construct a new CaptioningSolverTransformer instance.

        Required arguments:
        - model: a torch module whose forward(features, captions) returns scores of shape
          (N, T, V) and which has a _null attribute (the <NULL> index)
        - data: a dictionary of training data from load_coco_data
        - idx_to_word: the vocabulary, index to word

        Optional arguments:
        - learning_rate: Adam's learning rate (default 0.001)
        - batch_size: size of the minibatches used to compute loss and gradient during
          training (default 100)
        - num_epochs: the number of epochs to run for during training (default 10)
        - print_every: training losses are printed every print_every iterations (default 10)
        - verbose: if False, nothing is printed during training (default True)
        """
        self.model = model
        self.data = data
        self.idx_to_word = idx_to_word

        self.learning_rate = kwargs.pop("learning_rate", 0.001)
        self.batch_size = kwargs.pop("batch_size", 100)
        self.num_epochs = kwargs.pop("num_epochs", 10)
        self.print_every = kwargs.pop("print_every", 10)
        self.verbose = kwargs.pop("verbose", True)

        # Unknown keyword arguments are mistakes, not options.
        if len(kwargs) > 0:
            extra = ", ".join('"%s"' % k for k in list(kwargs.keys()))
            raise ValueError("Unrecognized arguments %s" % extra)

        self.optim = torch.optim.Adam(self.model.parameters(), self.learning_rate)
        self._reset()

    def _reset(self):
        """Set up the bookkeeping of a training run."""
        self.epoch = 0
        self.loss_history = []

    def _step(self):
        """Take one gradient step on a random minibatch of training captions."""
        captions, features, urls = sample_coco_minibatch(
            self.data, batch_size=self.batch_size, split="train"
        )
        # The model reads words 0 .. T-2 and predicts words 1 .. T-1; <NULL> costs nothing.
        captions_in = captions[:, :-1]
        captions_out = captions[:, 1:]
        mask = captions_out != self.model._null

        t_features = torch.as_tensor(features, dtype=torch.float32)
        t_captions_in = torch.as_tensor(captions_in, dtype=torch.long)
        t_captions_out = torch.as_tensor(captions_out, dtype=torch.long)
        t_mask = torch.as_tensor(mask)

        logits = self.model(t_features, t_captions_in)  # (N, T, V)
        loss = self.transformer_temporal_softmax_loss(logits, t_captions_out, t_mask)
        self.loss_history.append(loss.item())

        self.optim.zero_grad()
        loss.backward()
        self.optim.step()

    def train(self):
        """Run optimization to train the model."""
        num_train = self.data["train_captions"].shape[0]
        iterations_per_epoch = max(num_train // self.batch_size, 1)
        num_iterations = self.num_epochs * iterations_per_epoch

        self.model.train()  # dropout on while training
        for t in range(num_iterations):
            self._step()
            if self.verbose and t % self.print_every == 0:
                print(
                    "(Iteration %d / %d) loss: %f" % (t + 1, num_iterations, self.loss_history[-1])
                )
            if (t + 1) % iterations_per_epoch == 0:
                self.epoch += 1

    def transformer_temporal_softmax_loss(self, x, y, mask):
        """
        The masked cross-entropy of a batch of sequences, averaged over all N * T positions
        (masked ones included in the count, with zero loss).

        Inputs:
        - x: scores, of shape (N, T, V)
        - y: the right words, of shape (N, T), each 0 <= y[i, t] < V
        - mask: booleans of shape (N, T); mask[i, t] says whether the score at x[i, t]
          counts towards the loss

        Returns:
        - loss: a scalar tensor
        """
        N, T, V = x.shape
        losses = F.cross_entropy(x.reshape(N * T, V), y.reshape(N * T), reduction="none")
        return torch.mean(losses * mask.reshape(N * T))
