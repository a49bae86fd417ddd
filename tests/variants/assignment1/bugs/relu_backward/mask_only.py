"""Returns the 0/1 derivative of the ReLU and forgets to multiply it by dout."""

LOSES = "dx on the notebook's inputs"
REASON = "dx: relative error"


def relu_backward(dout, cache):
    dx, x = None, cache
    dx = (x > 0).astype(float)
    return dx
