"""Student: the student's code as checks see it, typed calls into one SandboxWorker.

    knn = student.new("cs231n.classifiers.k_nearest_neighbor:KNearestNeighbor")
    dists = student.method(knn, "compute_distances_no_loops", X)

Objects stay in the worker behind handles; values come back decoded. Calls into a module
that failed to import fail at once with the import's reason.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from grader.sandbox.process import SandboxWorker, StudentException
from grader.sandbox.protocol import Handle

PERTURB_BATCH = 16  # perturbed entries per worker request, so each request has a bounded cost


class BadOutput(Exception):
    """A student's function returned something of the wrong form; the message is the reason."""


class ImportFailed(StudentException):
    """A call into a module that could not be imported; the reason says which file and line."""

    def summary(self) -> str:
        return self.evalue


class Student:
    """The student's code as the checks see it: typed calls into one SandboxWorker.

    `broken` maps modules that failed to import to the reason, so calls into them fail fast
    with that reason instead of re-running a broken import. `shared` holds what `once` computed,
    one dict per submission.
    """

    def __init__(
        self,
        worker: SandboxWorker,
        timeout_s: float,
        broken: dict[str, str],
        watch: tuple[str, ...] = (),
        trace: list | None = None,
        shared: dict | None = None,
    ):
        self.worker = worker
        self.timeout_s = timeout_s
        self.broken = broken
        self.watch = watch  # names of functions/methods whose calls report changed arguments
        self.changes: list[Change] = []  # what watched calls changed, in call order
        self.trace = trace  # when a list, every value the worker sends back is appended
        self.shared = {} if shared is None else shared

    def watching(self, *names: str) -> Student:
        """This student, but calls to functions or methods named `names` (last name part:
        'relu_backward', 'predict') record which of their arguments they changed in place."""
        return Student(self.worker, self.timeout_s, self.broken, watch=names, trace=self.trace,
                       shared=self.shared)  # fmt: skip

    def once(self, key, compute, *args):
        """compute(*args) the first time this submission's checks ask for `key`, its value after.

        For deterministic work several checks share, such as one seeded training run that
        grades both a classifier and its loss. Only values are kept: a call that raises is
        tried again by the next check that needs it, so each check meets the error itself.
        """
        if key not in self.shared:
            self.shared[key] = compute(*args)
        return self.shared[key]

    def call(self, function: str, *args, returns=None, **kwargs):
        """Call 'pkg.module:name'; `returns` (a count or names) validates a tuple result."""
        self._check_importable(function)
        qualname = function.partition(":")[2]
        value = self._watched_call({"op": "call", "function": function}, qualname, args, kwargs)
        return _shape_result(value, returns, qualname)

    def new(self, cls: str, *args, **kwargs) -> Handle:
        """Construct an object in the worker; the parent only holds a handle to it."""
        self._check_importable(cls)
        value = self._request({"op": "call", "function": cls}, args, kwargs)
        if not isinstance(value, Handle):
            raise BadOutput(f"{cls.partition(':')[2]}(...) did not construct an object")
        return value

    def method(self, obj: Handle, name: str, *args, returns=None, **kwargs):
        _need_object(obj, f".{name}()")
        header = {"op": "call", "handle": obj.id, "method": name}
        value = self._watched_call(header, f"{obj.type_name}.{name}", args, kwargs)
        return _shape_result(value, returns, f"{obj.type_name}.{name}")

    def get(self, obj: Handle, *path: str):
        _need_object(obj, ".".join(path))
        return self._request({"op": "get", "handle": obj.id, "path": list(path)})

    def set(self, obj: Handle, path: str | tuple[str, ...], value) -> None:
        path = (path,) if isinstance(path, str) else path
        _need_object(obj, ".".join(path))
        self._request({"op": "set", "handle": obj.id, "path": list(path)}, (value,))

    def seed(self, seed: int) -> None:
        """Seed numpy's legacy global stream (and `random`) in the worker, as notebooks do."""
        self._request({"op": "seed", "seed": seed})

    def time(self, target: str | tuple[Handle, str], *args, repeat: int = 3, **kwargs) -> float:
        """Best time in seconds of `repeat` calls (result not sent back): the worker's CPU time
        as the kernel counts it, or wall time where the kernel does not tell."""
        header = _target_header(target)
        if isinstance(target, str):
            self._check_importable(target)
        # Send the arguments once and keep them in the worker: decoding megabytes of input
        # would otherwise count as the function's time.
        names = list(kwargs)
        kept = self._request({"op": "keep"}, (*args, *kwargs.values()))
        args, kwargs = tuple(kept[: len(args)]), dict(zip(names, kept[len(args) :], strict=True))
        best = float("inf")
        for _ in range(repeat):
            cpu, wall = self.worker.cpu_seconds(), time.perf_counter()
            self._request(dict(header, op="call", discard=True), args, kwargs)
            cpu_after, wall_after = self.worker.cpu_seconds(), time.perf_counter()
            used = (
                cpu_after - cpu if cpu is not None and cpu_after is not None else wall_after - wall
            )
            best = min(best, used)
        return best

    def numeric_gradient(self, probe: Probe, indices: np.ndarray, h: float) -> np.ndarray:
        """Centred differences of the probed function at the given flat indices of its input."""
        header = dict(_target_header(probe.target), op="perturb", h=h, select=list(probe.select))
        if isinstance(probe.vary, int):
            header["vary"] = {"arg": probe.vary}
        else:
            header["vary"] = {"handle": probe.target[0].id, "path": list(probe.vary)}
        gradient = []
        for start in range(0, len(indices), PERTURB_BATCH):
            batch = [int(i) for i in indices[start : start + PERTURB_BATCH]]
            reply = self._request(dict(header, indices=batch), probe.args, probe.kwargs)
            plus, minus = np.asarray(reply["plus"]), np.asarray(reply["minus"])
            difference = (plus - minus).reshape(len(batch), -1)
            dout = 1.0 if probe.dout is None else np.asarray(probe.dout, dtype=float).reshape(-1)
            if probe.dout is not None and difference.shape[1] != dout.size:
                raise BadOutput(f"the forward pass returned {difference.shape[1]} values, but "
                                f"dout has shape {np.shape(probe.dout)}")  # fmt: skip
            gradient.extend(np.sum(difference * dout, axis=1) / (2 * h))
        return np.asarray(gradient)

    def _request(self, header: dict, args=(), kwargs=None):
        value = self.worker.request(header, args, kwargs, timeout_s=self.timeout_s)
        if self.trace is not None:
            self.trace.append(value)
        return value

    def _watched_call(self, header: dict, qualname: str, args, kwargs):
        if qualname.rpartition(".")[2] not in self.watch:
            return self._request(header, args, kwargs)
        value, changed = self._request(dict(header, watch=True), args, kwargs)
        self.changes.append(Change(qualname, tuple(changed)))
        return value

    def _check_importable(self, target: str) -> None:
        module = target.partition(":")[0]
        for broken, reason in self.broken.items():
            if module == broken or module.startswith(broken + "."):
                raise ImportFailed("ImportError", reason)


@dataclass(frozen=True)
class Probe:
    """How the worker evaluates a function of one array, for a numeric gradient.

    `target` is a function name or (object, method); `vary` is the index of the positional
    argument to nudge, or a path into the object (("params", "W1")); `select` picks the
    function value out of the result; `dout` is the upstream gradient (None: scalar value).
    """

    target: str | tuple[Handle, str]
    args: tuple = ()
    kwargs: dict = field(default_factory=dict)
    vary: int | tuple[str, ...] = 0
    select: tuple = ()
    dout: np.ndarray | None = None


@dataclass(frozen=True)
class Change:
    """One watched call: the function and the arguments it changed in place (none: empty)."""

    function: str
    arguments: tuple[str, ...]


def _need_object(obj, what: str) -> None:
    if not isinstance(obj, Handle):
        got = "None" if obj is None else f"a {type(obj).__name__}"
        raise BadOutput(f"expected an object to use {what} on, got {got}")


def _shape_result(value, returns, what: str):
    if returns is None:
        return value
    names = returns if isinstance(returns, tuple) else None
    count = len(names) if names else int(returns)
    if not isinstance(value, tuple | list) or len(value) != count:
        expected = f"({', '.join(names)})" if names else f"{count} values"
        got = "None" if value is None else (
            f"{len(value)} values" if isinstance(value, tuple | list) else type(value).__name__
        )  # fmt: skip
        raise BadOutput(f"{what} returned {got}, expected a tuple {expected}")
    return dict(zip(names, value, strict=True)) if names else tuple(value)


def _target_header(target) -> dict:
    if isinstance(target, str):
        return {"function": target}
    obj, method = target
    return {"handle": obj.id, "method": method}
