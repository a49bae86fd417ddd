"""Batches: grade a folder (or an LMS export) of submissions into a gradebook, resumably
(run.py), find the students (intake.py), summarise (summary.py), and list unusually similar
answers for staff (similarity.py)."""

from grader.batch.intake import Entry, find_submissions, is_batch
from grader.batch.run import Row, grade_batch, print_progress

__all__ = ["Entry", "Row", "find_submissions", "grade_batch", "is_batch", "print_progress"]
