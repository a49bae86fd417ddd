"""What every check is made of: seeded inputs, the grading context, and the Check base.

    Inputs(make_affine, seed=231)            # make(rng, **params) -> {name: value}
    Inputs(linear_rows, dataset="synthetic")  # make(generator, **params): generated images

A check kind describes what it needs (a fixture, dataset targets, the functions it reads, a
notebook, a fresh worker), so the registry and the runner ask it instead of testing its type.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import numpy as np

from grader.compare import Verdict
from grader.config import Assignment
from grader.sandbox import Student

FIXTURE = "fixture"  # `expected=FIXTURE`: the reference's output, frozen by `make fixtures`


@dataclass(frozen=True)
class Inputs:
    """Seeded inputs: `make(rng, **params)` with a RandomState(seed) (231 as the course does);
    `make(**params)` when the seed is None (fixed inputs such as np.linspace ones); and
    `make(generator, **params)` with `dataset`: the dataset's generator module, to build its
    images in memory."""

    make: Callable[..., dict]
    seed: int | None = 231
    params: dict = field(default_factory=dict)
    dataset: str = ""  # a dataset of assignment.toml with a generator

    def build(self, context: GradeContext | None) -> dict:
        """The inputs, made once per grading when the context keeps them (a batch builds the
        generated images and dev sets once, not once per submission); each caller gets a copy
        of its own, so nothing a check does to its inputs reaches the next submission. Without
        a context (a test building a check's inputs on its own) only datasetless inputs work."""
        if context is None or context.built_inputs is None:
            return self._make(context)
        # The make function is alive as long as the grading's checks are, so its id is a key
        # (two closures of one factory share a name, not an id).
        key = (id(self.make), self.seed, repr(self.params), self.dataset)
        built = context.built_inputs.get(key)
        if built is None:
            built = context.built_inputs.setdefault(key, self._make(context))
        return copy.deepcopy(built)

    def _make(self, context: GradeContext | None) -> dict:
        if self.dataset:
            if context is None:
                needs = f"{self.make.__name__} needs dataset {self.dataset!r}"
                raise ValueError(f"{needs}: build it with a grading context")
            return self.make(context.generator(self.dataset), **self.params)
        if self.seed is None:
            return self.make(**self.params)
        return self.make(np.random.RandomState(self.seed), **self.params)

    def describe(self) -> dict:
        described = {"make": self.make.__name__, "seed": self.seed}
        described["params"] = _jsonable(self.params)
        return described | ({"dataset": self.dataset} if self.dataset else {})


@dataclass
class GradeContext:
    """What a check may use besides the student: the grading tree (to read source without
    running it), the assignment (its datasets and targets), a reference worker for timing
    baselines, notebook runs on kernels of their own, and dataset generators."""

    root: Path
    assignment: Assignment
    reference: Callable[[], Student]  # a worker on the reference, started on first use
    notebook_dataset: str  # the dataset notebooks run on, and whose targets apply
    # notebook, exports -> ExecutedNotebook: runs a notebook on a kernel of its own
    run_notebook: Callable[[str, dict], Any] | None = None
    generator: Callable[[str], Any] | None = None  # dataset name -> its generator module
    # (check name, compute) -> the reference's timing baseline, computed once per grading
    # (a batch shares it across submissions) instead of once per submission
    baseline: Callable[[str, Callable[[], float]], float] | None = None
    # Inputs.build's cache, one per grading (a batch shares it); None builds them every time
    built_inputs: dict | None = None

    def reference_baseline(self, name: str, compute: Callable[[], float]) -> float:
        return compute() if self.baseline is None else self.baseline(name, compute)

    def target(self, key: str, dataset: str | None = None) -> float:
        """The accuracy target `key` of `dataset` (the notebook dataset by default)."""
        return self.assignment.dataset(dataset or self.notebook_dataset).target(key)


@dataclass(frozen=True, kw_only=True)
class Check:
    """What every check has: the unit it grades, what it checks, its question and points."""

    unit: str  # spelled as in the spec: "compute_distances_no_loops", "TwoLayerNet.loss"
    what: str
    question: str
    points: float
    hidden: bool = False
    timeout_s: float | None = None  # per call into the student; None: the run's call timeout
    # Checks (objects or names) that must pass before this one counts; a unit name stands
    # for every functional check of that unit declared before this one.
    requires: tuple[Check | str, ...] = ()
    # Other units whose bugs this check may also charge (TwoLayerNet.loss runs the layers).
    uses: tuple[str, ...] = ()
    hint: str = ""  # added to the reason when points are lost: what usually causes it
    group: str = ""  # the checks module it came from; set by the loader

    kind: ClassVar[str] = ""
    needs_fixture: ClassVar[bool] = False  # compares against the reference's frozen outputs
    needs_notebook: ClassVar[bool] = False  # runs a notebook (`--skip-notebooks` leaves it out)
    fresh_worker: ClassVar[bool] = False  # starts workers of its own, so it may run in parallel
    # A gated check says nothing about whether the unit works (source rules, speed, leaving
    # inputs alone), so the loader makes it require every earlier functional check of its unit.
    gated: ClassVar[bool] = False

    @property
    def name(self) -> str:
        return f"{self.unit}: {self.what}"

    @property
    def inspects(self) -> tuple[str, ...]:
        """Functions ('pkg.module:Qual.name') whose source this check reads."""
        return ()

    def targets(self) -> tuple[tuple[str, str | None], ...]:
        """(target key, dataset) pairs this check grades against; dataset None: whichever the
        run uses, so every dataset must state the target."""
        return ()

    def notebook_exports(self, notebook: str) -> dict[str, str]:
        """What this check reads from a run of `notebook` ({name: expression}). Checks of one
        notebook share its run, which saves the exports of them all."""
        return {}

    def fixture(self, reference: Student, context: GradeContext) -> dict[str, np.ndarray]:
        raise NotImplementedError

    def grade(self, student: Student, fixture: dict | None, context: GradeContext) -> Verdict:
        raise NotImplementedError


def arrays(outputs) -> dict[str, np.ndarray]:
    """Named outputs as float/int arrays, the form fixtures store."""
    if not isinstance(outputs, dict):
        raise TypeError(f"a check's call must return {{name: value}}, got {type(outputs).__name__}")
    return {name: np.asarray(value) for name, value in outputs.items()}


def _jsonable(params: dict) -> dict:
    return json.loads(json.dumps(params, default=lambda value: repr(value)))
