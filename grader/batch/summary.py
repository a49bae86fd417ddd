"""A batch's summary for staff: score histogram and per-check pass rates as PNG plots, and one
HTML page linking each student's report, notebooks and answers.

    write_summary(project, out, grading, rows)
"""

from __future__ import annotations

import threading
from pathlib import Path

from grader.templating import render_template


def preload_plotting() -> threading.Thread:
    """Import matplotlib on a thread of its own while the batch grades (the grading threads
    mostly wait on their workers), so the summary at the end does not pay its second."""
    thread = threading.Thread(target=_import_pyplot, name="preload-matplotlib", daemon=True)
    thread.start()
    return thread


def _import_pyplot():
    import matplotlib

    matplotlib.use("Agg")  # no display; the plots are files
    import matplotlib.pyplot as plt

    return plt


def write_summary(project, out: Path, grading, rows) -> list[Path]:
    plt = _import_pyplot()

    percents = [100 * r.result.score / r.result.max_score if r.result.max_score else 0.0
                for r in rows]  # fmt: skip
    figure, axes = plt.subplots(figsize=(6, 3.5))
    axes.hist(percents, bins=range(0, 105, 5), color="#2a7ae2", edgecolor="white")
    axes.set(xlabel="score (% of the autograded points)", ylabel="students",
             title=f"{grading.assignment.name}: {len(rows)} submissions")  # fmt: skip
    figure.tight_layout()
    figure.savefig(out / "histogram.png", dpi=100)
    plt.close(figure)

    checks = [c.name for c in grading.checks]
    rates = []
    for name in checks:
        graded = [r for row in rows for r in row.result.results if r.check_id == name]
        rates.append(sum(r.status == "passed" for r in graded) / len(graded) if graded else 0.0)
    figure, axes = plt.subplots(figsize=(8, max(3.0, 0.18 * len(checks))))
    axes.barh(range(len(checks)), rates, color="#5a5")
    axes.set_yticks(range(len(checks)), [c[:70] for c in checks], fontsize=6)
    axes.invert_yaxis()
    axes.set(xlim=(0, 1), xlabel="fraction of students passing")
    figure.tight_layout()
    figure.savefig(out / "pass_rates.png", dpi=100)
    plt.close(figure)

    students = [{
        "id": row.student, "status": row.status, "score": row.result.score,
        "max_score": row.result.max_score,
        "answers": (out / "students" / row.student / "notebooks" / "answers.html").is_file(),
    } for row in rows]  # fmt: skip
    page = render_template(project, "reports/batch_summary.html.j2",
                           assignment=grading.assignment, students=students,
                           questions=sorted(p.name for p in (out / "answers").glob("*.html")),
                           rates=list(zip(checks, rates, strict=True)))  # fmt: skip
    (out / "summary.html").write_text(page, encoding="utf-8")
    return [out / "histogram.png", out / "pass_rates.png", out / "summary.html"]
