"""Similarity for academic-integrity review: groups of students whose answer in one region is
unusually close once comments, whitespace and names are normalised.

    groups = similar_groups(answers)            # answers: {region: {student: code}}
    text = render_similarity(groups, answers)   # Markdown, two answers side by side

Each answer becomes a token stream: comments and blank lines dropped, strings folded to S,
and every name that is not a keyword, a builtin or an attribute renamed in order of first
use (v1, v2, ...), so renaming variables changes nothing. Identical streams group together;
two distinct streams are flagged when both are long enough to be more than the obvious
one-liner (MIN_TOKENS) and their difflib ratio reaches THRESHOLD. Staff read the groups;
nothing here changes a score.
"""

from __future__ import annotations

import builtins
import difflib
import io
import keyword
import tokenize
from dataclasses import dataclass
from itertools import combinations

MIN_TOKENS = 40  # shorter answers (a vectorised one-liner) are alike for everyone
THRESHOLD = 0.9
KEPT_NAMES = set(keyword.kwlist) | set(dir(builtins)) | {"np", "numpy", "self"}
SHOWN = 2  # answers printed per group; the rest are named
NAMED = 6  # a larger group's heading counts its students and a line below names them all


@dataclass(frozen=True)
class Group:
    """Students whose answers in `region` are `ratio` alike (1.0: identical once normalised)."""

    region: str
    students: tuple[str, ...]
    ratio: float


def normalise(code: str) -> list[str]:
    """The answer's tokens with comments, layout and names normalised (see module docs)."""
    tokens, names, previous = [], {}, ""
    skipped = {tokenize.COMMENT, tokenize.NL, tokenize.ENCODING, tokenize.ENDMARKER}
    try:
        for token in tokenize.generate_tokens(io.StringIO(code).readline):
            if token.type in skipped:
                continue
            text = token.string
            if token.type == tokenize.NAME and text not in KEPT_NAMES and previous != ".":
                text = names.setdefault(text, f"v{len(names) + 1}")
            elif token.type == tokenize.STRING:
                text = "S"
            elif token.type in (tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT):
                text = tokenize.tok_name[token.type]
            tokens.append(text)
            previous = token.string
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return code.split()  # unparsable: compare its words
    return tokens


def similar_groups(answers: dict[str, dict[str, str]]) -> list[Group]:
    """Flagged groups, most similar first.

    Students whose normalised answers are identical form one group (ratio 1.0), however many
    they are: a solution passed around a class is one entry, not every pair of its copies.
    Then the distinct answers are compared pairwise, and each close pair of them is a group of
    both sides' students at their ratio, one of each side first (the two answers shown).
    """
    groups = []
    for region, by_student in answers.items():
        same: dict[tuple[str, ...], list[str]] = {}
        for student in sorted(by_student):
            stream = tuple(normalise(by_student[student]))
            if len(stream) >= MIN_TOKENS:
                same.setdefault(stream, []).append(student)
        groups += [Group(region, tuple(s), 1.0) for s in same.values() if len(s) > 1]
        for first, second in combinations(same, 2):
            matcher = difflib.SequenceMatcher(None, first, second, autojunk=False)
            if matcher.real_quick_ratio() < THRESHOLD or matcher.quick_ratio() < THRESHOLD:
                continue
            ratio = matcher.ratio()
            if ratio >= THRESHOLD:
                (a, *more_a), (b, *more_b) = same[first], same[second]
                groups.append(Group(region, (a, b, *more_a, *more_b), ratio))  # a, b shown
    return sorted(groups, key=lambda g: (-g.ratio, g.region, g.students))


def render_similarity(groups: list[Group], answers: dict[str, dict[str, str]]) -> str:
    """Markdown: per group, its students and the first two answers side by side (one page
    stays readable when a whole class shares an answer)."""
    lines = ["# Similar answers", "",
             f"Students whose normalised answer in one region is at least {THRESHOLD:.0%} alike "
             f"(answers under {MIN_TOKENS} tokens are left out). A group is a question for "
             "staff, not a finding.", ""]  # fmt: skip
    if not groups:
        lines.append("No two answers reach the threshold.")
    for group in groups:
        lines += [f"## {group.region}: {_names(group.students)} ({group.ratio:.0%})", ""]
        if len(group.students) > NAMED:
            lines += [f"Students: {', '.join(group.students)}.", ""]
        for student in group.students[:SHOWN]:
            lines += [f"{student}:", "", "```python", answers[group.region][student].rstrip(),
                      "```", ""]  # fmt: skip
        if len(group.students) > SHOWN:
            rest = len(group.students) - SHOWN
            lines += [f"(The other {rest} answers are in their submissions.)", ""]
    return "\n".join(lines) + "\n"


def _names(students: tuple[str, ...]) -> str:
    if len(students) <= NAMED:
        return ", ".join(students[:-1]) + f" and {students[-1]}"
    return f"{len(students)} students ({', '.join(students[:4])}, ...)"
