import numpy as np


def affine_forward(x, w, b):
    """
    Forward pass of an affine (fully connected) layer.

    The input x holds a minibatch of N examples of shape (d_1, ..., d_k). Each example
    is flattened into a vector of dimension D = d_1 * ... * d_k and mapped to a vector
    of dimension M.

    Inputs:
    - x: Inputs, of shape (N, d_1, ..., d_k)
    - w: Weights, of shape (D, M)
    - b: Biases, of shape (M,)

    Returns a tuple of:
    - out: Outputs, of shape (N, M)
    - cache: (x, w, b)
    """
    out = None
    # TODO: Compute the affine forward pass and store it in out. Flatten each
    # example of x into a row of dimension D first.
    # BEGIN SOLUTION
    out = x.reshape(x.shape[0], -1) @ w + b  # (N, D) @ (D, M) + (M,)
    # END SOLUTION
    cache = (x, w, b)
    return out, cache


def affine_backward(dout, cache):
    """
    Backward pass of an affine layer.

    Inputs:
    - dout: Upstream derivative, of shape (N, M)
    - cache: Tuple of:
      - x: Inputs, of shape (N, d_1, ..., d_k)
      - w: Weights, of shape (D, M)
      - b: Biases, of shape (M,)

    Returns a tuple of:
    - dx: Gradient with respect to x, of shape (N, d_1, ..., d_k)
    - dw: Gradient with respect to w, of shape (D, M)
    - db: Gradient with respect to b, of shape (M,)
    """
    x, w, b = cache
    dx, dw, db = None, None, None
    # TODO: Implement the affine backward pass. dx must have the shape of x.
    # BEGIN SOLUTION
    dx = (dout @ w.T).reshape(x.shape)
    dw = x.reshape(x.shape[0], -1).T @ dout  # (D, N) @ (N, M)
    db = dout.sum(axis=0)
    # END SOLUTION
    return dx, dw, db


def relu_forward(x):
    """
    Forward pass of a layer of rectified linear units (ReLUs).

    Input:
    - x: Inputs, of any shape

    Returns a tuple of:
    - out: Outputs, of the same shape as x
    - cache: x
    """
    out = None
    # TODO: Implement the ReLU forward pass.
    # BEGIN SOLUTION
    out = np.maximum(0, x)
    # END SOLUTION
    cache = x
    return out, cache


def relu_backward(dout, cache):
    """
    Backward pass of a layer of ReLUs.

    Input:
    - dout: Upstream derivatives, of any shape
    - cache: Input x, of the same shape as dout

    Returns:
    - dx: Gradient with respect to x; zero wherever x <= 0
    """
    dx, x = None, cache
    # TODO: Implement the ReLU backward pass.
    # BEGIN SOLUTION
    dx = dout * (x > 0)
    # END SOLUTION
    return dx


def svm_loss(x, y):
    """
    Multiclass SVM (hinge) loss on class scores, and its gradient.

    Inputs:
    - x: Scores, of shape (N, C); x[i, j] is the score of class j for example i.
    - y: Labels, of shape (N,); y[i] is the label of x[i], 0 <= y[i] < C.

    Returns a tuple of:
    - loss: The loss averaged over the N examples (no regularization), a float
    - dx: Gradient of the loss with respect to x, of shape (N, C)
    """
    loss, dx = None, None

    # TODO: Compute the SVM loss (margin 1) and its gradient with respect to the
    # scores, without loops, as in svm_loss_vectorized but with no weights and no
    # regularization.
    # BEGIN SOLUTION
    N = x.shape[0]
    rows = np.arange(N)
    hinge = np.maximum(0.0, x - x[rows, y][:, None] + 1.0)  # (N, C)
    hinge[rows, y] = 0.0
    loss = hinge.sum() / N
    dx = (hinge > 0).astype(x.dtype)
    dx[rows, y] = -dx.sum(axis=1)
    dx /= N
    # END SOLUTION
    return loss, dx


def softmax_loss(x, y):
    """
    Softmax (cross-entropy) loss on class scores, and its gradient.

    Inputs:
    - x: Scores, of shape (N, C); x[i, j] is the score of class j for example i.
    - y: Labels, of shape (N,); y[i] is the label of x[i], 0 <= y[i] < C.

    Returns a tuple of:
    - loss: The loss averaged over the N examples (no regularization), a float
    - dx: Gradient of the loss with respect to x, of shape (N, C)
    """
    loss, dx = None, None

    # TODO: Compute the softmax loss and its gradient with respect to the scores,
    # without loops and with no regularization. Shift each row of scores so its
    # maximum is zero before exponentiating, or large scores will overflow.
    # BEGIN SOLUTION
    N = x.shape[0]
    shifted_logits = x - np.max(x, axis=1, keepdims=True)  # (N, C), row maxima at zero
    log_z = np.log(np.sum(np.exp(shifted_logits), axis=1, keepdims=True))
    log_probs = shifted_logits - log_z
    loss = -np.sum(log_probs[np.arange(N), y]) / N
    dx = np.exp(log_probs)
    dx[np.arange(N), y] -= 1.0
    dx /= N
    # END SOLUTION
    return loss, dx
