"""Numeric gradients by centred differences, to check analytic gradients against."""

import numpy as np


def eval_numerical_gradient(f, x, verbose=True, h=0.00001):
    """
    The numeric gradient of a scalar function f at x, by centred differences.

    Inputs:
    - f: A function of one argument that returns a float.
    - x: The point (a numpy array) at which to take the gradient. It is perturbed in
      place and restored.
    - verbose: If True, print every index and its gradient.
    - h: The step of the centred difference.

    Returns:
    - grad: The numeric gradient, of the same shape as x.
    """
    grad = np.zeros_like(x)
    # Visit every index of x.
    it = np.nditer(x, flags=["multi_index"], op_flags=["readwrite"])
    while not it.finished:
        ix = it.multi_index
        oldval = x[ix]
        x[ix] = oldval + h
        fxph = f(x)  # f(x + h)
        x[ix] = oldval - h
        fxmh = f(x)  # f(x - h)
        x[ix] = oldval  # restore

        grad[ix] = (fxph - fxmh) / (2 * h)  # the slope
        if verbose:
            print(ix, grad[ix])
        it.iternext()

    return grad


def eval_numerical_gradient_array(f, x, df=1, h=1e-5):
    """
    The numeric gradient of sum(f(x) * df) at x, for a function f that returns an array
    and an upstream gradient df of the same shape as f(x).

    Like eval_numerical_gradient, it perturbs x in place (and restores it): a function
    that ignores its argument and reads the same array still sees the perturbation.
    """
    grad = np.zeros_like(x)
    it = np.nditer(x, flags=["multi_index"], op_flags=["readwrite"])
    while not it.finished:
        ix = it.multi_index

        oldval = x[ix]
        x[ix] = oldval + h
        pos = f(x).copy()
        x[ix] = oldval - h
        neg = f(x).copy()
        x[ix] = oldval

        grad[ix] = np.sum((pos - neg) * df) / (2 * h)
        it.iternext()
    return grad


def eval_numerical_gradient_blobs(f, inputs, output, h=1e-5):
    """
    The numeric gradient of a function that reads blobs and writes one blob.

    A blob is any object with a .vals array and a .diffs array of the same shape. f
    takes no arguments: it reads inputs[i].vals and writes output.vals. Gradients are
    taken of sum(output.vals * output.diffs), one input at a time.

    Returns:
    - grads: A list with the numeric gradient of each input, shaped like its vals.
    """
    numeric_diffs = []
    for input_blob in inputs:
        diff = np.zeros_like(input_blob.diffs)
        it = np.nditer(input_blob.vals, flags=["multi_index"], op_flags=["readwrite"])
        while not it.finished:
            idx = it.multi_index
            orig = input_blob.vals[idx]

            input_blob.vals[idx] = orig + h
            f()
            pos = np.copy(output.vals)
            input_blob.vals[idx] = orig - h
            f()
            neg = np.copy(output.vals)
            input_blob.vals[idx] = orig

            diff[idx] = np.sum((pos - neg) * output.diffs) / (2.0 * h)
            it.iternext()
        numeric_diffs.append(diff)
    return numeric_diffs


def eval_numerical_gradient_net(net, inputs, output, h=1e-5):
    """eval_numerical_gradient_blobs for a net object whose forward() fills output."""
    return eval_numerical_gradient_blobs(lambda *args: net.forward(), inputs, output, h=h)


def grad_check_sparse(f, x, analytic_grad, num_checks=10, h=1e-5):
    """
    Compare the analytic gradient with the numeric one at a few random indices.

    Prints one line per index: numerical, analytic and their relative error. The
    indices come from numpy's random generator, so np.random.seed makes them
    reproducible.

    Returns:
    - rel_errors: The relative errors, one per checked index.
    """
    rel_errors = []
    for i in range(num_checks):
        ix = tuple(np.random.randint(m) for m in x.shape)

        oldval = x[ix]
        x[ix] = oldval + h  # increment by h
        fxph = f(x)  # evaluate f(x + h)
        x[ix] = oldval - h  # decrement by h
        fxmh = f(x)  # evaluate f(x - h)
        x[ix] = oldval  # reset

        grad_numerical = (fxph - fxmh) / (2 * h)
        grad_analytic = analytic_grad[ix]
        rel_error = abs(grad_numerical - grad_analytic) / (
            abs(grad_numerical) + abs(grad_analytic) + 1e-12
        )
        rel_errors.append(rel_error)
        print(
            "numerical: %f analytic: %f, relative error: %e"
            % (grad_numerical, grad_analytic, rel_error)
        )
    return rel_errors
