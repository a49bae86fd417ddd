"""What bwrap hides, and that hostile submissions in a run change nobody else's score."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from grader.runner import RunOptions, grade_submission
from grader.sandbox import BwrapIsolation, Sandbox
from tests.conftest import ROOT, passable, write_submission
from tests.variant_corpus import apply_variant, load_corpus, load_variants

PROBE = '''
import os
import signal


def look(paths):
    """What this process can see of the grader's machine."""
    found = {}
    for path in paths:
        found[path] = os.path.exists(path)
        try:
            found[path + " listed"] = len(os.listdir(path)) >= 0
        except OSError:
            found[path + " listed"] = False
    me = os.getpid()
    commands = []
    for pid in os.listdir("/proc"):
        if pid.isdigit() and int(pid) != me:
            try:
                with open(f"/proc/{pid}/cmdline", "rb") as f:
                    commands.append(f.read().replace(b"\\0", b" ").decode())
            except OSError:
                pass
    found["other processes"] = commands
    found["parent"] = os.getppid()
    try:
        os.kill(os.getppid(), signal.SIGKILL)
        found["killed parent"] = "no error"
    except OSError as error:
        found["killed parent"] = type(error).__name__
    return found
'''
SECRETS = [
    str(ROOT / "assignments/assignment1/fixtures"),
    str(ROOT / "assignments/assignment1/checks"),
    str(ROOT / "reference/assignment1"),
    str(ROOT / "tests"),
    "/root",
]


def test_under_bwrap_the_grader_is_out_of_sight_and_out_of_reach(tmp_path):
    (tmp_path / "probe.py").write_text(textwrap.dedent(PROBE))
    passable(tmp_path)
    with Sandbox(BwrapIsolation()).start(tmp_path) as worker:
        seen = worker.request({"op": "call", "function": "probe:look"}, (SECRETS,))
        assert worker.alive
    for path in SECRETS:
        assert seen[path] is False, path  # not there at all, so not readable either
        assert seen[path + " listed"] is False, path
    # All it sees is its own sandbox: bwrap's init (pid 1), nothing of the grader or pytest.
    others = [c for c in seen["other processes"] if not c.startswith(shutil.which("bwrap"))]
    assert others == []
    assert seen["parent"] in (0, 1)  # the namespace's init, never the grader
    assert seen["killed parent"] in ("no error", "PermissionError", "ProcessLookupError")


HOSTILE = ("daemon", "fork_bomb", "kill_everything")
UNITS = ("relu_forward", "affine_forward", "KNearestNeighbor.predict_labels", "svm_loss_naive")


@pytest.mark.parametrize("level", ["bwrap", "process"])
def test_hostile_submissions_in_a_run_change_no_honest_score(project, tmp_path, level):
    from grader.config import load_assignment

    config = load_assignment(project, "assignment1")
    honest_changes = [None, *load_variants("assignment1", "bugs")[:3],
                      *load_variants("assignment1", "correct")[:3]]  # fmt: skip
    hostile = [c for c in load_corpus(Path(__file__).parent / "cases", "assignment1", "hostile")
               if c.name in HOSTILE]  # fmt: skip
    assert len(honest_changes) == 7 and len(hostile) == 3

    def make(name, change):
        folder = write_submission(project, config, tmp_path / name)
        if change is not None:
            apply_variant(folder, config, change)
        return folder

    honest = [make(f"honest{i}", change) for i, change in enumerate(honest_changes)]
    attackers = [make(f"hostile{i}", case) for i, case in enumerate(hostile)]
    options = RunOptions(isolation=level, units=UNITS, timeout_scale=0.3)

    def scores(folder):
        result = grade_submission(project, folder, "assignment1", options)
        return [(r.check_id, r.points, r.status) for r in result.results]

    alone = [scores(folder) for folder in honest]
    run = [honest[0], attackers[0], *honest[1:3], attackers[1], *honest[3:6], attackers[2],
           honest[6]]  # fmt: skip
    together = {folder: scores(folder) for folder in run}
    assert [together[folder] for folder in honest] == alone
