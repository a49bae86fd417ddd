"""Hostile submissions: one attack each, graded the way staff grade, under bwrap and process.

Each attack replaces one function of a solved submission (tests/hostile/cases/<unit>/*.py,
the variant corpus's format; APPEND adds module-level code). For every case and level:
`grader run` exits 0, the attacked unit earns nothing it did not earn, the sentinel units in
other modules are graded exactly as in a clean submission, no process of the sandbox's uids
survives, nothing outside the sandbox changes, the results file holds the grader's own
verdict, and the report says what happened. Where only bwrap can contain an attack, the
process case asserts the documented weaker outcome instead (README, "Security model").
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import textwrap
import threading
import time
import zipfile
from pathlib import Path

import pytest

from grader.runner import RunOptions, grade_submission
from grader.sandbox import BwrapIsolation, Sandbox
from grader.sandbox.identity import dropping_privileges
from tests.conftest import ROOT, passable, write_submission
from tests.variant_corpus import apply_variant, load_corpus, load_variants

HERE = Path(__file__).resolve().parent
CASES = load_corpus(HERE / "cases", "assignment1", "hostile")
LEVELS = ("bwrap", "process")
# Units in modules no attack touches: they must be graded as if nothing happened.
SENTINELS = ("KNearestNeighbor.predict_labels", "svm_loss_naive")
SECRET = "ghp_hostile-suite-secret-token"
CANARY, CANARY_RO = Path("/tmp/hostile-canary"), Path("/tmp/hostile-canary-ro")
ORIGINAL = "written by the test"
LISTENER_PORT = 47213
# The ids this module's gradings lease from, apart from every other test's (which may run in
# parallel), so that a surviving process of theirs is one of ours.
IDS = range(62000, 62100)
# Fixed canary paths and the listener port: every test of them lives in this one file, which
# `pytest -n --dist loadfile` runs on one worker, one test after another.

needs_root = pytest.mark.skipif(not dropping_privileges(), reason="uid checks need root")


def grade(folder: Path, level: str, units, out: Path, extra=()) -> tuple[int, dict, str, str]:
    """`grader run` in a process of its own, as staff run it; (exit code, results.json,
    stdout, stderr)."""
    args = [sys.executable, "-m", "grader", "--root", str(ROOT), "run", str(folder),
            "--assignment", "assignment1", "--isolation", level, "--timeout-scale", "0.3",
            "-f", "text", "-f", f"gradescope={out}", *extra]  # fmt: skip
    for unit in units:
        args += ["--unit", unit]
    env = dict(os.environ, GITHUB_TOKEN=SECRET, GRADER_TEST_SECRET=SECRET,
               GRADER_SANDBOX_IDS=f"{IDS.start}-{IDS.stop - 1}")  # fmt: skip
    done = subprocess.run(args, capture_output=True, text=True, env=env, timeout=600, cwd=ROOT)
    document = json.loads(out.read_text()) if out.is_file() else {}
    return done.returncode, document, done.stdout, done.stderr


def by_unit(document: dict) -> dict[str, list[dict]]:
    units: dict[str, list[dict]] = {}
    for test in document.get("tests", []):
        units.setdefault(test["tags"][2], []).append(test)
    return units


def survivors() -> list[int]:
    """Processes still running as any sandbox uid (or in any sandbox gid)."""
    found = []
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                status = Path(f"/proc/{entry.name}/status").read_text()
            except OSError:
                continue
            fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
            if fields.get("State", "").strip().startswith("Z"):
                continue
            uid, gid = int(fields["Uid"].split()[0]), int(fields["Gid"].split()[0])
            if uid in IDS or gid in IDS:
                found.append(int(entry.name))
    return found


@pytest.fixture(autouse=True)
def canaries():
    """A world-writable folder and a root-owned one outside every sandbox, fresh per test."""
    for folder, mode in ((CANARY, 0o777), (CANARY_RO, 0o755)):
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir()
        folder.chmod(mode)
        (folder / "note.txt").write_text(ORIGINAL)
        (folder / "note.txt").chmod(0o666 if mode == 0o777 else 0o644)
    yield
    for folder in (CANARY, CANARY_RO):
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def clean(project, tmp_path_factory):
    """The clean submission's grading of the sentinel units, per level."""
    folder = write_submission(project, _assignment(project), tmp_path_factory.mktemp("clean"))
    found = {}
    for level in LEVELS:
        out = tmp_path_factory.mktemp("clean-out") / "results.json"
        code, document, _, err = grade(folder, level, SENTINELS, out)
        assert code == 0, err
        found[level] = by_unit(document)
    return found


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_an_attack_is_contained(project, clean, tmp_path, case, level):
    config = _assignment(project)
    folder = write_submission(project, config, tmp_path / "hostile")
    path = apply_variant(folder, config, case)
    if "APPEND" in case.constants:
        with open(folder / path, "a") as target:
            target.write(case.constants["APPEND"])
    (CANARY / "daemon.txt").unlink(missing_ok=True)
    listener = Listener() if case.constants.get("NETWORK") else None
    out = tmp_path / "out" / "results.json"

    code, document, text, err = grade(folder, level, (case.unit, *SENTINELS), out)
    connections = listener.close() if listener else None

    assert code == 0, err
    units = by_unit(document)
    weaker = level == "process" and case.constants.get("EARNS_UNDER_PROCESS")
    earned = sum(t["score"] for t in units[case.unit])
    assert (earned > 0) if weaker else (earned == 0), units[case.unit]
    outcome = case.constants.get("OUTCOME", "")
    reasons = [t["output"] for t in units[case.unit] if t["status"] != "passed"]
    assert all(reasons) and any(outcome in r for r in reasons), reasons
    for unit in SENTINELS:  # graded exactly as without the attack
        assert _scores(units[unit]) == _scores(clean[level][unit]), unit
    assert document["score"] == pytest.approx(sum(t["score"] for t in document["tests"]))
    assert SECRET not in json.dumps(document) and SECRET not in text
    if dropping_privileges():
        assert survivors() == []
    if case.constants.get("DAEMON"):
        time.sleep(2.5)  # long enough for a surviving daemon to write
        assert survivors() == [] if dropping_privileges() else True
        if level == "bwrap":
            assert not (CANARY / "daemon.txt").exists()
    assert (CANARY_RO / "note.txt").read_text() == ORIGINAL
    assert (ROOT / "README.md").is_file()
    assert not (ROOT / "reference/assignment1/cs231n/hostile.py").exists()
    if level == "bwrap":  # the world-writable canary is out of reach only in a namespace
        assert (CANARY / "note.txt").read_text() == ORIGINAL
        assert not (CANARY / "results.json").exists()
    if connections is not None and level == "bwrap":
        assert connections == []
    json.loads(out.read_text())  # still the grader's own, whole file
    assert "1000" not in str(document["score"])


def _scores(tests: list[dict]) -> list[tuple]:
    return [(t["name"], t["score"], t["status"]) for t in tests]


class Listener:
    """A listener on the grading machine's loopback that records who connects to it."""

    def __init__(self):
        self.connections: list = []
        self.server = socket.socket()
        self.server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.server.bind(("127.0.0.1", LISTENER_PORT))
        self.server.listen()
        self.server.settimeout(0.2)
        self.open = True
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self):
        while self.open:
            try:
                self.connections.append(self.server.accept())
            except OSError:
                pass

    def close(self) -> list:
        self.open = False
        self.thread.join()
        self.server.close()
        return self.connections


def _assignment(project):
    from grader.config import load_assignment

    return load_assignment(project, "assignment1")


# -- attacks on the submission itself -----------------------------------------------------------


def _zip(path: Path, entries: dict[str, bytes], links: dict[str, str] = {}) -> Path:  # noqa: B006
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
        for name, target in links.items():
            info = zipfile.ZipInfo(name)
            info.create_system = 3
            info.external_attr = (0o120777) << 16  # a symbolic link
            archive.writestr(info, target)
    return path


@pytest.mark.parametrize("level", LEVELS)
def test_unsafe_zip_entries_are_skipped_and_said(project, tmp_path, level):
    folder = write_submission(project, _assignment(project), tmp_path / "s")
    entries = {f"s/{p.relative_to(folder)}": p.read_bytes() for p in folder.rglob("*")
               if p.is_file() and p.name != "layers.py"}  # fmt: skip
    entries["../../hostile-escape.txt"] = b"escaped"
    entries["/tmp/hostile-absolute.txt"] = b"absolute"
    archive = _zip(tmp_path / "sub.zip", entries, {"s/cs231n/layers.py": "/etc/passwd"})
    code, document, text, err = grade(archive, level, ("relu_forward", *SENTINELS),
                                      tmp_path / "out.json")  # fmt: skip
    assert code == 0, err
    assert "skipped unsafe entry 's/cs231n/layers.py'" in text
    assert "skipped unsafe entry '../../hostile-escape.txt'" in text
    assert not Path("/tmp/hostile-absolute.txt").exists()
    assert not (tmp_path.parent / "hostile-escape.txt").exists()
    assert sum(t["score"] for t in by_unit(document)["relu_forward"]) == 0  # graded as the stub


@pytest.mark.parametrize("make", ["zip_bomb", "corrupt"])
def test_an_unreadable_zip_is_a_verdict_not_a_crash(tmp_path, make):
    archive = tmp_path / "sub.zip"
    if make == "corrupt":
        archive.write_bytes(b"PK\x03\x04" + os.urandom(4096))
        why = "not a readable zip file"
    else:
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as bomb:
            with bomb.open("assignment1/zeros.bin", "w") as entry:
                for _ in range(520):
                    entry.write(bytes(1 << 20))
        why = "over 500 MB"
    code, document, text, err = grade(archive, "bwrap", SENTINELS, tmp_path / "out.json")
    assert code == 0, err
    assert document["score"] == 0 and document["tests"]
    assert all(why in t["output"] for t in document["tests"])


def test_edited_provided_files_change_nothing(project, tmp_path, clean):
    folder = write_submission(project, _assignment(project), tmp_path / "s")
    (folder / "cs231n/gradient_check.py").write_text("raise SystemExit('hostile')\n")
    (folder / "cs231n/solver.py").write_text("import os\nos._exit(0)\n")
    code, document, text, err = grade(folder, "bwrap", SENTINELS, tmp_path / "out.json")
    assert code == 0, err
    assert "cs231n/solver.py differs from the release; the release's version was used" in text
    units = by_unit(document)
    for unit in SENTINELS:
        assert _scores(units[unit]) == _scores(clean["bwrap"][unit])


def test_edits_outside_the_answer_regions_are_reported_with_their_line(project, tmp_path):
    folder = write_submission(project, _assignment(project), tmp_path / "s")
    layers = folder / "cs231n/layers.py"
    layers.write_text(layers.read_text() + "\n\ndef relu_forward(x):\n    return x, x\n")
    code, document, text, err = grade(folder, "bwrap", ("relu_forward",), tmp_path / "out.json")
    assert code == 0, err
    assert "cs231n/layers.py:" in text and "edited outside the answer regions" in text
    assert sum(t["score"] for t in by_unit(document)["relu_forward"]) < 1.5  # graded as written


# -- what bwrap hides; hostile submissions among honest ones --------------------------------


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
    hostile = [c for c in CASES if c.name in HOSTILE]
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
