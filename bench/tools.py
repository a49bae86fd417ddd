"""Benchmark: the same 20 notebook submissions graded by nbgrader, otter-grader and us.

    .venv/bin/python bench/tools.py [--loop-timeout 2] [--keep DIR]

The workload (bench/tools_workload/): one notebook with three numpy functions in answer cells,
four tests; 14 correct students, 3 wrong, 2 raising, 1 looping forever. Each tool gets it in
its own format and grades all 20 in one timed step:

- nbgrader: source/release/submitted layout, autograded test cells, a gradebook;
  `nbgrader autograde` grades the batch (each cell cut after --loop-timeout s).
- otter-grader: hand-written exception-style test files in an autograder zip; `otter run` per
  submission, one after the other (`otter grade`, its batch command, needs Docker). `otter run`
  has no cell timeout, so the looping run is killed after --otter-timeout s.
- ours: a scratch project (assignments/tinynb, reference/tinynb) whose checks are NotebookValues;
  `grader --root SCRATCH run SUBMISSIONS --assignment tinynb --jobs 2`. Each test's call is cut
  after --loop-timeout s on the kernel (the workload's deadline.py).

nbgrader and otter-grader are installed (pinned) into throwaway venvs under
build/bench-venvs/, never into the project's .venv; the install is not timed. Every tool's
per-test points are checked against what each student must lose, and a disagreement is
printed loudly. Prints a Markdown table. Timings, not tests.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
WORKLOAD = Path(__file__).resolve().parent / "tools_workload"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(WORKLOAD.parent))

from tools_workload.answers import DISTS, NORMALIZE, SOFTMAX, students  # noqa: E402
from tools_workload.spec import FUNCTIONS, PROMPTS, TESTS, TOTAL, test_source  # noqa: E402

from grader.config import Project, load_assignment  # noqa: E402
from grader.release import render_release, write_tree  # noqa: E402

VENVS = ROOT / "build" / "bench-venvs"
# otter-grader does not depend on a kernel; both get the ipykernel our own .venv has.
PINS = {"nbgrader": ["nbgrader==0.9.6", "ipykernel==7.4.0", "numpy==2.4.6"],
        "otter": ["otter-grader==7.0.0", "ipykernel==7.4.0", "numpy==2.4.6"]}  # fmt: skip
REFERENCE_CODE = {"normalize": NORMALIZE[0], "pairwise_sq_dists": DISTS[0], "softmax": SOFTMAX[0]}
NAME = "tinynb"  # our scratch assignment, and the notebook's stem
NOTEBOOK = "funcs.ipynb"
THREADS = {f"{k}_NUM_THREADS": "1" for k in ("OMP", "MKL", "OPENBLAS")}


# --- the notebook, in each tool's flavour ---------------------------------------------------


def notebook(code: dict[str, str], tests: bool = False, nbgrader: bool = False):
    """The assignment notebook: an import cell and one answer cell per function (`code`), then
    with `tests` the four test cells; with `nbgrader` the cells carry nbgrader's metadata."""
    cells = [nbformat.v4.new_markdown_cell("# Three numpy functions"),
             nbformat.v4.new_code_cell("import numpy as np")]  # fmt: skip
    for function in FUNCTIONS:
        cells.append(nbformat.v4.new_markdown_cell(f"`{function}`: {PROMPTS[function]}"))
        cell = nbformat.v4.new_code_cell(code[function])
        if nbgrader:
            cell.metadata["nbgrader"] = _nbgrader_meta(f"{function}_answer", solution=True)
        cells.append(cell)
    for test in TESTS if tests else ():
        cell = nbformat.v4.new_code_cell(test_source(test))
        cell.metadata["nbgrader"] = _nbgrader_meta(test.name, grade=True, points=test.points)
        cells.append(cell)
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}  # fmt: skip
    return nb


def _nbgrader_meta(grade_id, solution=False, grade=False, points=0):
    meta = {"grade_id": grade_id, "solution": solution, "grade": grade, "locked": grade,
            "schema_version": 3, "task": False}  # fmt: skip
    return meta | ({"points": points} if grade else {})


def solution_code(marker: str) -> dict[str, str]:
    """The reference answers wrapped in a tool's solution markers ('###' or '#'), under the
    TODO prompt our marker grammar wants (a plain comment to nbgrader)."""
    return {f: f"# TODO: define {f}. {PROMPTS[f]}\n{marker} BEGIN SOLUTION\n{c}\n"
               f"{marker} END SOLUTION" for f, c in REFERENCE_CODE.items()}  # fmt: skip


# --- nbgrader -------------------------------------------------------------------------------


def setup_nbgrader(folder: Path, bin_dir: Path, loop_s: int) -> list[str]:
    """Course folder, source notebook, generated release, 20 submissions; returns the command."""
    names = [s.name for s in students()]
    (folder / "nbgrader_config.py").write_text(
        "c = get_config()\n"
        "c.CourseDirectory.course_id = 'bench'\n"
        "c.CourseDirectory.db_assignments = [dict(name='ps1')]\n"
        f"c.CourseDirectory.db_students = {[dict(id=n) for n in names]!r}\n"
        f"c.Execute.timeout = {loop_s}\n"
    )
    source = folder / "source" / "ps1"
    source.mkdir(parents=True)
    nbformat.write(notebook(solution_code("###"), tests=True, nbgrader=True), source / NOTEBOOK)
    _run([bin_dir / "nbgrader", "generate_assignment", "ps1", "--force"], folder)
    released = nbformat.read(folder / "release" / "ps1" / NOTEBOOK, as_version=4)
    for student in students():
        nb = nbformat.from_dict(json.loads(json.dumps(released)))
        for cell in nb.cells:
            grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", "")
            if grade_id.endswith("_answer"):
                cell.source = student.code[grade_id.removesuffix("_answer")]
        target = folder / "submitted" / student.name / "ps1"
        target.mkdir(parents=True)
        nbformat.write(nb, target / NOTEBOOK)
    return [str(bin_dir / "nbgrader"), "autograde", "ps1", "--force"]


NBGRADER_SCORES = """
import json
from nbgrader.api import Gradebook
with Gradebook("sqlite:///gradebook.db") as gb:
    print(json.dumps({s.id: {g.name: g.score for g in gb.find_submission_notebook(
        "funcs", "ps1", s.id).grades} for s in gb.students}))
"""


def nbgrader_scores(folder: Path, bin_dir: Path) -> dict[str, dict[str, float]]:
    out = _run([bin_dir / "python", "-c", NBGRADER_SCORES], folder)
    return json.loads(out.splitlines()[-1])


# --- otter-grader ---------------------------------------------------------------------------

OTTER_TEST = """OK_FORMAT = False
from otter.test_files import test_case

name = {name!r}
points = {points}
SOURCE = {source!r}


@test_case(points={points})
def test_{name}(env):
    exec(SOURCE, dict(env))
"""


def setup_otter(folder: Path, bin_dir: Path) -> list[tuple[str, list[str]]]:
    """An autograder zip of hand-written test files and 20 notebooks; one command each."""
    autograder = folder / "autograder.zip"
    with zipfile.ZipFile(autograder, "w") as archive:
        archive.writestr("otter_config.json", json.dumps({"lang": "python"}))
        for test in TESTS:
            archive.writestr(f"tests/{test.name}.py", OTTER_TEST.format(
                name=test.name, points=test.points, source=test_source(test)))  # fmt: skip
    commands = []
    for student in students():
        target = folder / "submissions" / student.name
        target.mkdir(parents=True)
        nbformat.write(notebook(student.code), target / NOTEBOOK)
        out = folder / "results" / student.name
        out.mkdir(parents=True)
        commands.append(
            (
                student.name,
                [
                    str(bin_dir / "otter"),
                    "run",
                    "-a",
                    str(autograder),
                    "-o",
                    str(out),
                    "--no-logo",
                    str(target / NOTEBOOK),
                ],
            )
        )
    return commands


def otter_scores(folder: Path) -> dict[str, dict[str, float]]:
    found = {}
    for student in students():
        path = folder / "results" / student.name / "results.json"
        if path.is_file():
            tests = json.loads(path.read_text()).get("tests", [])
            found[student.name] = {t["name"]: t["score"] for t in tests if "score" in t}
        else:
            found[student.name] = {}
    return found


# --- ours -----------------------------------------------------------------------------------

TOML = """[assignment]
name = "{name}"
title = "Three numpy functions (bench/tools.py)"
version = "1"

[files]
release = ["*.ipynb", "*.py"]
student = ["{notebook}"]

[notebooks]
# No recorded cell times: every cell gets the new-cell timeout.
new_cell_timeout_s = {loop_s}
cell_timeout_floor_s = {loop_s}

[datasets.synthetic]
description = "nothing to read; the tests' inputs are in the checks"
generator = "make_data.py"

[[questions]]
id = "funcs"
title = "Three numpy functions"
notebook = "{notebook}"
points = {total}
"""


def setup_ours(folder: Path, loop_s: float) -> list[str]:
    """A scratch project with the tiny assignment, and 20 submissions made from its release."""
    for name in ("templates",):
        shutil.copytree(ROOT / name, folder / name)
    assignment = folder / "assignments" / NAME
    (assignment / "checks").mkdir(parents=True)
    (assignment / "assignment.toml").write_text(
        TOML.format(name=NAME, notebook=NOTEBOOK, loop_s=loop_s, total=TOTAL)
    )
    (assignment / "checks" / "__init__.py").write_text("")
    (assignment / "checks" / "_settings.py").write_text(
        f"LOOP_S = {loop_s!r}\nNOTEBOOK = {NOTEBOOK!r}\n"
    )
    shutil.copy(WORKLOAD / "spec.py", assignment / "checks" / "_spec.py")
    shutil.copy(WORKLOAD / "ours_checks.py", assignment / "checks" / "funcs.py")
    reference = folder / "reference" / NAME
    reference.mkdir(parents=True)
    nbformat.write(notebook(solution_code("#")), reference / NOTEBOOK)
    shutil.copy(WORKLOAD / "deadline.py", reference / "deadline.py")
    (reference / "make_data.py").write_text(
        "import argparse, pathlib\nparser = argparse.ArgumentParser()\n"
        "parser.add_argument('--out')\npathlib.Path(parser.parse_args().out).mkdir(exist_ok=True)\n"
    )
    project = Project(folder)
    release = render_release(project, load_assignment(project, NAME))
    for student in students():
        target = folder / "submissions" / student.name
        write_tree(release, target)
        nbformat.write(notebook(student.code), target / NOTEBOOK)
    return [str(ROOT / ".venv" / "bin" / "grader"), "--root", str(folder), "run",
            str(folder / "submissions"), "--assignment", NAME, "--jobs", "2",
            "--out", str(folder / "graded")]  # fmt: skip


def our_scores(folder: Path) -> dict[str, dict[str, float]]:
    by_what = {t.what: t.name for t in TESTS}
    found = {}
    for student in students():
        path = folder / "graded" / "students" / student.name / "results.json"
        tests = json.loads(path.read_text())["tests"] if path.is_file() else []
        found[student.name] = {
            by_what[w]: t["score"] for t in tests for w in by_what if t["name"].endswith(w)
        }
    return found


# --- running and judging --------------------------------------------------------------------


def tool_bin(name: str) -> Path:
    """The bin folder of a throwaway venv with the tool's pinned packages (made once; pip
    adds what a changed pin list lacks)."""
    venv = VENVS / name
    stamp = venv / ".installed"
    if stamp.is_file() and stamp.read_text() == " ".join(PINS[name]):
        return venv / "bin"
    if not (venv / "bin" / "python").exists():
        python = "/usr/bin/python3" if Path("/usr/bin/python3").exists() else sys.executable
        subprocess.run([python, "-m", "venv", str(venv)], check=True)
    subprocess.run([venv / "bin" / "python", "-m", "pip", "install", "--quiet", *PINS[name]],
                   check=True)  # fmt: skip
    stamp.write_text(" ".join(PINS[name]))
    return venv / "bin"


def environment(command) -> dict[str, str]:
    """One BLAS thread, and the command's own venv first on PATH (nbgrader runs `alembic`)."""
    path = f"{Path(command[0]).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    return {**os.environ, **THREADS, "PATH": path}


def _run(command, cwd: Path, timeout: float | None = None) -> str:
    done = subprocess.run([str(c) for c in command], cwd=cwd, capture_output=True, text=True,
                          env=environment(command), timeout=timeout)  # fmt: skip
    if done.returncode != 0:
        raise RuntimeError(f"{command[0]} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return done.stdout


def timed(command, cwd: Path, timeout: float | None = None) -> tuple[float, bool]:
    """Seconds a command took, and whether it had to be killed at `timeout`."""
    start = time.perf_counter()
    try:
        subprocess.run([str(c) for c in command], cwd=cwd, capture_output=True,
                       env=environment(command), timeout=timeout, check=False)  # fmt: skip
        killed = False
    except subprocess.TimeoutExpired:
        killed = True
    return time.perf_counter() - start, killed


def mismatches(tool: str, scores: dict[str, dict[str, float]]) -> list[str]:
    """Each student's per-test points against what they must earn."""
    wrong = []
    for student in students():
        got = scores.get(student.name, {})
        for test in TESTS:
            want = 0 if test.name in student.loses else test.points
            if float(got.get(test.name, 0)) != want:
                wrong.append(f"{tool}: {student.name} {test.name} got "
                             f"{got.get(test.name, 'nothing')}, expected {want}")  # fmt: skip
    return wrong


def loop_row(scores: dict[str, dict[str, float]], killed: bool) -> str:
    looping = next(s for s in students() if s.kind == "looping")
    got = scores.get(looping.name, {})
    kept = sum(float(got.get(t.name, 0)) for t in TESTS)
    cut = "killed the whole run" if killed else "cut"
    return (
        f"{cut}; {kept:g} / {TOTAL - sum(t.points for t in TESTS if t.name in looping.loses)} kept"
    )


# --- where our time goes (--profile) ---------------------------------------------------------

PHASES = [  # (label, module, attribute path): wall time spent inside, summed over threads
    ("kernel start (sandbox, ipykernel, first reply)", "grader.notebooks.kernel",
     "SandboxKernelManager.start_sandboxed"),
    ("kernel start (sandbox, ipykernel, first reply)", "grader.notebooks.execute",
     "NotebookClient.async_start_new_kernel_client"),
    ("cells", "grader.notebooks.execute", "_run_cell"),
    ("exports (the four tests' calls)", "grader.notebooks.execute", "_export"),
    ("kernel shutdown", "grader.notebooks.kernel", "SandboxKernelManager.cleanup_sandbox"),
    ("executed notebook + HTML for staff", "grader.runner", "write_artifacts"),
    ("grading tree per submission", "grader.session", "GradingSession._copy"),
    ("batch summary (plots)", "grader.batch.summary", "write_summary"),
]  # fmt: skip


def profile_ours(folder: Path, jobs: int = 2) -> None:
    """Grade our 20 submissions in this process with a timer around each phase; print them."""
    import collections
    import functools
    import importlib
    import inspect
    import threading

    from grader.batch.run import grade_batch
    from grader.runner import RunOptions

    spent, lock = collections.defaultdict(float), threading.Lock()

    def timer(function, label):
        def count(started):
            with lock:
                spent[label] += time.perf_counter() - started

        if inspect.iscoroutinefunction(function):

            async def timed_async(*args, **kwargs):
                started = time.perf_counter()
                try:
                    return await function(*args, **kwargs)
                finally:
                    count(started)

            return functools.wraps(function)(timed_async)

        def timed_sync(*args, **kwargs):
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                count(started)

        return functools.wraps(function)(timed_sync)

    for label, module, path in PHASES:
        owner = importlib.import_module(module)
        *classes, name = path.split(".")
        for part in classes:
            owner = getattr(owner, part)
        setattr(owner, name, timer(getattr(owner, name), label))

    os.environ.update(THREADS)
    out = folder / "graded-profile"
    shutil.rmtree(out, ignore_errors=True)
    started = time.perf_counter()
    grade_batch(Project(folder), folder / "submissions", out, NAME, RunOptions(), jobs=jobs)
    total = time.perf_counter() - started
    count = len(students())
    print(f"| ours, --jobs {jobs}: where the time goes | thread-seconds | per submission |")
    print("|---|---|---|")
    for label in dict.fromkeys(label for label, _, _ in PHASES):
        print(f"| {label} | {spent[label]:.1f} | {spent[label] / count:.2f} |")
    print(f"| wall time of the batch | {total:.1f} | {total / count:.2f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--loop-timeout",
        type=int,
        default=2,
        help="seconds a test may run before it is cut (nbgrader, ours)",
    )
    parser.add_argument(
        "--otter-timeout",
        type=float,
        default=60.0,
        help="seconds one `otter run` may take before it is killed",
    )
    parser.add_argument("--keep", type=Path, help="keep the workload and results here")
    parser.add_argument(
        "--profile",
        action="store_true",
        help="only ours, in this process, timing each phase of the grading",
    )
    args = parser.parse_args()
    if args.profile:
        with tempfile.TemporaryDirectory(prefix="bench-tools-") as scratch:
            os.chmod(scratch, 0o755)
            setup_ours(Path(scratch) / "ours", args.loop_timeout)
            profile_ours(Path(scratch) / "ours")
        return
    bins = {name: tool_bin(name) for name in PINS}
    versions = {
        "nbgrader": _run([bins["nbgrader"] / "python", "-c",
                          "import nbgrader; print(nbgrader.__version__)"], ROOT).strip(),
        "otter-grader": _run([bins["otter"] / "python", "-c",
                              "import otter; print(otter.__version__)"], ROOT).strip(),
    }  # fmt: skip
    scratch = Path(tempfile.mkdtemp(prefix="bench-tools-")) if args.keep is None else args.keep
    scratch.mkdir(parents=True, exist_ok=True)
    os.chmod(scratch, 0o755)  # as root, our sandboxed kernels run as other users
    try:
        rows, problems = [], []
        ours = scratch / "ours"
        seconds, killed = timed(setup_ours(ours, args.loop_timeout), ours)
        scores = our_scores(ours)
        problems += mismatches("ours", scores)
        rows.append(("ours (`grader run --jobs 2`)", "this checkout", seconds,
                     loop_row(scores, killed)))  # fmt: skip

        nbg = scratch / "nbgrader"
        nbg.mkdir()
        seconds, killed = timed(setup_nbgrader(nbg, bins["nbgrader"], args.loop_timeout), nbg)
        scores = nbgrader_scores(nbg, bins["nbgrader"])
        problems += mismatches("nbgrader", scores)
        rows.append(("nbgrader (`nbgrader autograde`)", versions["nbgrader"], seconds,
                     loop_row(scores, killed)))  # fmt: skip

        otter = scratch / "otter"
        otter.mkdir()
        seconds, cut = 0.0, []
        for name, command in setup_otter(otter, bins["otter"]):
            took, killed = timed(command, otter, args.otter_timeout)
            seconds, cut = seconds + took, cut + [name] * killed
        scores = otter_scores(otter)
        problems += [f"{p} (its `otter run` was killed)" if p.split()[1] in cut else p
                     for p in mismatches("otter", scores)]  # fmt: skip
        any_killed = bool(cut)
        rows.append(("otter-grader (`otter run` x 20)", versions["otter-grader"], seconds,
                     loop_row(scores, any_killed)))  # fmt: skip
    finally:
        if args.keep is None:
            shutil.rmtree(scratch, ignore_errors=True)

    ours_s = rows[0][2]
    print(
        f"| 20 notebook submissions, 4 tests ({TOTAL} points) | version | seconds | "
        "ratio to ours | infinite loop |"
    )
    print("|---|---|---|---|---|")
    for tool, version, seconds, loop in rows:
        print(f"| {tool} | {version} | {seconds:.1f} | {seconds / ours_s:.2f}x | {loop} |")
    print(
        f"\nTests cut after {args.loop_timeout} s (nbgrader: `Execute.timeout`; ours: each "
        f"test's call on the kernel); `otter run` has no cell timeout, so a run is killed "
        f"after {args.otter_timeout:g} s."
    )
    if problems:
        print("\n**SCORES DISAGREE** with what each student must lose:")
        for problem in problems:
            print(f"- {problem}")
    else:
        print("\nAll three tools gave every student the expected points on every test.")


if __name__ == "__main__":
    main()
