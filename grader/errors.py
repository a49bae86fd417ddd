"""The grader's exceptions: few, rooted at GraderError, each carrying the fields it talks about."""

from __future__ import annotations

from pathlib import Path


class GraderError(Exception):
    """Something the grader itself could not do; its message is one line a person can act on."""


class ConfigError(GraderError):
    """An assignment.toml (or a check registry) that is malformed or contradicts itself."""

    def __init__(self, path: Path | str, message: str):
        self.path = Path(path)
        self.message = message
        super().__init__(f"{path}: {message}")


class MarkerError(GraderError):
    """A solution marker that is unterminated, nested, or otherwise malformed."""

    def __init__(self, where: str, line: int, message: str):
        self.where = where
        self.line = line
        self.message = message
        super().__init__(f"{where}:{line}: {message}")


class SubmissionError(GraderError):
    """A submission the grader cannot open at all (corrupt zip, no assignment found, ...)."""
