"""Front matter: locate it, read it (python-frontmatter's YAML handler), find key spans.

A page's front matter is never re-serialised: values are spliced into the original
text so key order, quoting, comments and blank lines survive.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from transpipe.errors import TranspipeError

_FENCE = re.compile(r"\A---[ \t]*\r?\n(.*?)(?:^|\n)---[ \t]*(?:\r?\n|\Z)", re.S)
_OPENING = re.compile(r"\A---[ \t]*\r?\n")
_KEY_LINE = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:[ \t]*(.*)$", re.M)  # value trimmed below


@dataclass(frozen=True)
class FrontMatter:
    """The ``---`` block at the top of a page: its text span and parsed data."""

    start: int  # offset of the first line inside the fences
    end: int  # offset just after the last line inside the fences (before the closing ---)
    block_end: int  # offset just after the closing fence line
    data: dict[str, Any]

    @property
    def present(self) -> bool:
        return self.block_end > 0


NO_FRONT_MATTER = FrontMatter(0, 0, 0, {})


def split_front_matter(text: str, path: Path) -> FrontMatter:
    """Find and parse the front matter of ``text``; bad YAML is an error naming the line."""
    match = _FENCE.match(text)
    if not match:
        if _OPENING.match(text):  # Jekyll would not see front matter: say so, never guess
            raise TranspipeError("front matter has no closing '---' line", path, 1)
        return NO_FRONT_MATTER
    inner = match.group(1)
    import yaml
    from frontmatter.default_handlers import YAMLHandler  # (slow to import; needed to parse)

    try:
        data = YAMLHandler().load(inner) if inner.strip() else {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        if mark is not None and mark.index >= len(inner.rstrip()):
            # the problem shows only at the end: where the unfinished construct began is clearer
            mark = getattr(exc, "context_mark", None) or mark
        line = mark.line + 2 if mark is not None else 2
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise TranspipeError(f"front matter is not valid YAML: {problem}", path, line) from exc
    if not isinstance(data, dict):
        raise TranspipeError("front matter is not a YAML mapping", path, 2)
    start = match.start(1)
    return FrontMatter(start, start + len(inner), match.end(), data)


def key_value_spans(text: str, front: FrontMatter) -> dict[str, tuple[int, int]]:
    """Spans of the raw values of the top-level keys written on one line (``key: value``)."""
    spans: dict[str, tuple[int, int]] = {}
    for match in _KEY_LINE.finditer(text, front.start, front.end):
        start, end = match.span(2)
        value = text[start:end]
        value = value.removesuffix("\r").rstrip(" \t")  # (a lazy regex would be quadratic)
        spans.setdefault(match.group(1), (start, start + len(value)))
    return spans


# Words (a letter first) with spaces and gentle punctuation between: YAML reads them back as
# this very string (no indicator, no ": " or " #", not one word that could be a bool or null).
_PLAIN_WORDS = re.compile(r"[^\W\d_][\w,.()'-]*(?: [\w,.()'-]+)+")


def yaml_scalar(value: str) -> str:
    """``value`` written as a one-line YAML scalar: plain when YAML reads it back unchanged."""
    if _PLAIN_WORDS.fullmatch(value) and value.isprintable():
        return value  # (a shortcut: the same answer as the round trip below)
    import yaml  # here: unchanged runs never need it

    if value and "\n" not in value and value == value.strip():
        try:
            if yaml.safe_load(f"k: {value}") == {"k": value}:
                return value
        except yaml.YAMLError:
            pass
    quoted = yaml.safe_dump(value, allow_unicode=True, default_style='"', width=2**31)
    return quoted.removesuffix("\n").removesuffix("\n...")
