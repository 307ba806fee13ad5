"""Inline Markdown/HTML analysis of a unit's text: what is markup, what is prose.

Translatable text keeps its inline markup (links, emphasis, code, math, tags), but
transpipe needs to know which characters are prose: a unit with no letter outside
markup is not worth a catalog entry, and a unit that is one element wrapping all of
its text is narrowed to that text so translators never see the wrapper's URL.
"""

from __future__ import annotations

import itertools
import re

# Linear time: a construct whose closing delimiter never comes must not make every later
# opener scan to the end of the text again (1 MB of ``{{`` would take hours). So a Liquid
# tag or comment ends at the next opener of its kind (``(?:(?!{{).)*?``: nesting is
# invalid there anyway), an image's alt text at the next ``![``, an attribute list at ``{``.
LIQUID = r"\{\{(?:(?!\{\{).)*?\}\}|\{%(?:(?!\{%).)*?%\}"
IMAGE_ALT = r"!\[((?:[^\]\\!]|!(?!\[)|\\.)*)\]"
# a destination ends at the next ``](`` (or ``![``) if its ``)`` never comes
DESTINATION = r"(?:[^)\s\]!]|\](?!\()|!(?!\[))*"
_URL_REST = r"[^\s<>)\]]+"  # after a bare URL's scheme
# Markup whose letters are not prose; order matters (code before math before tags). Every
# branch starts with a literal character, looking behind only after it (``\$(?<!x\$)`` is
# ``(?<!x)\$``): the engine then skips in C to the characters a match may start with.
MARKUP = re.compile(
    r"``*[^`]*?`+"  # code span
    r"|\$\$.*?\$\$|\$(?<![\\A-Za-z0-9]\$)[^$\n]+?\$(?![A-Za-z0-9])"  # math; CJK may touch it
    rf"|{LIQUID}"  # Liquid
    r"|<!--(?:(?!<!--).)*?-->|</?[A-Za-z][^<>]*>"  # HTML comment / tag
    rf"|{IMAGE_ALT}\({DESTINATION}(?:\s+\"[^\"]*\")?\)"  # image (alt is not prose here)
    rf"|\]\({DESTINATION}(?:\s+\"[^\"]*\")?\)"  # link destination
    r"|&#?\w+;"  # entity
    # bare URL, a branch per scheme (grouped, the schemes would hide their first letters)
    rf"|h(?<!\wh)ttps?:{_URL_REST}|f(?<!\wf)tp:{_URL_REST}|m(?<!\wm)ailto:{_URL_REST}"
    r"|\{:[^{}]*\}|\{#[^{}]*\}",  # kramdown attribute list
    re.S,
)
# kramdown attribute lists / header ids at the end of a block: `{: .class}`, `{#id}`
TRAILING_IAL = re.compile(r"\{[:#][^{}\n]*\}\s*$")
# Peeling wrappers and edge elements stops after this many: real units have a few.
_MAX_PEELS = 32

_LINK = re.compile(
    r"\[((?:[^\[\]\\]|\\.)*)\]\([^()\s]*(?:\([^()\s]*\))?[^()\s]*(?:\s+\"[^\"]*\")?\)"
)
_TAG_PAIR = re.compile(r"<([A-Za-z][A-Za-z0-9]*)\b[^<>]*>(.*)</\1\s*>", re.S)
_EMPHASIS = ("**", "__", "*", "_")


def has_prose(text: str) -> bool:
    """True when ``text`` has a letter outside markup (code, math, URLs, tags, Liquid)."""
    pos = 0
    for match in MARKUP.finditer(text):  # (stops at the first letter: most text starts with one)
        if any(char.isalpha() for char in text[pos : match.start()]):
            return True
        pos = match.end()
    return any(char.isalpha() for char in text[pos:])


def narrow(text: str) -> tuple[int, int]:
    """Offsets ``(start, end)`` of the text a translator should see inside ``text``.

    Strips surrounding white space, then repeatedly peels one element that wraps all of
    the text: a Markdown link, an HTML element, or emphasis.
    """
    start, end = 0, len(text)
    for _ in range(_MAX_PEELS):
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        inner = _peel(text[start:end])
        if inner is None:
            return start, end
        start, end = start + inner[0], start + inner[1]
    return start, end


def _peel(text: str) -> tuple[int, int] | None:
    link = _LINK.fullmatch(text)
    if link and has_prose(link.group(1)):
        return link.span(1)
    pair = _TAG_PAIR.fullmatch(text)
    if pair and has_prose(pair.group(2)):
        name = pair.group(1).lower()
        inner = pair.group(2)
        # only when the closing tag belongs to the opening one: no nested same-name element
        if not re.search(rf"<{name}\b", inner, re.I) and name not in ("code", "pre", "script"):
            return pair.span(2)
    for mark in _EMPHASIS:
        n = len(mark)
        if (
            len(text) > 2 * n
            and text.startswith(mark)
            and text.endswith(mark)
            and mark[0] not in text[n:-n]
            and not text[n].isspace()
            and not text[-n - 1].isspace()
            and has_prose(text[n:-n])
        ):
            return n, len(text) - n
    return None


def strip_trailing_ial(text: str) -> int:
    """Length of ``text`` without a trailing kramdown attribute list (``{: .x}``, ``{#id}``)."""
    match = TRAILING_IAL.search(text)
    if not match:
        return len(text)
    start = match.start()
    while start > 0 and text[start - 1].isspace():
        start -= 1
    return start


_CELL_TOKEN = re.compile(rf"\\.|`+[^`]*?`+|\$\$.*?\$\$|\$[^$\n]+?\$|{LIQUID}|\|")
_SEPARATOR_ROW = re.compile(r"^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")


def is_table_row(line: str) -> bool:
    return line.lstrip().startswith("|")


def is_separator_row(line: str) -> bool:
    return bool(_SEPARATOR_ROW.match(line)) and "-" in line


def table_cells(line: str) -> list[tuple[int, int]]:
    """Spans of the cells of one pipe-table row (pipes inside code, math or escaped skipped)."""
    pipes = [m.start() for m in _CELL_TOKEN.finditer(line) if m.group() == "|"]
    bounds = [-1, *pipes, len(line)]
    cells = []
    for left, right in itertools.pairwise(bounds):
        cells.append((left + 1, right))
    if line.lstrip().startswith("|"):
        cells = cells[1:]
    if pipes and not line[pipes[-1] + 1 :].strip():
        cells = cells[:-1]
    return cells


_EDGE_ELEMENT = re.compile(
    r"<img\b[^<>]*>|<br\s*/?>|<hr\b[^<>]*>|<source\b[^<>]*>"
    rf"|{IMAGE_ALT}\((?:[^)!]|!(?!\[))*\)(?:\{{:[^{{}}]*\}})?|{LIQUID}",
    re.S | re.I,
)


def peel_edges(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink ``[start, end)`` past images, line breaks and Liquid at either edge.

    A figure caption such as ``<img src=…><br>\\n<b>Fig. 1</b>: …`` keeps only its text.
    """
    matches = list(_EDGE_ELEMENT.finditer(text, start, end))  # found once: peeling keeps them
    for _ in range(_MAX_PEELS):
        moved = False
        while matches and matches[0].start() < start:
            matches.pop(0)
        while matches and matches[-1].end() > end:
            matches.pop()
        # the first element can start the range, only the last one can end it
        for match in matches[:1] + matches[-1:]:
            if match.start() == start and has_prose(text[match.end() : end]):
                start = match.end()
                moved = True
            elif match.end() == end and has_prose(text[start : match.start()]):
                end = match.start()
                moved = True
            if moved:
                break
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if not moved:
            return start, end
    return start, end


_MD_IMAGE_PARTS = re.compile(rf"{IMAGE_ALT}\({DESTINATION}(?:\s+\"([^\"]*)\")?\)")


def image_text_spans(text: str) -> list[tuple[str, int, int]]:
    """``(kind, start, end)`` of Markdown image alt texts and titles in ``text``."""
    spans = []
    for match in _MD_IMAGE_PARTS.finditer(text):
        spans.append(("alt", *match.span(1)))
        if match.group(2) is not None:
            spans.append(("title", *match.span(2)))
    return spans
