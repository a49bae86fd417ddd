"""Solution markers: find the answers in solved text and replace them with student stubs.

    stripped = strip_solutions(text, "cs231n/layers.py", PYTHON, StubTemplates(templates_dir))

One grammar serves `.py` modules and notebook cells::

    # TODO: the prompt; this comment run becomes the student's banner
    # BEGIN SOLUTION [width=N] [trailer]
    ...answer lines...
    # END SOLUTION

    x = answer_expression  # SOLUTION          (one-line form; released as `x = None`)

Markdown answer cells put ``<!-- BEGIN SOLUTION -->`` / ``<!-- END SOLUTION -->`` around the
answer, which is released as a "Your Answer: fill this in" line.

The same module knows the other side of the release: the course's START/END delimiter lines
that mark answer regions in a student's file (`split_answer_regions`).
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from pathlib import Path

import jinja2

from grader.errors import MarkerError

START_DELIMITER = "# *****START OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****"
END_DELIMITER = "# *****END OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****"

# The course's banners are 75-81 characters wide depending on the file; 79 is the common case.
DEFAULT_WIDTH = 79
# Narrower than this and a banner cannot hold a readable prompt.
MIN_HASHES = 30


@dataclass(frozen=True)
class Syntax:
    """How markers are spelled in one kind of text, and which template renders its stubs."""

    name: str
    begin: re.Pattern[str]
    end: re.Pattern[str]
    one_line: re.Pattern[str] | None
    prompt_comment: str | None  # comment leader of the TODO prompt above BEGIN; None: no prompt
    template: str


PYTHON = Syntax(
    name="python",
    begin=re.compile(r"^(?P<indent>[ \t]*)# BEGIN SOLUTION(?P<options>(?: .*)?)$"),
    end=re.compile(r"^(?P<indent>[ \t]*)# END SOLUTION\s*$"),
    one_line=re.compile(
        r"^(?P<indent>[ \t]*)(?P<target>[^#\s][^#]*?) = (?P<value>.+?)\s+# SOLUTION\s*$"
    ),
    prompt_comment="#",
    template="python_block.j2",
)
MARKDOWN = Syntax(
    name="markdown",
    begin=re.compile(r"^(?P<indent>[ \t]*)<!-- BEGIN SOLUTION(?P<options>(?: [^>]*?)?) -->\s*$"),
    end=re.compile(r"^(?P<indent>[ \t]*)<!-- END SOLUTION -->\s*$"),
    one_line=None,
    prompt_comment=None,
    template="markdown_answer.j2",
)
# Anything that mentions a marker but does not match the grammar exactly is an authoring mistake.
_LOOKS_LIKE_MARKER = re.compile(r"\b(BEGIN|END)[ _]+SOLUTIONS?\b|#\s*SOLUTION\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Region:
    """One answer in solved text. Line numbers are 1-based and inclusive."""

    start: int  # first line replaced: the prompt's first line, or BEGIN
    begin: int  # the BEGIN marker (for one-line regions, the line itself)
    end: int  # the END marker (for one-line regions, the line itself)
    indent: str
    prompt: tuple[str, ...]
    solution: tuple[str, ...]
    width: int | None = None
    trailer: bool = False
    one_line: bool = False


@dataclass(frozen=True)
class Stripped:
    """Text with every answer replaced by its stub, plus what was replaced."""

    text: str
    regions: tuple[Region, ...]
    stubs: tuple[str, ...]  # the rendered stub of each region, in order


class StubTemplates:
    """The Jinja templates that render stubs (`templates/stubs/*.j2`)."""

    def __init__(self, directory: Path):
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(directory)),
            undefined=jinja2.StrictUndefined,
            keep_trailing_newline=True,
            autoescape=False,
        )

    def render(
        self,
        syntax: Syntax,
        region: Region,
        default_width: int,
        default_trailer: bool = False,
        fill: bool = False,
    ) -> str:
        """Return the stub text (ending in a newline) that replaces `region`.

        With `fill`, the stub keeps the answer between the delimiters: what a student who
        solved everything hands in (used to check that the reference earns every point).
        """
        if region.one_line:
            match = PYTHON.one_line.match(region.solution[0])
            value = match["value"] if fill else "None"  # type: ignore[index]
            return f"{region.indent}{match['target']} = {value}\n"  # type: ignore[index]
        width = region.width or default_width
        hashes = max(MIN_HASHES, width - len(region.indent.expandtabs()))
        template = self.env.get_template(syntax.template)
        return template.render(
            indent=region.indent,
            hashes=hashes,
            prompt=wrap_prompt(region.prompt, hashes - 4),
            trailer=region.trailer or default_trailer,
            answer=region.solution if fill else (),
            start_delimiter=START_DELIMITER,
            end_delimiter=END_DELIMITER,
        )


def find_regions(text: str, where: str, syntax: Syntax) -> tuple[Region, ...]:
    """Parse every answer region in `text`; `where` names the text in errors.

    Raises
    ------
    MarkerError
        For a nested BEGIN, an END without BEGIN, an END indented unlike its BEGIN,
        an unterminated BEGIN, a malformed marker, or a block without its TODO prompt.
    """
    lines = text.splitlines()
    regions: list[Region] = []
    opened: tuple[int, str, dict[str, object]] | None = None  # (line, indent, options)
    for number, line in enumerate(lines, 1):
        begin, end = syntax.begin.match(line), syntax.end.match(line)
        one_line = syntax.one_line.match(line) if syntax.one_line else None
        if begin:
            if opened:
                raise MarkerError(
                    where,
                    number,
                    f"BEGIN SOLUTION inside the block opened at line {opened[0]}; "
                    "blocks cannot nest",
                )
            options = _parse_options(begin["options"], where, number)
            opened = (number, begin["indent"], options)
        elif end:
            if opened is None:
                raise MarkerError(where, number, "END SOLUTION without BEGIN SOLUTION")
            begin_line, indent, options = opened
            if end["indent"] != indent:
                raise MarkerError(
                    where,
                    number,
                    f"END SOLUTION indented {len(end['indent'])} columns, but its BEGIN "
                    f"SOLUTION at line {begin_line} is indented {len(indent)}",
                )
            floor = regions[-1].end if regions else 0
            start, prompt = _prompt_above(lines, begin_line, indent, floor, syntax, where)
            regions.append(
                Region(
                    start=start,
                    begin=begin_line,
                    end=number,
                    indent=indent,
                    prompt=prompt,
                    solution=tuple(lines[begin_line : number - 1]),
                    width=options.get("width"),  # type: ignore[arg-type]
                    trailer=bool(options.get("trailer")),
                )
            )
            opened = None
        elif one_line:
            if opened:
                raise MarkerError(
                    where,
                    number,
                    f"one-line '# SOLUTION' inside the block opened at line {opened[0]}",
                )
            indent = one_line["indent"]
            regions.append(Region(number, number, number, indent, (), (line,), one_line=True))
        elif _LOOKS_LIKE_MARKER.search(line):
            raise MarkerError(where, number, f"malformed solution marker: {line.strip()!r}")
    if opened:
        raise MarkerError(where, opened[0], "BEGIN SOLUTION is never closed by END SOLUTION")
    return tuple(regions)


def strip_solutions(
    text: str,
    where: str,
    syntax: Syntax,
    templates: StubTemplates,
    width: int = DEFAULT_WIDTH,
    trailer: bool = False,
    fill: bool = False,
) -> Stripped:
    """Replace every answer region of `text` with its rendered stub.

    `width` is the banner width (indent included) and `trailer` whether an END OF YOUR CODE box
    follows, for blocks that do not set their own. `fill` keeps the answers (see render).
    """
    regions = find_regions(text, where, syntax)
    lines = text.splitlines(keepends=True)
    out: list[str] = []
    stubs: list[str] = []
    cursor = 0  # 0-based index of the next line to copy
    for region in regions:
        out.extend(lines[cursor : region.start - 1])
        stub = templates.render(syntax, region, width, trailer, fill)
        stubs.append(stub)
        out.append(stub)
        cursor = region.end
    out.extend(lines[cursor:])
    stripped = "".join(out)
    if not text.endswith("\n") and stripped.endswith("\n"):
        stripped = stripped[:-1]  # notebook cells carry no final newline; keep it that way
    return Stripped(stripped, regions, tuple(stubs))


def wrap_prompt(prompt: tuple[str, ...], width: int) -> list[str]:
    """Re-wrap prompt lines to `width`, keeping paragraphs, bullets and a bare 'TODO:' line."""
    wrapped: list[str] = []
    for item, hanging in _prompt_items(prompt):
        if item == "":
            wrapped.append("")
        elif item == "TODO:":
            wrapped.append(item)
        else:
            wrapped.extend(
                textwrap.wrap(item, width, subsequent_indent=hanging, break_on_hyphens=False)
            )
    return wrapped


def split_answer_regions(text: str) -> tuple[list[str], list[str]]:
    """Split a student's file at the START/END delimiter lines.

    Returns ``(outside, inside)``: the text between regions (len(inside) + 1 pieces when the
    delimiters pair up) and the text of each region, so edits outside regions can be found.
    """
    outside, inside = _split_lines(text)
    return ["\n".join(piece) for piece in outside], ["\n".join(piece) for piece in inside]


def answer_line_spans(text: str) -> list[tuple[int, int]]:
    """The 1-based, inclusive line spans strictly between each START and END delimiter line
    of a student's file (empty regions give an empty span, first > last)."""
    spans, start = [], None
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if stripped == START_DELIMITER and start is None:
            start = number + 1
        elif stripped == END_DELIMITER and start is not None:
            spans.append((start, number - 1))
            start = None
    return spans


def first_outside_edit(release_text: str, student_text: str) -> int | None:
    """Where a student's file first differs from the release outside the answer regions.

    Returns the 1-based line in the student's file, 0 when the START/END lines themselves were
    changed or removed, and None when only answer regions differ.
    """
    release_outside, _ = _split_lines(release_text)
    outside, inside = _split_lines(student_text)
    if len(outside) != len(release_outside):
        return 0
    line = 1  # the student's line where the current outside piece starts
    for index, (expected, got) in enumerate(zip(release_outside, outside, strict=True)):
        for offset in range(max(len(expected), len(got))):
            want = expected[offset].rstrip() if offset < len(expected) else None
            have = got[offset].rstrip() if offset < len(got) else None
            if want != have:
                return line + min(offset, max(len(got) - 1, 0))
        line += len(got) + 1  # the piece, then its START line
        if index < len(inside):
            line += len(inside[index]) + 1  # the answer, then its END line
    return None


def _split_lines(text: str) -> tuple[list[list[str]], list[list[str]]]:
    outside: list[list[str]] = []
    inside: list[list[str]] = []
    current: list[str] = []
    in_region = False
    for line in text.splitlines():
        stripped = line.strip()
        if stripped == START_DELIMITER and not in_region:
            outside.append(current)
            current, in_region = [], True
        elif stripped == END_DELIMITER and in_region:
            inside.append(current)
            current, in_region = [], False
        else:
            current.append(line)
    (inside if in_region else outside).append(current)
    return outside, inside


def _prompt_above(
    lines: list[str], begin: int, indent: str, floor: int, syntax: Syntax, where: str
) -> tuple[int, tuple[str, ...]]:
    """Find the TODO prompt: the comment run directly above BEGIN, from its 'TODO:' line down."""
    if syntax.prompt_comment is None:
        return begin, ()
    leader = indent + syntax.prompt_comment
    first = begin  # 1-based line of the earliest comment line in the run
    while first - 1 > floor:
        line = lines[first - 2]
        if not line.startswith(leader):
            break
        first -= 1
    for number in range(begin - 1, first - 1, -1):
        if _comment_text(lines[number - 1], leader).startswith("TODO:"):
            prompt = tuple(_comment_text(line, leader) for line in lines[number - 1 : begin - 1])
            return number, prompt
    raise MarkerError(
        where,
        begin,
        "BEGIN SOLUTION needs a '# TODO: ...' comment directly above it "
        "(it becomes the student's banner)",
    )


def _comment_text(line: str, leader: str) -> str:
    text = line[len(leader) :]
    return text[1:].rstrip() if text.startswith(" ") else text.rstrip()


def _prompt_items(prompt: tuple[str, ...]) -> list[tuple[str, str]]:
    """Group prompt lines into paragraphs and bullets: (joined text, hanging indent) pairs."""
    items: list[tuple[str, str]] = []
    bullet = re.compile(r"^(\s*)([-*]|\d+[.)])\s")
    for line in prompt:
        text = line.strip()
        if not text:
            items.append(("", ""))
            continue
        if text == "TODO:":
            items.append((text, ""))
            continue
        match = bullet.match(line)
        continues = items and items[-1][0] not in ("", "TODO:") and not match
        if continues:
            previous, hanging = items[-1]
            items[-1] = (f"{previous} {text}", hanging)
        else:
            hanging = " " * (len(match.group(0))) if match else ""
            items.append((line.rstrip() if match else text, hanging))
    return items


def _parse_options(raw: str, where: str, line: int) -> dict[str, object]:
    options: dict[str, object] = {}
    for token in raw.split():
        key, _, value = token.partition("=")
        if key == "trailer" and not value:
            options["trailer"] = True
        elif key == "width" and value.isdigit():
            options["width"] = int(value)
        else:
            raise MarkerError(
                where, line, f"unknown BEGIN SOLUTION option {token!r}; expected width=N or trailer"
            )
    return options
