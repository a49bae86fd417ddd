"""Helpers shared by the checks of the recurrent layers and CaptioningRNN: calls into
cs231n/rnn_layers.py, forward-then-backward gradient cases on the student's own cache, and
the notebooks' linspace inputs."""

import numpy as np

from grader.checks import LeavesInputsAlone, Probe
from grader.compare import Tolerance

LAYERS = "cs231n.rnn_layers"
# Against the reference's analytic gradient: rounding apart, a correct backward pass agrees.
GRADIENT = Tolerance("rel_error", 1e-7, partial_limit=1e-5)
IN_PLACE_HINT = "compute the result in new arrays (a + b, not a += b on an argument)"


def linspace(low, high, *shape):
    """np.linspace(low, high, num=prod(shape)).reshape(shape), as the notebooks build inputs."""
    return np.linspace(low, high, num=int(np.prod(shape))).reshape(*shape)


def forward(name, *keys, outputs=("out",)):
    """A call {output: ...} of rnn_layers.<name>(d[key] for key in keys); the cache, the last
    value returned, is dropped."""

    def call(student, d):
        result = student.call(f"{LAYERS}:{name}", *(d[k] for k in keys),
                              returns=len(outputs) + 1)  # fmt: skip
        return dict(zip(outputs, result[:-1], strict=True))

    return call


def forward_backward(forward_name, backward_name, keys, grads, upstream=("dout",), vary=None):
    """A gradient case: the student's forward on d[keys] (its own cache, the last value it
    returns), then the given backward on the upstream gradients d[upstream] and that cache.

    Probes nudge each input of the forward pass (`vary`: the keys with a gradient, all of
    them by default) against the upstream gradient of the forward's first output; with more
    than one upstream gradient there is no single probe, so only the reference judges."""
    vary = keys if vary is None else vary

    def case(student, d):
        args = tuple(d[k] for k in keys)
        *_, cache = student.call(f"{LAYERS}:{forward_name}", *args, returns=len(upstream) + 1)
        result = student.call(f"{LAYERS}:{backward_name}", *(d[u] for u in upstream), cache,
                              returns=len(grads) if len(grads) > 1 else None)  # fmt: skip
        values = dict(zip(grads, result if len(grads) > 1 else (result,), strict=True))
        if len(upstream) > 1:
            return values, {}
        probes = {
            grad: Probe(f"{LAYERS}:{forward_name}", args, vary=keys.index(key), select=(0,),
                        dout=d[upstream[0]])
            for grad, key in zip(grads, vary, strict=True)
        }  # fmt: skip
        return values, probes

    return case


def leaves_inputs_alone(unit, what, question, inputs, call, points=0.5, **extra):
    """The unit changes none of the arrays it is given (see LeavesInputsAlone)."""
    return LeavesInputsAlone(unit=unit, what=what, question=question, points=points,
                             inputs=inputs, call=call, hint=IN_PLACE_HINT, **extra)  # fmt: skip
