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
    # TODO: Copy over your solution from Assignment 1.
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
    # TODO: Copy over your solution from Assignment 1.
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
    # TODO: Copy over your solution from Assignment 1.
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
    # TODO: Copy over your solution from Assignment 1.
    # BEGIN SOLUTION
    dx = dout * (x > 0)
    # END SOLUTION
    return dx


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

    # TODO: Copy over your solution from Assignment 1.
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


def batchnorm_forward(x, gamma, beta, bn_param):
    """
    Forward pass of batch normalization.

    At training time each feature is normalized with the mean and (uncorrected)
    variance of the minibatch, then scaled by gamma and shifted by beta. Exponentially
    decaying running averages of the mean and variance are kept as well:

    running_mean = momentum * running_mean + (1 - momentum) * sample_mean
    running_var = momentum * running_var + (1 - momentum) * sample_var

    At test time the features are normalized with those running averages instead. The
    running variance is the average of the batch variances themselves: eps is added
    only when dividing, never stored.

    Inputs:
    - x: Data, of shape (N, D)
    - gamma: Scale parameter, of shape (D,)
    - beta: Shift parameter, of shape (D,)
    - bn_param: Dictionary with the following keys:
      - mode: 'train' or 'test'; required
      - eps: Constant for numeric stability (default 1e-5)
      - momentum: Constant for the running averages (default 0.9)
      - running_mean: Array of shape (D,), the running mean of the features
      - running_var: Array of shape (D,), the running variance of the features

    Returns a tuple of:
    - out: Normalized, scaled and shifted data, of shape (N, D)
    - cache: In train mode, the tuple (x, x_hat, mu, var, gamma, beta, eps) with
      x_hat of shape (N, D) the normalized data and mu, var of shape (D,) the batch
      mean and variance; in test mode, None.
    """
    mode = bn_param["mode"]
    eps = bn_param.get("eps", 1e-5)
    momentum = bn_param.get("momentum", 0.9)

    N, D = x.shape
    running_mean = bn_param.get("running_mean", np.zeros(D, dtype=x.dtype))
    running_var = bn_param.get("running_var", np.zeros(D, dtype=x.dtype))

    out, cache = None, None
    if mode == "train":
        # TODO: Implement the training-time forward pass for batch norm.
        # Compute the minibatch mean and variance of every feature, normalize
        # the data with them, then scale by gamma and shift by beta. Update the
        # running mean and variance with the momentum formula above, and store
        # in cache whatever the backward pass needs.
        #
        # Use the uncorrected variance (divide by N), and keep eps out of the
        # running variance.
        # BEGIN SOLUTION
        mu = x.mean(axis=0)  # (D,)
        var = x.var(axis=0)  # (D,), divided by N
        x_hat = (x - mu) / np.sqrt(var + eps)  # (N, D)
        out = gamma * x_hat + beta
        running_mean = momentum * running_mean + (1 - momentum) * mu
        running_var = momentum * running_var + (1 - momentum) * var
        cache = (x, x_hat, mu, var, gamma, beta, eps)
        # END SOLUTION
    elif mode == "test":
        # TODO: Implement the test-time forward pass for batch norm: normalize
        # the data with the running mean and variance, then scale by gamma and
        # shift by beta. Store the result in out.
        # BEGIN SOLUTION
        out = gamma * (x - running_mean) / np.sqrt(running_var + eps) + beta
        # END SOLUTION
    else:
        raise ValueError('Invalid forward batchnorm mode "%s"' % mode)

    # Store the updated running means back into bn_param.
    bn_param["running_mean"] = running_mean
    bn_param["running_var"] = running_var

    return out, cache


def batchnorm_backward(dout, cache):
    """
    Backward pass of batch normalization.

    Work through the computation graph of batchnorm_forward one node at a time, from
    the output back to the input.

    Inputs:
    - dout: Upstream derivatives, of shape (N, D)
    - cache: The train-mode cache of batchnorm_forward:
      (x, x_hat, mu, var, gamma, beta, eps)

    Returns a tuple of:
    - dx: Gradient with respect to the inputs x, of shape (N, D)
    - dgamma: Gradient with respect to the scale parameter gamma, of shape (D,)
    - dbeta: Gradient with respect to the shift parameter beta, of shape (D,)
    """
    dx, dgamma, dbeta = None, None, None
    # TODO: Implement the backward pass for batch normalization, stage by stage
    # through the graph of the forward pass.
    # BEGIN SOLUTION
    x, x_hat, mu, var, gamma, beta, eps = cache
    N = dout.shape[0]
    # out = gamma * x_hat + beta
    dbeta = dout.sum(axis=0)
    dgamma = (dout * x_hat).sum(axis=0)
    dx_hat = dout * gamma  # (N, D)
    # x_hat = xc * inv_std, with xc = x - mu and inv_std = (var + eps) ** -0.5
    xc = x - mu
    inv_std = 1.0 / np.sqrt(var + eps)  # (D,)
    dxc = dx_hat * inv_std
    dinv_std = (dx_hat * xc).sum(axis=0)
    # inv_std = (var + eps) ** -0.5
    dvar = -0.5 * inv_std**3 * dinv_std
    # var = mean(xc ** 2)
    dxc += 2.0 * xc * dvar / N
    # xc = x - mu, mu = mean(x)
    dmu = -dxc.sum(axis=0)
    dx = dxc + dmu / N
    # END SOLUTION

    return dx, dgamma, dbeta


def batchnorm_backward_alt(dout, cache):
    """
    Alternative backward pass of batch normalization.

    Derive the gradient of the loss with respect to the inputs on paper, simplify it
    as far as you can, and implement the simplified expression. It computes the same
    gradients as batchnorm_backward, from the same cache.

    Inputs / outputs: Same as batchnorm_backward
    """
    dx, dgamma, dbeta = None, None, None
    # TODO: Implement the backward pass for batch normalization as one simplified
    # expression for dx (ours fits on a single 80-character line), and store
    # the gradients in dx, dgamma and dbeta.
    # BEGIN SOLUTION
    x, x_hat, mu, var, gamma, beta, eps = cache
    dbeta = dout.sum(axis=0)
    dgamma = (dout * x_hat).sum(axis=0)
    dx_hat, std = dout * gamma, np.sqrt(var + eps)
    dx = (dx_hat - dx_hat.mean(0) - x_hat * (dx_hat * x_hat).mean(0)) / std
    # END SOLUTION

    return dx, dgamma, dbeta


def layernorm_forward(x, gamma, beta, ln_param):
    """
    Forward pass of layer normalization.

    Each data point is normalized over its own D features, with the mean and
    (uncorrected) variance of that row; the result is then scaled by gamma and
    shifted by beta, per feature. Train and test time behave the same, so there are
    no running averages to keep.

    Inputs:
    - x: Data, of shape (N, D)
    - gamma: Scale parameter, of shape (D,)
    - beta: Shift parameter, of shape (D,)
    - ln_param: Dictionary with the following keys (others are ignored):
      - eps: Constant for numeric stability (default 1e-5)

    Returns a tuple of:
    - out: Normalized, scaled and shifted data, of shape (N, D)
    - cache: The tuple (x, x_hat, mu, var, gamma, beta, eps), with x_hat of shape
      (N, D) the normalized data and mu, var of shape (N, 1) the mean and variance
      of each row.
    """
    out, cache = None, None
    eps = ln_param.get("eps", 1e-5)
    # TODO: Implement the forward pass for layer norm: normalize each data point
    # (row) of x with its own mean and variance, then scale by gamma and shift
    # by beta. Store the result in out and what the backward pass needs in
    # cache.
    #
    # HINT: this is batch norm's training-time forward pass with the roles of
    # the two axes swapped; a transpose can let you reuse much of that code.
    # BEGIN SOLUTION
    mu = x.mean(axis=1, keepdims=True)  # (N, 1)
    var = x.var(axis=1, keepdims=True)  # (N, 1)
    x_hat = (x - mu) / np.sqrt(var + eps)  # (N, D)
    out = gamma * x_hat + beta
    cache = (x, x_hat, mu, var, gamma, beta, eps)
    # END SOLUTION
    return out, cache


def layernorm_backward(dout, cache):
    """
    Backward pass of layer normalization.

    Inputs:
    - dout: Upstream derivatives, of shape (N, D)
    - cache: The cache of layernorm_forward: (x, x_hat, mu, var, gamma, beta, eps)

    Returns a tuple of:
    - dx: Gradient with respect to the inputs x, of shape (N, D)
    - dgamma: Gradient with respect to the scale parameter gamma, of shape (D,)
    - dbeta: Gradient with respect to the shift parameter beta, of shape (D,)
    """
    dx, dgamma, dbeta = None, None, None
    # TODO: Implement the backward pass for layer norm.
    #
    # HINT: as in the forward pass, this is batch norm's backward pass with the
    # axes swapped.
    # BEGIN SOLUTION
    x, x_hat, mu, var, gamma, beta, eps = cache
    D = dout.shape[1]
    dbeta = dout.sum(axis=0)
    dgamma = (dout * x_hat).sum(axis=0)
    dx_hat = dout * gamma  # (N, D)
    # The same closed form as batch norm's, with the statistics taken along each row.
    dx = (
        D * dx_hat
        - dx_hat.sum(axis=1, keepdims=True)
        - x_hat * (dx_hat * x_hat).sum(axis=1, keepdims=True)
    ) / (D * np.sqrt(var + eps))
    # END SOLUTION
    return dx, dgamma, dbeta


def dropout_forward(x, dropout_param):
    """
    Forward pass of (inverted) dropout.

    At training time every unit is kept with probability p and zeroed otherwise, and
    the kept units are divided by p, so that the expected output equals the input
    and test time needs no rescaling. At test time the input passes through.

    Inputs:
    - x: Input data, of any shape
    - dropout_param: A dictionary with the following keys:
      - p: The probability of KEEPING each unit (some texts call the drop
        probability p instead; here it is the keep probability).
      - mode: 'train' applies dropout; 'test' returns the input unchanged.
      - seed: Optional. When given, numpy's generator is seeded with it first,
        which makes the mask reproducible: gradient checks need that.

    Returns a tuple of:
    - out: Array of the same shape as x.
    - cache: The tuple (dropout_param, mask). In train mode, mask is the array of
      the shape of x that multiplied the input (kept units hold 1 / p, dropped ones
      0); in test mode, mask is None.

    Implement **inverted** dropout (scale at training time), not the vanilla version
    that scales at test time; see http://cs231n.github.io/neural-networks-2/#reg.
    """
    p, mode = dropout_param["p"], dropout_param["mode"]
    if "seed" in dropout_param:
        np.random.seed(dropout_param["seed"])

    mask = None
    out = None

    if mode == "train":
        # TODO: Implement the training-time forward pass of inverted dropout.
        # Draw the mask with one call np.random.rand(*x.shape) < p, divide it
        # by p, and store it in the mask variable.
        # BEGIN SOLUTION
        mask = (np.random.rand(*x.shape) < p) / p
        out = x * mask
        # END SOLUTION
    elif mode == "test":
        # TODO: Implement the test-time forward pass of inverted dropout.
        # BEGIN SOLUTION
        out = x
        # END SOLUTION

    cache = (dropout_param, mask)
    if out is not None:
        out = out.astype(x.dtype, copy=False)

    return out, cache


def dropout_backward(dout, cache):
    """
    Backward pass of (inverted) dropout.

    Inputs:
    - dout: Upstream derivatives, of any shape
    - cache: (dropout_param, mask) from dropout_forward.

    Returns:
    - dx: Gradient with respect to the input x, of the same shape as dout
    """
    dropout_param, mask = cache
    mode = dropout_param["mode"]

    dx = None
    if mode == "train":
        # TODO: Implement the training-time backward pass of inverted dropout.
        # BEGIN SOLUTION
        dx = dout * mask
        # END SOLUTION
    elif mode == "test":
        dx = dout
    return dx


def conv_forward_naive(x, w, b, conv_param):
    """
    Forward pass of a convolutional layer, written with plain loops.

    The input holds N data points, each with C channels, height H and width W.
    Each of the F filters spans all C channels and has height HH and width WW; it is
    slid over every data point at every position the stride and padding allow.

    Inputs:
    - x: Input data, of shape (N, C, H, W)
    - w: Filter weights, of shape (F, C, HH, WW)
    - b: Biases, of shape (F,)
    - conv_param: A dictionary with the following keys:
      - 'stride': The step, in pixels, between neighbouring filter positions,
        both vertically and horizontally.
      - 'pad': The number of zero rows and columns added on each side of the
        height and width axes (the same number on both sides).

    Pad a copy: x itself must not change.

    Returns a tuple of:
    - out: Output data, of shape (N, F, H', W') where H' and W' are given by
      H' = 1 + (H + 2 * pad - HH) / stride
      W' = 1 + (W + 2 * pad - WW) / stride
    - cache: (x, w, b, conv_param), with the original (unpadded) x
    """
    out = None
    # TODO: Implement the convolutional forward pass.
    # Hint: you can use the function np.pad for padding.
    # BEGIN SOLUTION
    N, C, H, W = x.shape
    F, _, HH, WW = w.shape
    stride, pad = conv_param["stride"], conv_param["pad"]
    H_out = 1 + (H + 2 * pad - HH) // stride
    W_out = 1 + (W + 2 * pad - WW) // stride
    x_pad = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))  # (N, C, H + 2pad, W + 2pad)
    out = np.zeros((N, F, H_out, W_out), dtype=np.result_type(x, w))
    for i in range(H_out):
        for j in range(W_out):
            top, left = i * stride, j * stride
            window = x_pad[:, :, top : top + HH, left : left + WW]  # (N, C, HH, WW)
            # Every filter against every data point's window: (N, F).
            out[:, :, i, j] = np.tensordot(window, w, axes=([1, 2, 3], [1, 2, 3])) + b
    # END SOLUTION
    cache = (x, w, b, conv_param)
    return out, cache


def conv_backward_naive(dout, cache):
    """
    Backward pass of a convolutional layer, written with plain loops.

    Inputs:
    - dout: Upstream derivatives, of shape (N, F, H', W')
    - cache: A tuple of (x, w, b, conv_param) as in conv_forward_naive

    Returns a tuple of:
    - dx: Gradient with respect to x, of shape (N, C, H, W)
    - dw: Gradient with respect to w, of shape (F, C, HH, WW)
    - db: Gradient with respect to b, of shape (F,)
    """
    dx, dw, db = None, None, None
    # TODO: Implement the convolutional backward pass.
    # BEGIN SOLUTION
    x, w, b, conv_param = cache
    N, C, H, W = x.shape
    F, _, HH, WW = w.shape
    stride, pad = conv_param["stride"], conv_param["pad"]
    _, _, H_out, W_out = dout.shape
    x_pad = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    dx_pad = np.zeros_like(x_pad)
    dw = np.zeros_like(w)
    db = dout.sum(axis=(0, 2, 3))
    for i in range(H_out):
        for j in range(W_out):
            top, left = i * stride, j * stride
            window = x_pad[:, :, top : top + HH, left : left + WW]  # (N, C, HH, WW)
            d = dout[:, :, i, j]  # (N, F)
            dw += np.tensordot(d, window, axes=([0], [0]))  # (F, C, HH, WW)
            # Windows overlap when stride < HH, so their gradients add up.
            dx_pad[:, :, top : top + HH, left : left + WW] += np.tensordot(d, w, axes=([1], [0]))
    dx = dx_pad[:, :, pad : pad + H, pad : pad + W]
    # END SOLUTION
    return dx, dw, db


def max_pool_forward_naive(x, pool_param):
    """
    Forward pass of a max-pooling layer, written with plain loops.

    Inputs:
    - x: Input data, of shape (N, C, H, W)
    - pool_param: A dictionary with the following keys:
      - 'pool_height': The height of each pooling region
      - 'pool_width': The width of each pooling region
      - 'stride': The step between neighbouring pooling regions

    There is no padding, and you can assume the regions fit exactly, eg:
      - (H - pool_height) % stride == 0
      - (W - pool_width) % stride == 0

    Returns a tuple of:
    - out: Output data, of shape (N, C, H', W') where H' and W' are given by
      H' = 1 + (H - pool_height) / stride
      W' = 1 + (W - pool_width) / stride
    - cache: (x, pool_param)
    """
    out = None
    # TODO: Implement the max-pooling forward pass.
    # BEGIN SOLUTION
    N, C, H, W = x.shape
    ph, pw, stride = pool_param["pool_height"], pool_param["pool_width"], pool_param["stride"]
    H_out = 1 + (H - ph) // stride
    W_out = 1 + (W - pw) // stride
    out = np.zeros((N, C, H_out, W_out), dtype=x.dtype)
    for i in range(H_out):
        for j in range(W_out):
            top, left = i * stride, j * stride
            out[:, :, i, j] = x[:, :, top : top + ph, left : left + pw].max(axis=(2, 3))
    # END SOLUTION
    cache = (x, pool_param)
    return out, cache


def max_pool_backward_naive(dout, cache):
    """
    Backward pass of a max-pooling layer, written with plain loops.

    Each region's upstream derivative goes to the position of its maximum; where
    regions overlap, the contributions add up.

    Inputs:
    - dout: Upstream derivatives, of shape (N, C, H', W')
    - cache: The tuple (x, pool_param) of the forward pass.

    Returns:
    - dx: Gradient with respect to x, of shape (N, C, H, W)
    """
    dx = None
    # TODO: Implement the max-pooling backward pass. Send each region's
    # gradient to the position of its maximum, and add (do not overwrite)
    # where regions overlap.
    # BEGIN SOLUTION
    x, pool_param = cache
    N, C, H, W = x.shape
    ph, pw, stride = pool_param["pool_height"], pool_param["pool_width"], pool_param["stride"]
    _, _, H_out, W_out = dout.shape
    dx = np.zeros_like(x)
    n, c = np.indices((N, C))  # (N, C) each
    for i in range(H_out):
        for j in range(W_out):
            top, left = i * stride, j * stride
            window = x[:, :, top : top + ph, left : left + pw].reshape(N, C, ph * pw)
            r, s = np.unravel_index(window.argmax(axis=2), (ph, pw))  # (N, C) each
            # Route each window's gradient to its maximum; overlapping windows add up.
            np.add.at(dx, (n, c, top + r, left + s), dout[:, :, i, j])
    # END SOLUTION
    return dx


def spatial_batchnorm_forward(x, gamma, beta, bn_param):
    """
    Forward pass of spatial batch normalization.

    Every channel is normalized with statistics taken over the minibatch and over
    all spatial positions, i.e. over the N * H * W values of that channel.

    Inputs:
    - x: Input data, of shape (N, C, H, W)
    - gamma: Scale parameter, of shape (C,)
    - beta: Shift parameter, of shape (C,)
    - bn_param: Dictionary with the following keys:
      - mode: 'train' or 'test'; required
      - eps: Constant for numeric stability (default 1e-5)
      - momentum: Constant for the running averages (default 0.9): 0 keeps only
        the latest batch, values near 1 change the averages slowly.
      - running_mean: Array of shape (C,), the running mean of the channels
      - running_var: Array of shape (C,), the running variance of the channels

    Returns a tuple of:
    - out: Output data, of shape (N, C, H, W)
    - cache: The cache of batchnorm_forward on the (N * H * W, C) view of x
    """
    out, cache = None, None
    # TODO: Implement the forward pass for spatial batch normalization.
    #
    # HINT: Move the channels last and flatten the rest, and this is vanilla
    # batch normalization, which you implemented above. Ours is less than five
    # lines.
    # BEGIN SOLUTION
    N, C, H, W = x.shape
    x_flat = x.transpose(0, 2, 3, 1).reshape(-1, C)  # (N * H * W, C)
    out_flat, cache = batchnorm_forward(x_flat, gamma, beta, bn_param)
    out = out_flat.reshape(N, H, W, C).transpose(0, 3, 1, 2)  # (N, C, H, W)
    # END SOLUTION
    return out, cache


def spatial_batchnorm_backward(dout, cache):
    """
    Backward pass of spatial batch normalization.

    Inputs:
    - dout: Upstream derivatives, of shape (N, C, H, W)
    - cache: The cache of spatial_batchnorm_forward (train mode)

    Returns a tuple of:
    - dx: Gradient with respect to the inputs x, of shape (N, C, H, W)
    - dgamma: Gradient with respect to the scale parameter gamma, of shape (C,)
    - dbeta: Gradient with respect to the shift parameter beta, of shape (C,)
    """
    dx, dgamma, dbeta = None, None, None
    # TODO: Implement the backward pass for spatial batch normalization.
    #
    # HINT: Undo what the forward pass did to the shapes, and call a vanilla
    # batch normalization backward pass. Ours is less than five lines.
    # BEGIN SOLUTION
    N, C, H, W = dout.shape
    dout_flat = dout.transpose(0, 2, 3, 1).reshape(-1, C)  # (N * H * W, C)
    dx_flat, dgamma, dbeta = batchnorm_backward_alt(dout_flat, cache)
    dx = dx_flat.reshape(N, H, W, C).transpose(0, 3, 1, 2)  # (N, C, H, W)
    # END SOLUTION
    return dx, dgamma, dbeta


def spatial_groupnorm_forward(x, gamma, beta, G, gn_param):
    """
    Forward pass of spatial group normalization.

    The C channels of each data point are split into G contiguous groups of C // G
    channels, and every group is normalized over its (C // G, H, W) values, as layer
    normalization normalizes a whole data point. The result is then scaled and
    shifted per channel.

    Inputs:
    - x: Input data, of shape (N, C, H, W)
    - gamma: Scale parameter, of shape (1, C, 1, 1)
    - beta: Shift parameter, of shape (1, C, 1, 1)
    - G: Integer number of groups to split into; must divide C
    - gn_param: Dictionary with the following keys (others are ignored):
      - eps: Constant for numeric stability (default 1e-5)

    Returns a tuple of:
    - out: Output data, of shape (N, C, H, W)
    - cache: The tuple (x, x_hat, mu, var, gamma, beta, G, eps), with x_hat of
      shape (N, C, H, W) the normalized data and mu, var of shape (N, G, 1) the
      mean and variance of every group.
    """
    out, cache = None, None
    eps = gn_param.get("eps", 1e-5)
    # TODO: Implement the forward pass for spatial group normalization.
    #
    # HINT: it is extremely similar to your layer norm: reshape x so that every
    # row holds one group of one data point, and normalize the rows.
    # BEGIN SOLUTION
    N, C, H, W = x.shape
    x_groups = x.reshape(N, G, -1)  # (N, G, C // G * H * W)
    mu = x_groups.mean(axis=2, keepdims=True)  # (N, G, 1)
    var = x_groups.var(axis=2, keepdims=True)  # (N, G, 1)
    x_hat = ((x_groups - mu) / np.sqrt(var + eps)).reshape(N, C, H, W)
    out = gamma * x_hat + beta
    cache = (x, x_hat, mu, var, gamma, beta, G, eps)
    # END SOLUTION
    return out, cache


def spatial_groupnorm_backward(dout, cache):
    """
    Backward pass of spatial group normalization.

    Inputs:
    - dout: Upstream derivatives, of shape (N, C, H, W)
    - cache: The cache of the forward pass: (x, x_hat, mu, var, gamma, beta, G, eps)

    Returns a tuple of:
    - dx: Gradient with respect to the inputs x, of shape (N, C, H, W)
    - dgamma: Gradient with respect to the scale parameter gamma, of shape (1, C, 1, 1)
    - dbeta: Gradient with respect to the shift parameter beta, of shape (1, C, 1, 1)
    """
    dx, dgamma, dbeta = None, None, None
    # TODO: Implement the backward pass for spatial group normalization.
    #
    # HINT: it is extremely similar to your layer norm backward pass, with
    # statistics over the C // G * H * W values of each group.
    # BEGIN SOLUTION
    x, x_hat, mu, var, gamma, beta, G, eps = cache
    N, C, H, W = dout.shape
    dbeta = dout.sum(axis=(0, 2, 3), keepdims=True)  # (1, C, 1, 1)
    dgamma = (dout * x_hat).sum(axis=(0, 2, 3), keepdims=True)  # (1, C, 1, 1)
    dx_hat = (dout * gamma).reshape(N, G, -1)  # (N, G, M)
    x_hat_groups = x_hat.reshape(N, G, -1)  # (N, G, M)
    M = dx_hat.shape[2]  # values per group: C // G * H * W
    dx = (
        M * dx_hat
        - dx_hat.sum(axis=2, keepdims=True)
        - x_hat_groups * (dx_hat * x_hat_groups).sum(axis=2, keepdims=True)
    ) / (M * np.sqrt(var + eps))
    dx = dx.reshape(N, C, H, W)
    # END SOLUTION
    return dx, dgamma, dbeta
