"""Nothing from the worker is ever unpickled or evaluated: grep the grader package."""

from __future__ import annotations

import re

from tests.conftest import ROOT

FORBIDDEN = re.compile(
    r"^\s*(import|from)\s+(pickle|cPickle|dill|marshal|shelve|joblib)\b"
    r"|\b(pickle|dill|marshal)\.loads?\("
    r"|allow_pickle\s*=\s*True"
    r"|(?<![\w.])(eval|exec)\s*\("
    r"|\bliteral_eval\b",
    re.MULTILINE,
)


# The worker runs the student's code by design (it imports their modules and, for a notebook,
# executes its definitions), inside the sandbox: there exec is its job, and only unpickling
# stays forbidden. Everywhere else, nothing is evaluated.
IN_THE_SANDBOX = {"grader/sandbox/server.py"}
UNPICKLING = re.compile(FORBIDDEN.pattern.replace(r"|(?<![\w.])(eval|exec)\s*\(", ""), re.MULTILINE)


def test_grader_package_never_unpickles_or_evaluates():
    offenders = []
    files = sorted((ROOT / "grader").rglob("*.py"))
    assert len(files) > 10
    for path in files:
        pattern = UNPICKLING if path.relative_to(ROOT).as_posix() in IN_THE_SANDBOX else FORBIDDEN
        for match in pattern.finditer(path.read_text()):
            line = path.read_text().count("\n", 0, match.start()) + 1
            offenders.append(f"{path.relative_to(ROOT)}:{line}: {match.group(0).strip()}")
    assert offenders == []


def test_the_pattern_would_catch_the_usual_suspects():
    for bad in ("import pickle", "from dill import loads", "x = pickle.loads(b)",
                "np.load(f, allow_pickle=True)", "value = eval(text)", "exec(code)"):  # fmt: skip
        assert FORBIDDEN.search(bad), bad
    assert not FORBIDDEN.search("np.load(f, allow_pickle=False)")
