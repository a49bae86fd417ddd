"""Helpers of assignment 3's torch checks: tensors and modules that live in the worker.

Tensors cannot travel over the protocol, so the checks build them in the worker from numpy
arrays (`tensor`), seed torch there (`seed`), load seeded float64 weights into a module
(`load_weights`) and bring outputs back as numpy arrays (`as_array`). Every module is graded
in eval mode (dropout off) unless a check is about dropout, so the fixtures depend on the
seeded weights and inputs only, not on how a torch version draws dropout masks; they were
recorded with torch 2.13.0 (CPU).
"""

import numpy as np

from grader.checks import BadOutput
from grader.sandbox.protocol import Handle

LAYERS = "cs231n.transformer_layers"
MODEL = "cs231n.classifiers.transformer"
TORCH = "torch"
TENSOR_TYPES = ("Tensor", "Parameter")


def seed(student, value=231):
    """torch.manual_seed(value) in the worker, as the notebook's cells do."""
    student.call(f"{TORCH}:manual_seed", value)


def default_dtype(student, name):
    """torch.set_default_dtype(torch.<name>) in the worker. The float64 checks set float64, so
    the tensors a student's code makes itself (the skeleton's torch.empty placeholders filled
    in place, a torch.zeros of heads) are float64 too; the notebook's checks set float32, as
    the notebook runs, whatever ran before them in the same worker."""
    torch = student.call("importlib:import_module", TORCH)
    student.call(f"{TORCH}:set_default_dtype", student.get(torch, name))


def tensor(student, array):
    """A tensor in the worker holding `array` (its dtype kept: float64 stays float64)."""
    return student.call(f"{TORCH}:from_numpy", np.ascontiguousarray(array))


def randn(student, *shape):
    """torch.randn(*shape) drawn in the worker from torch's global generator."""
    return student.call(f"{TORCH}:randn", *shape)


def as_array(student, value):
    """A tensor result as a numpy array; anything else is returned as it came, so the
    comparison names what is wrong with it."""
    if not isinstance(value, Handle):
        return value
    if value.type_name not in TENSOR_TYPES:
        raise BadOutput(f"expected a torch tensor, got a {value.type_name}")
    return student.method(student.method(value, "detach"), "numpy")


def parameter_shapes(student, module) -> dict[str, tuple[int, ...]]:
    """{name: shape} of the module's parameters (named_parameters, buffers left out)."""
    named = student.call("builtins:dict", student.method(module, "named_parameters"))
    return {name: tuple(student.get(p, "shape")) for name, p in named.items()}


def seeded_weights(rng, shapes, scale=1.0):
    """Float64 values for every parameter, drawn in name order: weight matrices with
    std scale / sqrt(fan_in), embeddings with std `scale`, biases N(0, 0.1), layer-norm gains
    1 + N(0, 0.1). Large enough that every position and head matters, small enough that
    nothing saturates."""
    values = {}
    for name, shape in sorted(shapes.items()):
        if len(shape) == 2 and "embedding" in name:
            values[name] = scale * rng.randn(*shape)
        elif len(shape) == 2:
            values[name] = scale * rng.randn(*shape) / np.sqrt(shape[1])
        elif "norm" in name and name.endswith("weight"):
            values[name] = 1.0 + 0.1 * rng.randn(*shape)
        else:
            values[name] = 0.1 * rng.randn(*shape)
    return values


def load_weights(student, module, values):
    """Make the module float64 (should it not be already) and load `values` ({name: array})
    into it; parameters and buffers not named keep theirs."""
    student.method(module, "double")
    tensors = {name: tensor(student, value) for name, value in values.items()}
    student.method(module, "load_state_dict", tensors, strict=False)


def sinusoid_table(max_len, embed_dim):
    """The positional encodings of spec section 6.2, in float64: sin(i 10000^(-j/E)) in the
    even columns j, cos(i 10000^(-(j-1)/E)) in the odd ones, shape (1, max_len, E)."""
    i = np.arange(max_len)[:, None]
    j = np.arange(embed_dim)[None, :]
    angle = i * 10000.0 ** (-(j - j % 2) / embed_dim)
    return np.where(j % 2 == 0, np.sin(angle), np.cos(angle))[None]


def set_table(student, encoder, table):
    """Give a PositionalEncoding the exact table, so a check of its forward (or of a model
    that uses it) does not depend on how its __init__ built one."""
    student.set(encoder, "pe", tensor(student, table))
