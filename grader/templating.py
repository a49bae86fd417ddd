"""Rendering of the project's Jinja2 templates (templates/), for reports and pages for staff.

    html = render_template(project, "reports/answers.html.j2", title=..., ...)

HTML templates autoescape: text from a submission is never markup unless a template says so.
Other templates (workflows, shell scripts) write fields as [[ field ]] and blocks as [% %],
since ${{ }} is GitHub's and ${#...} is bash's.
"""

from __future__ import annotations

import jinja2

from grader.config import Project


def render_template(project: Project, name: str, **context) -> str:
    """Render templates/<name> with `context`; unknown fields are errors."""
    square = {}
    if not name.endswith(".html.j2"):  # shell and YAML templates: ${{ }} and {} are theirs
        square = {"variable_start_string": "[[", "variable_end_string": "]]",
                  "block_start_string": "[%", "block_end_string": "%]",
                  "comment_start_string": "[#", "comment_end_string": "#]"}  # fmt: skip
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(project.templates)),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=jinja2.select_autoescape(["html.j2", "html"]),
        **square,
    )
    return env.get_template(name).render(context)
