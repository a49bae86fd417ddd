"""Helpers shared by assignment 2's checks: layer calls, forward-then-backward gradient cases,
statistics computed here from what comes back, and parameter dicts that live in the worker."""

import numpy as np

from grader.checks import LeavesInputsAlone, Probe
from grader.compare import Tolerance

LAYERS = "cs231n.layers"
# Against the reference's analytic gradient: rounding apart, a correct backward pass agrees.
GRADIENT = Tolerance("rel_error", 1e-7, partial_limit=1e-5)
IN_PLACE_HINT = "compute the result in a new array (x.copy(), or an expression such as x * mask)"


def forward(name, *keys, returns=2):
    """A call {"out": ...} of layers.<name>(d[key] for key in keys)."""

    def call(student, d):
        result = student.call(f"{LAYERS}:{name}", *(d[k] for k in keys), returns=returns)
        return {"out": result[0]}

    return call


def forward_backward(forward_name, backward_name, keys, grads, params=()):
    """A gradient case: the student's forward on d[keys] (its own cache), then the given
    backward on d["dout"]; probes nudge each input of the forward pass. `params` names inputs
    (such as bn_param) that travel but are never varied."""

    def case(student, d):
        args = tuple(d[k] for k in keys)
        _, cache = student.call(f"{LAYERS}:{forward_name}", *args, returns=2)
        result = student.call(f"{LAYERS}:{backward_name}", d["dout"], cache,
                              returns=len(grads) if len(grads) > 1 else None)  # fmt: skip
        values = dict(zip(grads, result if len(grads) > 1 else (result,), strict=True))
        varied = [k for k in keys if k not in params]
        probes = {
            grad: Probe(f"{LAYERS}:{forward_name}", args, vary=keys.index(key), select=(0,),
                        dout=d["dout"])
            for grad, key in zip(grads, varied, strict=False)
        }  # fmt: skip
        return values, probes

    return case


def leaves_inputs_alone(unit, what, question, inputs, call, points=0.5, **extra):
    """The unit changes none of the arrays it is given (see LeavesInputsAlone)."""
    return LeavesInputsAlone(unit=unit, what=what, question=question, points=points,
                             inputs=inputs, call=call, hint=IN_PLACE_HINT, **extra)  # fmt: skip


def kept_dict(student, values):
    """A dict that stays in the worker (a collections.UserDict), so the running averages a
    layer writes into its bn_param survive from one call to the next; its handle is passed
    where the layer takes the dict."""
    return student.new("collections:UserDict", dict(values))


def kept_values(student, handle):
    """The worker-side dict's contents, as they are now."""
    return student.get(handle, "data")


def statistics(out, axis, shape):
    """{"means", "stds"} of out along `axis`, or out itself under both names when it is not
    an array of `shape` (so the comparison names the problem instead of failing here)."""
    try:
        array = np.asarray(out, dtype=np.float64)
    except (TypeError, ValueError):
        return {"means": out, "stds": out}
    if array.shape != tuple(shape):
        return {"means": out, "stds": out}
    return {"means": array.mean(axis=axis), "stds": array.std(axis=axis)}
