"""Loops forever when its module is imported: the module cannot be imported, its checks say
so, and other modules are graded as usual."""

OUTCOME = "could not be imported"
APPEND = """
while True:
    pass
"""


def relu_forward(x):
    out = None
    cache = x
    return out, cache
