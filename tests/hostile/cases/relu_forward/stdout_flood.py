"""Prints a gigabyte: the worker's log is capped by the file-size limit."""

OUTCOME = "File too large"


def relu_forward(x):
    out = None
    line = "x" * 10**7
    for _ in range(100):
        print(line, flush=True)
    cache = x
    return out, cache
