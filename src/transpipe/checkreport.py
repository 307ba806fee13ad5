"""How ``transpipe check`` shows its problems: text, GitHub annotations, JSON."""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path

from transpipe.checks import Problem, Severity, shorten


def summary(problems: Sequence[Problem], catalogs: int) -> str:
    """``check: 2 errors, 1 warning in 3 files (120 catalogs)``."""
    errors = sum(p.severity is Severity.ERROR for p in problems)
    warnings = len(problems) - errors
    files = len({p.path for p in problems})
    return (
        f"check: {errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
        f" in {files} file{'s' * (files != 1)} ({catalogs} catalog{'s' * (catalogs != 1)} checked)"
    )


def exit_status(problems: Sequence[Problem], strict: bool) -> int:
    """1 when there are errors (or, with ``strict``, warnings), else 0."""
    if any(p.severity is Severity.ERROR or strict for p in problems):
        return 1
    return 0


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(problem: Problem) -> str:
    """A GitHub workflow command: ``::error file=…,line=…,title=…::message``."""
    fragment = f": {shorten(problem.fragment)}" if problem.fragment else ""
    return (
        f"::{problem.severity.value} file={_escape_property(problem.path)},line={problem.line},"
        f"title={_escape_property('transpipe ' + problem.code)}::"
        f"{_escape_data(problem.message + fragment)}"
    )


def _cell(text: str, code: bool = True) -> str:
    text = shorten(text, 120).replace("|", "\\|")
    return f"`{text}`" if code and text and "`" not in text else text


def markdown_table(problems: Sequence[Problem], catalogs: int) -> str:
    """Every problem, for the job summary (annotations show only ten per step)."""
    lines = [f"### transpipe check\n\n{summary(problems, catalogs)}\n"]
    if problems:
        lines += [
            "| file | line | severity | check | problem | fragment |",
            "|---|---|---|---|---|---|",
        ]
        lines += [
            f"| {p.path} | {p.line} | {p.severity.value} | {p.code} | "
            f"{_cell(p.message, code=False)} | {_cell(p.fragment)} |"
            for p in problems
        ]
    return "\n".join(lines) + "\n"


def render(problems: Sequence[Problem], catalogs: int, style: str) -> str:
    """The report in ``style``; the summary line ends text and github output."""
    if style == "json":
        return json.dumps(
            {
                "problems": [
                    {
                        "file": p.path,
                        "line": p.line,
                        "severity": p.severity.value,
                        "code": p.code,
                        "message": p.message,
                        "fragment": p.fragment,
                    }
                    for p in problems
                ],
                "catalogs": catalogs,
                "errors": sum(p.severity is Severity.ERROR for p in problems),
                "warnings": sum(p.severity is Severity.WARNING for p in problems),
            },
            ensure_ascii=False,
            indent=2,
        )
    show = annotation if style == "github" else Problem.text
    return "\n".join([*(show(p) for p in problems), summary(problems, catalogs)])


def write_step_summary(problems: Sequence[Problem], catalogs: int) -> Path | None:
    """Append the table to ``$GITHUB_STEP_SUMMARY`` when it is set."""
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if not target:
        return None
    path = Path(target)
    with path.open("a", encoding="utf-8") as out:
        out.write(markdown_table(problems, catalogs))
    return path
