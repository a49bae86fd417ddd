"""Similarity for academic-integrity review: pairs of students whose answer in one region is
unusually close once comments, whitespace and names are normalised.

    pairs = similar_pairs(answers)              # answers: {region: {student: code}}
    text = render_similarity(pairs, answers)    # Markdown, the two answers side by side

Each answer becomes a token stream: comments and blank lines dropped, strings folded to S,
and every name that is not a keyword, a builtin or an attribute renamed in order of first
use (v1, v2, ...), so renaming variables changes nothing. A pair is flagged when both streams
are long enough to be more than the obvious one-liner (MIN_TOKENS) and their difflib ratio
reaches THRESHOLD. Staff read the pairs; nothing here changes a score.
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


@dataclass(frozen=True)
class Pair:
    region: str
    first: str
    second: str
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


def similar_pairs(answers: dict[str, dict[str, str]]) -> list[Pair]:
    """Flagged pairs, most similar first."""
    pairs = []
    for region, by_student in answers.items():
        streams = {s: normalise(code) for s, code in by_student.items()}
        long = {s: t for s, t in streams.items() if len(t) >= MIN_TOKENS}
        for first, second in combinations(sorted(long), 2):
            matcher = difflib.SequenceMatcher(None, long[first], long[second], autojunk=False)
            if matcher.real_quick_ratio() < THRESHOLD or matcher.quick_ratio() < THRESHOLD:
                continue
            ratio = matcher.ratio()
            if ratio >= THRESHOLD:
                pairs.append(Pair(region, first, second, ratio))
    return sorted(pairs, key=lambda p: (-p.ratio, p.region, p.first, p.second))


def render_similarity(pairs: list[Pair], answers: dict[str, dict[str, str]]) -> str:
    lines = ["# Similar answers", "",
             f"Pairs whose normalised answer in one region is at least {THRESHOLD:.0%} alike "
             f"(answers under {MIN_TOKENS} tokens are left out). A pair is a question for "
             "staff, not a finding.", ""]  # fmt: skip
    if not pairs:
        lines.append("No pair reaches the threshold.")
    for pair in pairs:
        lines += [f"## {pair.region}: {pair.first} and {pair.second} ({pair.ratio:.0%})", ""]
        for student in (pair.first, pair.second):
            lines += [f"{student}:", "", "```python", answers[pair.region][student].rstrip(),
                      "```", ""]  # fmt: skip
    return "\n".join(lines) + "\n"
