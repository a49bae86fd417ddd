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
  A rule that gets None makes a new dictionary.

Returns:
- next_w: The weights after the update.
- config: The config to pass to the next call of the same rule.

Rules fill in their default hyperparameters with config.setdefault, so a caller only
names what it changes.

NOTE: For efficiency, update rules may perform in-place updates, mutating w and
setting next_w equal to w.
"""

import numpy as np


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


def sgd_momentum(w, dw, config=None):
    """
    Stochastic gradient descent with momentum: a velocity accumulates the gradients
    with exponential decay, and the weights move along the velocity.

    config format:
    - learning_rate: Scalar learning rate.
    - momentum: How much of the velocity survives each step, in [0, 1); 0 is
      plain sgd.
    - velocity: The velocity, an array of the shape of w (zeros at first).
    """
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("momentum", 0.9)
    v = config.get("velocity", np.zeros_like(w))

    v = config["momentum"] * v - config["learning_rate"] * dw
    next_w = w + v
    config["velocity"] = v

    return next_w, config


def rmsprop(w, dw, config=None):
    """
    RMSProp: divide each step by the root of a decaying average of the squared
    gradients, which gives every weight its own effective learning rate.

    config format:
    - learning_rate: Scalar learning rate.
    - decay_rate: How much of the squared-gradient average survives each step,
      in [0, 1).
    - epsilon: Small constant added to the denominator so it is never zero.
    - cache: The decaying average of dw ** 2, an array of the shape of w.
    """
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("decay_rate", 0.99)
    config.setdefault("epsilon", 1e-8)
    config.setdefault("cache", np.zeros_like(w))

    decay_rate = config["decay_rate"]
    cache = decay_rate * config["cache"] + (1 - decay_rate) * dw**2
    next_w = w - config["learning_rate"] * dw / (np.sqrt(cache) + config["epsilon"])
    config["cache"] = cache

    return next_w, config


def adam(w, dw, config=None):
    """
    Adam: decaying averages of the gradient (like momentum) and of its square
    (like RMSProp), each corrected for starting at zero.

    config format:
    - learning_rate: Scalar learning rate.
    - beta1: Decay rate of the average of the gradient.
    - beta2: Decay rate of the average of the squared gradient.
    - epsilon: Small constant added to the denominator so it is never zero.
    - m: The average of the gradient, an array of the shape of w.
    - v: The average of the squared gradient, an array of the shape of w.
    - t: The number of updates made so far.
    """
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-3)
    config.setdefault("beta1", 0.9)
    config.setdefault("beta2", 0.999)
    config.setdefault("epsilon", 1e-8)
    config.setdefault("m", np.zeros_like(w))
    config.setdefault("v", np.zeros_like(w))
    config.setdefault("t", 0)

    beta1, beta2 = config["beta1"], config["beta2"]
    t = config["t"] + 1
    m = beta1 * config["m"] + (1 - beta1) * dw
    v = beta2 * config["v"] + (1 - beta2) * dw**2
    m_hat = m / (1 - beta1**t)  # bias corrections: m and v start at zero
    v_hat = v / (1 - beta2**t)
    next_w = w - config["learning_rate"] * m_hat / (np.sqrt(v_hat) + config["epsilon"])
    config["m"], config["v"], config["t"] = m, v, t

    return next_w, config
