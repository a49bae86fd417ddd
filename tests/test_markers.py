"""The marker grammar: stubs rendered from templates, and one-line errors naming file:line."""

from __future__ import annotations

import textwrap

import pytest

from grader.errors import MarkerError
from grader.markers import (
    END_DELIMITER,
    MARKDOWN,
    PYTHON,
    START_DELIMITER,
    StubTemplates,
    find_regions,
    split_answer_regions,
    strip_solutions,
)


@pytest.fixture(scope="module")
def templates(project):
    return StubTemplates(project.templates / "stubs")


def source(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


SOLVED = source(
    """
    def affine_forward(x, w, b):
        out = None
        # TODO: Implement the affine forward pass. Store the result in out. You will
        # need to reshape the input into rows.
        # BEGIN SOLUTION
        out = x.reshape(x.shape[0], -1) @ w + b
        # END SOLUTION
        cache = (x, w, b)
        return out, cache
    """
)


def test_block_becomes_banner_delimiters_and_pass(templates):
    stripped = strip_solutions(SOLVED, "layers.py", PYTHON, templates, width=79)
    lines = stripped.text.splitlines()
    assert "x.reshape(x.shape[0], -1) @ w + b" not in stripped.text
    start = lines.index("    " + START_DELIMITER)
    assert lines[start + 1] == "    pass"
    assert lines[start + 2] == "    " + END_DELIMITER
    banner = lines[2:start]
    assert banner[0] == banner[-1] == "    " + "#" * 75
    assert banner[1].startswith("    # TODO: Implement the affine forward pass.")
    assert all(len(line) == 79 and line.endswith("#") for line in banner)
    # The epilogue outside the block stays, so the stub still returns (None, cache).
    assert lines[-2:] == ["    cache = (x, w, b)", "    return out, cache"]
    compile(stripped.text, "layers.py", "exec")


def test_banner_is_sized_to_the_indentation(templates):
    nested = source(
        """
        class Net:
            def loss(self):
                for i in range(3):
                    # TODO: do it
                    # BEGIN SOLUTION
                    print(i)
                    # END SOLUTION
        """
    )
    lines = strip_solutions(nested, "n.py", PYTHON, templates, width=79).text.splitlines()
    assert lines[3] == " " * 12 + "#" * (79 - 12)


def test_trailer_and_width_options(templates):
    text = source(
        """
        # TODO: fill
        # BEGIN SOLUTION width=60 trailer
        x = 1
        # END SOLUTION
        """
    )
    lines = strip_solutions(text, "t.py", PYTHON, templates).text.splitlines()
    assert lines[0] == "#" * 60
    assert lines[-3:] == ["#" * 60, "#" + "END OF YOUR CODE".center(58) + "#", "#" * 60]


def test_one_line_form_assigns_none(templates):
    text = "best_k = 10  # SOLUTION\nprint(best_k)\n"
    stripped = strip_solutions(text, "cell", PYTHON, templates)
    assert stripped.text == "best_k = None\nprint(best_k)\n"
    assert stripped.regions[0].one_line


def test_markdown_answer_is_stubbed(templates):
    text = "Your Answer:\n<!-- BEGIN SOLUTION -->\nBecause of 42.\n<!-- END SOLUTION -->"
    stripped = strip_solutions(text, "q.ipynb cell 3", MARKDOWN, templates)
    assert stripped.text == "Your Answer:\n*fill this in.*"


def test_long_prompt_words_wrap_inside_the_box(templates):
    words = " ".join(["word"] * 60)
    text = f"# TODO: {words}\n# BEGIN SOLUTION\nx = 1\n# END SOLUTION\n"
    banner = strip_solutions(text, "t.py", PYTHON, templates, width=50).text.splitlines()[:-3]
    assert len(banner) > 5
    assert {len(line) for line in banner} == {50}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("# TODO: a\n# BEGIN SOLUTION\nx = 1\n", "t.py:2: BEGIN SOLUTION is never closed"),
        (
            "# TODO: a\n# BEGIN SOLUTION\n# BEGIN SOLUTION\n# END SOLUTION\n",
            "t.py:3: BEGIN SOLUTION inside the block opened at line 2",
        ),
        ("x = 1\n# END SOLUTION\n", "t.py:2: END SOLUTION without BEGIN SOLUTION"),
        (
            "def f():\n    # TODO: a\n    # BEGIN SOLUTION\n    pass\n# END SOLUTION\n",
            "t.py:5: END SOLUTION indented 0 columns, but its BEGIN SOLUTION at line 3",
        ),
        ("x = 1\n# BEGIN SOLUTION\n# END SOLUTION\n", "t.py:2: BEGIN SOLUTION needs a '# TODO"),
        ("# TODO: a\n#BEGIN SOLUTION\n#END SOLUTION\n", "t.py:2: malformed solution marker"),
        ("# TODO: a\n# BEGIN SOLUTION fast\n# END SOLUTION\n", "t.py:2: unknown BEGIN SOLUTION"),
    ],
)
def test_marker_errors_name_file_and_line(text, message):
    with pytest.raises(MarkerError) as caught:
        find_regions(text, "t.py", PYTHON)
    assert str(caught.value).startswith(message)
    assert "\n" not in str(caught.value)


def test_prompt_search_stops_at_the_previous_region():
    text = source(
        """
        # TODO: first
        # BEGIN SOLUTION
        a = 1
        # END SOLUTION
        # BEGIN SOLUTION
        b = 2
        # END SOLUTION
        """
    )
    with pytest.raises(MarkerError, match=r"t.py:5: BEGIN SOLUTION needs"):
        find_regions(text, "t.py", PYTHON)


def test_split_answer_regions_separates_student_code():
    text = f"a\n  {START_DELIMITER}\n  mine\n  {END_DELIMITER}\nb\n"
    outside, inside = split_answer_regions(text)
    assert outside == ["a", "b"]
    assert inside == ["  mine"]
