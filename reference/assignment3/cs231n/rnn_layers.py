"""
Layers of recurrent networks, in numpy: the vanilla RNN and LSTM cells (one step and a
whole sequence), word embeddings, and the temporal affine and softmax-loss layers that
turn hidden states into vocabulary scores and a captioning loss.

Every layer has a forward function that returns (out, cache) and a backward function
that takes (dout, cache) and returns the gradients in the order of forward's inputs.
Backward functions never modify their arguments.

Letters used for shapes: N minibatch size, T sequence length, D input dimension,
H hidden dimension, V vocabulary size, M output dimension.
"""

import numpy as np


def affine_forward(x, w, b):
    """
    Forward pass of an affine (fully connected) layer.

    Inputs:
    - x: Inputs, of shape (N, d_1, ..., d_k); each example is flattened to D values
    - w: Weights, of shape (D, M)
    - b: Biases, of shape (M,)

    Returns a tuple of:
    - out: Outputs, of shape (N, M)
    - cache: (x, w, b)
    """
    out = x.reshape(x.shape[0], -1) @ w + b  # (N, D) @ (D, M) + (M,)
    cache = (x, w, b)
    return out, cache


def affine_backward(dout, cache):
    """
    Backward pass of an affine layer.

    Inputs:
    - dout: Upstream derivative, of shape (N, M)
    - cache: (x, w, b) from affine_forward

    Returns a tuple of:
    - dx: Gradient with respect to x, of shape (N, d_1, ..., d_k)
    - dw: Gradient with respect to w, of shape (D, M)
    - db: Gradient with respect to b, of shape (M,)
    """
    x, w, b = cache
    dx = (dout @ w.T).reshape(x.shape)
    dw = x.reshape(x.shape[0], -1).T @ dout  # (D, N) @ (N, M)
    db = dout.sum(axis=0)
    return dx, dw, db


def rnn_step_forward(x, prev_h, Wx, Wh, b):
    """
    One timestep of a vanilla RNN with a tanh activation.

    The new hidden state mixes the current input with the previous hidden state:
    next_h = tanh(prev_h Wh + x Wx + b).

    Inputs:
    - x: Input data for this timestep, of shape (N, D)
    - prev_h: Hidden state from the previous timestep, of shape (N, H)
    - Wx: Input-to-hidden weights, of shape (D, H)
    - Wh: Hidden-to-hidden weights, of shape (H, H)
    - b: Biases, of shape (H,)

    Returns a tuple of:
    - next_h: Next hidden state, of shape (N, H)
    - cache: Tuple (x, prev_h, Wx, Wh, next_h) for the backward pass
    """
    next_h, cache = None, None
    # TODO: Implement a single forward step of the vanilla RNN. Store the next
    # hidden state in next_h and what the backward pass needs in cache.
    # BEGIN SOLUTION
    next_h = np.tanh(prev_h @ Wh + x @ Wx + b)  # (N, H)
    cache = (x, prev_h, Wx, Wh, next_h)
    # END SOLUTION
    return next_h, cache


def rnn_step_backward(dnext_h, cache):
    """
    Backward pass of one timestep of a vanilla RNN.

    Inputs:
    - dnext_h: Gradient of the loss with respect to next_h, of shape (N, H)
    - cache: Cache from rnn_step_forward

    Returns a tuple of:
    - dx: Gradient with respect to x, of shape (N, D)
    - dprev_h: Gradient with respect to prev_h, of shape (N, H)
    - dWx: Gradient with respect to Wx, of shape (D, H)
    - dWh: Gradient with respect to Wh, of shape (H, H)
    - db: Gradient with respect to b, of shape (H,)
    """
    dx, dprev_h, dWx, dWh, db = None, None, None, None, None
    # TODO: Implement the backward pass of a single step of the vanilla RNN.
    #
    # HINT: The local derivative of tanh can be written with the tanh output
    # itself: d tanh(a) / da = 1 - tanh(a) ** 2.
    # BEGIN SOLUTION
    x, prev_h, Wx, Wh, next_h = cache
    da = dnext_h * (1 - next_h**2)  # through tanh, (N, H)
    dx = da @ Wx.T
    dprev_h = da @ Wh.T
    dWx = x.T @ da
    dWh = prev_h.T @ da
    db = da.sum(axis=0)
    # END SOLUTION
    return dx, dprev_h, dWx, dWh, db


def rnn_forward(x, h0, Wx, Wh, b):
    """
    A vanilla RNN over a whole sequence.

    The input is a minibatch of N sequences of T vectors of dimension D; the RNN uses
    a hidden size of H and returns the hidden state of every timestep.

    Inputs:
    - x: Input data for the entire timeseries, of shape (N, T, D)
    - h0: Initial hidden state, of shape (N, H)
    - Wx: Input-to-hidden weights, of shape (D, H)
    - Wh: Hidden-to-hidden weights, of shape (H, H)
    - b: Biases, of shape (H,)

    Returns a tuple of:
    - h: Hidden states for the entire timeseries, of shape (N, T, H)
    - cache: The list of the T caches of rnn_step_forward, in time order
    """
    h, cache = None, None
    # TODO: Implement the forward pass of a vanilla RNN over a sequence, using
    # the rnn_step_forward function defined above. Use a for loop over time.
    # BEGIN SOLUTION
    N, T, _ = x.shape
    h = np.zeros((N, T, h0.shape[1]), dtype=h0.dtype)
    cache = []
    prev_h = h0
    for t in range(T):
        prev_h, step_cache = rnn_step_forward(x[:, t], prev_h, Wx, Wh, b)
        h[:, t] = prev_h
        cache.append(step_cache)
    # END SOLUTION
    return h, cache


def rnn_backward(dh, cache):
    """
    Backward pass of a vanilla RNN over a whole sequence.

    Inputs:
    - dh: Upstream gradients of all hidden states, of shape (N, T, H). These are
      only the gradients that the layers above send into each hidden state; the
      gradient that flows from timestep t + 1 back into h_t is computed here.
    - cache: Cache from rnn_forward

    Returns a tuple of:
    - dx: Gradient of inputs, of shape (N, T, D)
    - dh0: Gradient of initial hidden state, of shape (N, H)
    - dWx: Gradient of input-to-hidden weights, of shape (D, H)
    - dWh: Gradient of hidden-to-hidden weights, of shape (H, H)
    - db: Gradient of biases, of shape (H,)
    """
    dx, dh0, dWx, dWh, db = None, None, None, None, None
    # TODO: Implement the backward pass of a vanilla RNN over a sequence, using
    # the rnn_step_backward function defined above. Walk backwards in time.
    # BEGIN SOLUTION
    N, T, H = dh.shape
    D = cache[0][0].shape[1]
    dx = np.zeros((N, T, D), dtype=dh.dtype)
    dWx, dWh, db = 0, 0, 0
    dprev_h = np.zeros((N, H), dtype=dh.dtype)
    for t in reversed(range(T)):
        # h_t receives gradient from the layer above and from timestep t + 1.
        dx[:, t], dprev_h, dWx_t, dWh_t, db_t = rnn_step_backward(dh[:, t] + dprev_h, cache[t])
        dWx, dWh, db = dWx + dWx_t, dWh + dWh_t, db + db_t
    dh0 = dprev_h
    # END SOLUTION
    return dx, dh0, dWx, dWh, db


def word_embedding_forward(x, W):
    """
    Forward pass of word embeddings: each word index becomes a vector of dimension D.

    Inputs:
    - x: Integer array of shape (N, T) of indices, each in the range 0 <= idx < V
    - W: Word vectors, of shape (V, D)

    Returns a tuple of:
    - out: The word vectors of all input words, of shape (N, T, D)
    - cache: (x, W) for the backward pass
    """
    out, cache = None, None
    # TODO: Implement the forward pass of word embeddings.
    #
    # HINT: This can be done in one line using NumPy's array indexing.
    # BEGIN SOLUTION
    out = W[x]  # (N, T, D)
    cache = (x, W)
    # END SOLUTION
    return out, cache


def word_embedding_backward(dout, cache):
    """
    Backward pass of word embeddings.

    Word indices are not differentiable, so only the gradient of the embedding
    matrix is returned.

    Inputs:
    - dout: Upstream gradients, of shape (N, T, D)
    - cache: Cache from word_embedding_forward

    Returns:
    - dW: Gradient of word embedding matrix, of shape (V, D)
    """
    dW = None
    # TODO: Implement the backward pass of word embeddings.
    #
    # Note that words can appear more than once in a sequence.
    # HINT: Look up the function np.add.at
    # BEGIN SOLUTION
    x, W = cache
    dW = np.zeros_like(W)
    np.add.at(dW, x, dout)  # a repeated index adds up instead of overwriting
    # END SOLUTION
    return dW


def sigmoid(x):
    """The logistic function, computed without overflow for inputs of either sign."""
    out = np.empty_like(x)
    positive = x >= 0
    out[positive] = 1 / (1 + np.exp(-x[positive]))
    z = np.exp(x[~positive])  # exp of a negative number cannot overflow
    out[~positive] = z / (1 + z)
    return out


def lstm_step_forward(x, prev_h, prev_c, Wx, Wh, b):
    """
    One timestep of an LSTM.

    The activation vector a = x Wx + prev_h Wh + b, of shape (N, 4H), is split into
    four blocks of H columns, in this order: the input gate i, the forget gate f, the
    output gate o (each squashed by a sigmoid) and the block input g (squashed by
    tanh). Then next_c = f * prev_c + i * g and next_h = o * tanh(next_c).

    Inputs:
    - x: Input data, of shape (N, D)
    - prev_h: Previous hidden state, of shape (N, H)
    - prev_c: Previous cell state, of shape (N, H)
    - Wx: Input-to-hidden weights, of shape (D, 4H)
    - Wh: Hidden-to-hidden weights, of shape (H, 4H)
    - b: Biases, of shape (4H,)

    Returns a tuple of:
    - next_h: Next hidden state, of shape (N, H)
    - next_c: Next cell state, of shape (N, H)
    - cache: Tuple (x, prev_h, prev_c, Wx, Wh, i, f, o, g, tanh_c) for the backward
      pass, where tanh_c = tanh(next_c)
    """
    next_h, next_c, cache = None, None, None
    # TODO: Implement the forward pass of a single timestep of an LSTM. Keep
    # what the backward pass needs in cache.
    #
    # HINT: Use the numerically stable sigmoid implementation above.
    # BEGIN SOLUTION
    H = prev_h.shape[1]
    a = x @ Wx + prev_h @ Wh + b  # (N, 4H)
    i = sigmoid(a[:, :H])
    f = sigmoid(a[:, H : 2 * H])
    o = sigmoid(a[:, 2 * H : 3 * H])
    g = np.tanh(a[:, 3 * H :])
    next_c = f * prev_c + i * g
    tanh_c = np.tanh(next_c)
    next_h = o * tanh_c
    cache = (x, prev_h, prev_c, Wx, Wh, i, f, o, g, tanh_c)
    # END SOLUTION
    return next_h, next_c, cache


def lstm_step_backward(dnext_h, dnext_c, cache):
    """
    Backward pass of one timestep of an LSTM.

    Inputs:
    - dnext_h: Gradient of the loss with respect to next_h, of shape (N, H)
    - dnext_c: Gradient of the loss with respect to next_c, of shape (N, H)
    - cache: Cache from lstm_step_forward

    Returns a tuple of:
    - dx: Gradient of input data, of shape (N, D)
    - dprev_h: Gradient of previous hidden state, of shape (N, H)
    - dprev_c: Gradient of previous cell state, of shape (N, H)
    - dWx: Gradient of input-to-hidden weights, of shape (D, 4H)
    - dWh: Gradient of hidden-to-hidden weights, of shape (H, 4H)
    - db: Gradient of biases, of shape (4H,)
    """
    dx, dprev_h, dprev_c, dWx, dWh, db = None, None, None, None, None, None
    # TODO: Implement the backward pass of a single timestep of an LSTM. Do not
    # modify dnext_h or dnext_c in place: the caller may still need them.
    #
    # HINT: For sigmoid and tanh you can compute local derivatives in terms of
    # the output value from the nonlinearity.
    # BEGIN SOLUTION
    x, prev_h, prev_c, Wx, Wh, i, f, o, g, tanh_c = cache
    # next_c reaches the loss directly and through next_h = o * tanh(next_c).
    dc = dnext_c + dnext_h * o * (1 - tanh_c**2)
    di, df, do, dg = dc * g, dc * prev_c, dnext_h * tanh_c, dc * i
    # Back through the sigmoids and the tanh to the activations, (N, 4H).
    da = np.hstack([di * i * (1 - i), df * f * (1 - f), do * o * (1 - o), dg * (1 - g**2)])
    dprev_c = dc * f
    dx = da @ Wx.T
    dprev_h = da @ Wh.T
    dWx = x.T @ da
    dWh = prev_h.T @ da
    db = da.sum(axis=0)
    # END SOLUTION
    return dx, dprev_h, dprev_c, dWx, dWh, db


def lstm_forward(x, h0, Wx, Wh, b):
    """
    An LSTM over a whole sequence.

    The initial cell state is zero and the cell states are not returned: they are
    internal to the LSTM.

    Inputs:
    - x: Input data, of shape (N, T, D)
    - h0: Initial hidden state, of shape (N, H)
    - Wx: Weights for input-to-hidden connections, of shape (D, 4H)
    - Wh: Weights for hidden-to-hidden connections, of shape (H, 4H)
    - b: Biases, of shape (4H,)

    Returns a tuple of:
    - h: Hidden states for all timesteps of all sequences, of shape (N, T, H)
    - cache: The list of the T caches of lstm_step_forward, in time order
    """
    h, cache = None, None
    # TODO: Implement the forward pass of an LSTM over an entire timeseries,
    # using the lstm_step_forward function defined above.
    # BEGIN SOLUTION
    N, T, _ = x.shape
    h = np.zeros((N, T, h0.shape[1]), dtype=h0.dtype)
    cache = []
    prev_h, prev_c = h0, np.zeros_like(h0)
    for t in range(T):
        prev_h, prev_c, step_cache = lstm_step_forward(x[:, t], prev_h, prev_c, Wx, Wh, b)
        h[:, t] = prev_h
        cache.append(step_cache)
    # END SOLUTION
    return h, cache


def lstm_backward(dh, cache):
    """
    Backward pass of an LSTM over a whole sequence.

    Inputs:
    - dh: Upstream gradients of the hidden states, of shape (N, T, H); as in
      rnn_backward, only what the layers above send into each hidden state
    - cache: Cache from lstm_forward

    Returns a tuple of:
    - dx: Gradient of input data, of shape (N, T, D)
    - dh0: Gradient of initial hidden state, of shape (N, H)
    - dWx: Gradient of input-to-hidden weight matrix, of shape (D, 4H)
    - dWh: Gradient of hidden-to-hidden weight matrix, of shape (H, 4H)
    - db: Gradient of biases, of shape (4H,)
    """
    dx, dh0, dWx, dWh, db = None, None, None, None, None
    # TODO: Implement the backward pass of an LSTM over an entire timeseries,
    # using the lstm_step_backward function defined above.
    # BEGIN SOLUTION
    N, T, H = dh.shape
    D = cache[0][0].shape[1]
    dx = np.zeros((N, T, D), dtype=dh.dtype)
    dWx, dWh, db = 0, 0, 0
    dprev_h = np.zeros((N, H), dtype=dh.dtype)
    dprev_c = np.zeros((N, H), dtype=dh.dtype)
    for t in reversed(range(T)):
        dx[:, t], dprev_h, dprev_c, dWx_t, dWh_t, db_t = lstm_step_backward(
            dh[:, t] + dprev_h, dprev_c, cache[t]
        )
        dWx, dWh, db = dWx + dWx_t, dWh + dWh_t, db + db_t
    dh0 = dprev_h
    # END SOLUTION
    return dx, dh0, dWx, dWh, db


def temporal_affine_forward(x, w, b):
    """
    An affine layer applied at every timestep: each of the N * T vectors of
    dimension D is mapped to a vector of dimension M.

    Inputs:
    - x: Input data, of shape (N, T, D)
    - w: Weights, of shape (D, M)
    - b: Biases, of shape (M,)

    Returns a tuple of:
    - out: Output data, of shape (N, T, M)
    - cache: (x, w, b, out) for the backward pass
    """
    out = x @ w + b  # (N, T, D) @ (D, M) broadcasts over N and T
    cache = (x, w, b, out)
    return out, cache


def temporal_affine_backward(dout, cache):
    """
    Backward pass of the temporal affine layer.

    Inputs:
    - dout: Upstream gradients, of shape (N, T, M)
    - cache: Values from temporal_affine_forward

    Returns a tuple of:
    - dx: Gradient of input, of shape (N, T, D)
    - dw: Gradient of weights, of shape (D, M)
    - db: Gradient of biases, of shape (M,)
    """
    x, w, b, out = cache
    D, M = w.shape
    dx = dout @ w.T
    dw = x.reshape(-1, D).T @ dout.reshape(-1, M)  # (D, N*T) @ (N*T, M)
    db = dout.sum(axis=(0, 1))
    return dx, dw, db


def temporal_softmax_loss(x, y, mask, verbose=False):
    """
    Softmax loss over sequences: at every timestep of every sequence, the scores of
    a vocabulary of size V are compared with the index of the right word.

    Some timesteps hold padding (the <NULL> after a short caption) and must not
    count; mask says which do. The loss sums the cross-entropy over the timesteps
    and averages it over the minibatch only (not over N * T).

    Inputs:
    - x: Input scores, of shape (N, T, V)
    - y: Ground-truth indices, of shape (N, T), each 0 <= y[i, t] < V
    - mask: Boolean array of shape (N, T); mask[i, t] says whether the score
      x[i, t] counts towards the loss
    - verbose: If True, print the shape of dx

    Returns a tuple of:
    - loss: Scalar giving loss
    - dx: Gradient of loss with respect to scores x, of shape (N, T, V)
    """
    N, T, V = x.shape
    x_flat = x.reshape(N * T, V)
    y_flat = y.reshape(N * T)
    mask_flat = mask.reshape(N * T)

    shifted = x_flat - x_flat.max(axis=1, keepdims=True)  # exp cannot overflow
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    rows = np.arange(N * T)
    loss = -np.sum(mask_flat * log_probs[rows, y_flat]) / N

    dx_flat = np.exp(log_probs)
    dx_flat[rows, y_flat] -= 1
    dx_flat *= mask_flat[:, None] / N
    if verbose:
        print("dx_flat: ", dx_flat.shape)
    dx = dx_flat.reshape(N, T, V)
    return loss, dx
