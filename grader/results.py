"""What grading produces: one CheckResult per check, gathered in a SubmissionResult.

Reports are pure functions of a SubmissionResult; nothing here runs or re-runs a check.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

# "internal" is the grader's own failure: never a verdict on the student's code. "pending" is a
# question graded by hand ([[questions]] manual = true): no points yet, and none in max_score.
STATUSES = ("passed", "partial", "failed", "error", "timeout", "skipped", "internal", "pending")


def points_text(value: float) -> str:
    """Points as reports print them: 2, 1.5, 0.33."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


@dataclass(frozen=True)
class CheckResult:
    """The verdict on one check, with the one-line reason for every lost point."""

    check_id: str  # "<unit>: <what is checked>", e.g. "TwoLayerNet.loss: training loss"
    unit: str
    question: str
    kind: str
    points: float
    max_points: float
    status: str
    reason: str = ""
    detail: str = ""
    hidden: bool = False
    elapsed_s: float = 0.0
    location: str = ""  # where the graded unit is in the submission: "path:line" or "path"

    @property
    def lost_points(self) -> bool:
        """Whether this check cost points (a question pending hand grading has cost none yet)."""
        return self.points < self.max_points and self.status != "pending"


@dataclass(frozen=True)
class SubmissionResult:
    """Everything a report needs about one graded submission."""

    assignment: str
    version: str
    submission: str
    results: tuple[CheckResult, ...]
    questions: tuple[tuple[str, str], ...]  # (id, title), in the assignment's order
    warnings: tuple[str, ...] = ()
    isolation: str = ""
    elapsed_s: float = 0.0
    grader_version: str = ""
    extra_credit: tuple[str, ...] = ()  # ids of questions whose points are beyond max_score
    # Every cell of the notebook runs that raised or killed its kernel, "<notebook> cell 12
    # (In [7]): ...", even those that cost no points (`grader validate` wants none on the
    # reference). A cell cut at its timeout is not here: that depends on the machine's load.
    cell_errors: tuple[str, ...] = ()

    @property
    def score(self) -> float:
        return round(sum(r.points for r in self.results), 6)

    @property
    def internal_errors(self) -> tuple[CheckResult, ...]:
        """Checks the grader itself failed to grade; their points are not a verdict."""
        return tuple(r for r in self.results if r.status == "internal")

    @property
    def max_score(self) -> float:
        """The points the autograder gives out; questions graded by hand and extra credit are
        not among them (extra credit can take a score above it)."""
        graded = (r for r in self.results if r.status != "pending")
        return round(sum(r.max_points for r in graded if r.question not in self.extra_credit), 6)

    @property
    def extra_credit_points(self) -> float:
        """The most extra credit the autograder can give on top of max_score."""
        graded = (r for r in self.results if r.status != "pending")
        return round(sum(r.max_points for r in graded if r.question in self.extra_credit), 6)

    @property
    def pending_points(self) -> float:
        """Points that course staff grade by hand (inline answers)."""
        return round(sum(r.max_points for r in self.results if r.status == "pending"), 6)

    def to_dict(self) -> dict:
        """Plain JSON data; from_dict gives the same result back (a batch resumes from it)."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> SubmissionResult:
        results = tuple(CheckResult(**r) for r in data["results"])
        questions = tuple(tuple(q) for q in data["questions"])
        return cls(**{**data, "results": results, "questions": questions,
                      "warnings": tuple(data.get("warnings", ())),
                      "extra_credit": tuple(data.get("extra_credit", ())),
                      "cell_errors": tuple(data.get("cell_errors", ()))})  # fmt: skip

    def by_question(self) -> list[tuple[str, str, list[CheckResult]]]:
        """(question id, title, results) in the assignment's question order."""
        groups = []
        for question_id, title in self.questions:
            results = [r for r in self.results if r.question == question_id]
            if results:
                groups.append((question_id, title, results))
        return groups
