"""
First-order update rules for training neural networks.

Every update rule has the same interface:

    def update(w, dw, config=None):
        ...
        return next_w, config

Inputs:
- w: The current weights, a numpy array.
- dw: The gradient of the loss with respect to w, of the same shape.
- config: A dictionary of hyperparameters (such as the learning rate) and of any
  state the rule keeps between steps (such as a running average of gradients).

Returns:
- next_w: The weights after the update.
- config: The config to pass to the next call of the same rule.

Rules fill in their default hyperparameters with config.setdefault, so a caller only
names what it changes.
"""


def sgd(w, dw, config=None):
    """
    Vanilla stochastic gradient descent.

    config format:
    - learning_rate: Scalar learning rate.
    """
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-2)

    w -= config["learning_rate"] * dw
    return w, config
