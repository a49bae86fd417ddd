"""Rendering of the project's Jinja2 templates (templates/), for reports and pages for staff.

    html = render_template(project, "reports/answers.html.j2", title=..., ...)

HTML templates autoescape: text from a submission is never markup unless a template says so.
"""

from __future__ import annotations

import jinja2

from grader.config import Project


def render_template(project: Project, name: str, **context) -> str:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(project.templates)),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=jinja2.select_autoescape(["html.j2", "html"]),
    )
    return env.get_template(name).render(context)
