"""Returns a string where an array is expected."""

OUTCOME = "got a str"


def relu_forward(x):
    out = "the answer"
    cache = x
    return out, cache
