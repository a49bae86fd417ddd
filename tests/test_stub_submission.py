"""The untouched release, handed in the way students hand in: every check graded, zero points,
and every lost point explained in words meant for the student (never a grader error)."""

from __future__ import annotations

from grader.runner import grade_submission

# Words that mean the grader, not the student's code, is talking.
NOT_FOR_STUDENTS = ("Traceback", "grader failed", "report it", "grader/", "handle")


def test_collected_stub_zip_scores_zero_with_student_facing_reasons(project, collected_stubs):
    result = grade_submission(project, collected_stubs)

    assert result.score == 0
    assert {r.kind for r in result.results} >= {"notebook", "numeric gradient", "training"}
    assert [r.check_id for r in result.results if r.status == "pending"] == [
        "inline: inline answers"
    ]  # graded by hand: no points either way, and out of the autograded total
    assert result.max_score == 100 and result.pending_points == 10
    for check in result.results:
        assert check.status in ("failed", "skipped", "error", "timeout", "pending"), check
        assert check.reason, check.check_id
        assert not any(word in check.reason for word in NOT_FOR_STUDENTS), (
            check.check_id,
            check.reason,
        )
