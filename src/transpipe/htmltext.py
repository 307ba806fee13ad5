"""Translatable text inside raw HTML: runs of text between block-level tags, and attributes."""

from __future__ import annotations

import re
from collections.abc import Iterator

_TOKEN = re.compile(r"<!--.*?(?:-->|\Z)|<(/?)([A-Za-z][A-Za-z0-9]*)\b[^<>]*>", re.S)
# Tags that end a run of text: the units of an HTML block are the texts between them.
BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "caption",
        "center",
        "col",
        "colgroup",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "head",
        "header",
        "hr",
        "html",
        "iframe",
        "legend",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
        "video",
        "audio",
        "source",
    ]
)
# Elements whose content is never prose.
OPAQUE_TAGS = frozenset(["script", "style", "pre", "code", "math", "svg", "textarea"])
_ATTRIBUTE = re.compile(r"""\s(alt|title)\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)


def text_runs(html: str) -> Iterator[tuple[int, int]]:
    """Spans of ``html`` holding text between block-level tags (inline tags stay inside)."""
    run_start = 0
    opaque: str | None = None
    for match in _TOKEN.finditer(html):
        closing, name = match.group(1), (match.group(2) or "").lower()
        if opaque:
            if closing and name == opaque:
                opaque = None
                run_start = match.end()
            continue
        is_comment = match.group(0).startswith("<!--")
        if is_comment or name in BLOCK_TAGS or name in OPAQUE_TAGS:
            yield run_start, match.start()
            run_start = match.end()
            if not closing and name in OPAQUE_TAGS:
                opaque = name
    if not opaque:
        yield run_start, len(html)


def attribute_spans(html: str) -> Iterator[tuple[str, int, int]]:
    """``(name, start, end)`` of the values of ``alt`` and ``title`` attributes in tags."""
    for tag in re.finditer(r"<[A-Za-z][^<>]*>", html):
        for attr in _ATTRIBUTE.finditer(tag.group(0)):
            group = 2 if attr.group(2) is not None else 3
            yield (
                attr.group(1).lower(),
                tag.start() + attr.start(group),
                tag.start() + attr.end(group),
            )
