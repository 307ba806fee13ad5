"""Fit a hand-made translation to the English unit it is imported for, losing nothing.

A translated unit does not always cover what its English unit covers: its edges may carry
markup the English page has outside the unit (``<center><img …><br>(b) Texte`` for the
English ``(b) Text``: built as is, the image would show twice), or lack markup the English
unit has inside (an image the English unit swallowed: built as is, the image would be
lost); it may use reference links whose definitions only the hand-made page has (built
as is, they would show as bracketed text); it may translate two English paragraphs in one
(built as is, the second would show again in English).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from transpipe.inline import MARKUP, has_prose

_IMAGE = re.compile(r"<img\b|!\[", re.I)
_MEDIA = re.compile(r"<img\b|!\[|\$\$", re.I)  # images and display math
_TAG = re.compile(r"<(/?[A-Za-z][A-Za-z0-9]*)")


@dataclass(frozen=True)
class _Edges:
    """The markup tokens at the start and at the end of a text, and where those runs end."""

    lead: tuple[str, ...]
    lead_end: int  # offset after the leading run (its last token)
    trail: tuple[str, ...]
    trail_start: int  # offset of the trailing run (its first token)


def _edges(text: str, loose: bool) -> _Edges:
    """Markup runs at both edges of ``text``: tokens separated by white space only (``loose``:
    by any characters that are not letters or digits, such as a stray quote)."""

    def gap_ok(gap: str) -> bool:
        return not gap.strip() or (loose and not any(c.isalnum() for c in gap))

    tokens = list(MARKUP.finditer(text))
    lead: list[str] = []
    pos = 0
    for match in tokens:
        if not gap_ok(text[pos : match.start()]):
            break
        lead.append(match.group())
        pos = match.end()
    trail: list[str] = []
    end = len(text)
    for match in reversed(tokens):
        if match.end() <= pos or not gap_ok(text[match.end() : end]):
            break
        trail.insert(0, match.group())
        end = match.start()
    return _Edges(tuple(lead), pos, tuple(trail), end)


def _key(token: str) -> str:
    tag = _TAG.match(token)
    if tag:
        return tag.group(1).lower()
    return "img" if token.startswith("![") else "".join(token.split())


def _has_media(tokens: tuple[str, ...] | str) -> bool:
    """Whether ``tokens`` hold an image or display math (what a reader would see twice)."""
    text = tokens if isinstance(tokens, str) else " ".join(tokens)
    return bool(_MEDIA.search(text))


def _has_image(tokens: tuple[str, ...] | str) -> bool:
    text = tokens if isinstance(tokens, str) else " ".join(tokens)
    return bool(_IMAGE.search(text))


def fit_edges(msgstr: str, msgid: str, before: str, after: str) -> str:
    """``msgstr`` with images (and display math) at its edges made to match the English unit's.

    ``before`` and ``after`` are the English text around the unit, up to its neighbours.
    Leading (trailing) markup of ``msgstr`` holding an image or display math is dropped when
    the English unit has none there but its surroundings do (the build keeps those); an
    image the English unit starts (ends) with is put back when ``msgstr`` has none.
    """
    ours, theirs = _edges(msgstr, loose=False), _edges(msgid, loose=True)
    strict = _edges(msgid, loose=False)
    # leading edge
    if _has_media(ours.lead) and not _has_media(theirs.lead) and _has_media(before):
        keep = len(strict.lead)
        if not keep or [_key(t) for t in ours.lead[-keep:]] == [_key(t) for t in strict.lead]:
            cut = _nth_token_start(msgstr, len(ours.lead) - keep, ours.lead_end)
            msgstr = msgstr[cut:].lstrip()
    elif _has_image(theirs.lead) and not _has_image(msgstr):
        head = msgid[: theirs.lead_end]
        msgstr = head + msgid[theirs.lead_end :][: _spaces(msgid, theirs.lead_end)] + msgstr
    # trailing edge
    ours = _edges(msgstr, loose=False)
    if _has_media(ours.trail) and not _has_media(theirs.trail) and _has_media(after):
        keep = len(strict.trail)
        if not keep or [_key(t) for t in ours.trail[:keep]] == [_key(t) for t in strict.trail]:
            cut = _nth_token_end(msgstr, keep, ours.trail_start)
            msgstr = msgstr[:cut].rstrip()
    elif _has_image(theirs.trail) and not _has_image(msgstr):
        tail = msgid[theirs.trail_start :]
        gap = len(msgid[: theirs.trail_start]) - len(msgid[: theirs.trail_start].rstrip())
        msgstr = msgstr + msgid[theirs.trail_start - gap : theirs.trail_start] + tail
    return msgstr


def _spaces(text: str, start: int) -> int:
    return len(text[start:]) - len(text[start:].lstrip())


def _nth_token_start(text: str, n: int, run_end: int) -> int:
    """Offset of the ``n``-th markup token of ``text`` (or ``run_end`` when there are ``n``)."""
    tokens = list(MARKUP.finditer(text, 0, run_end))
    return tokens[n].start() if n < len(tokens) else run_end


def _nth_token_end(text: str, n: int, run_start: int) -> int:
    """End of the ``n``-th token of the run at ``run_start`` (``run_start`` when ``n`` is 0)."""
    tokens = list(MARKUP.finditer(text, run_start))
    return tokens[n - 1].end() if n else run_start


# Reference links: `[text][label]`, `[label][]`, `[label]` and their definitions.

_DEFINITION = re.compile(
    r"^[ \t]{0,3}\[((?:[^\[\]\\\n]|\\.)+)\]:[ \t]*(<[^<>\n]*>|[^\s<>]+)"
    r"((?:[ \t]+(?:\"[^\"\n]*\"|'[^'\n]*'|\([^()\n]*\)))?)[ \t]*\r?$",
    re.M,
)
_REFERENCE = re.compile(
    r"(?<![\]\\])(!?)\[((?:[^\[\]\\]|\\.)+)\](?:\[((?:[^\[\]\\]|\\.)*)\])?(?![(:\[])"
)
_FENCED = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,}).*?^[ \t]{0,3}\1[ \t]*$", re.S | re.M)
_COMMENT = re.compile(r"<!--.*?-->", re.S)


def label(text: str) -> str:
    """A reference label as Markdown matches it: case and runs of white space aside."""
    return " ".join(text.split()).casefold()


def definitions(text: str) -> dict[str, str]:
    """Reference definitions of a page outside code and comments: label → ``url "title"``."""
    hidden = _COMMENT.sub(lambda m: " " * len(m.group()), text)
    hidden = _FENCED.sub(lambda m: " " * len(m.group()), hidden)
    found: dict[str, str] = {}
    for match in _DEFINITION.finditer(hidden):
        url = match.group(2).strip("<>")
        found.setdefault(label(match.group(1)), url + match.group(3))
    return found


def resolve_references(msgstr: str, known: Mapping[str, str]) -> str:
    """``msgstr`` with its reference links to ``known`` labels written inline ``[text](url)``."""
    if "[" not in msgstr or not known:
        return msgstr
    code = [m.span() for m in MARKUP.finditer(msgstr) if m.group().startswith("`")]

    def inline_link(match: re.Match[str]) -> str:
        if any(lo <= match.start() < hi for lo, hi in code):
            return match.group()
        bang, text, ref = match.group(1), match.group(2), match.group(3)
        target = known.get(label(ref or text))
        return f"{bang}[{text}]({target})" if target else match.group()

    return _REFERENCE.sub(inline_link, msgstr)


# English paragraphs translated as one.


def partition(
    msgstr: str,
    sizes: Sequence[int],
    length: Callable[[int, int], float],
    size_of: Callable[[str], int],
) -> tuple[float, list[str]] | None:
    """The best cut of ``msgstr``'s lines into one part per English unit of ``sizes``, in
    order: the total of ``length(english size, part size)`` and the parts; None when there
    are fewer lines than units or some part does not fit its unit (score not positive)."""
    lines = msgstr.split("\n")
    k, n = len(sizes), len(lines)
    if n < k or k < 2:
        return None

    def text(lo: int, hi: int) -> str:
        return "\n".join(lines[lo:hi]).strip()

    # best[g][j]: best total for the first g units over the first j lines, and its cut
    best: list[list[tuple[float, int]]] = [[(-math.inf, -1)] * (n + 1) for _ in range(k + 1)]
    best[0][0] = (0.0, -1)
    for g in range(1, k + 1):
        for j in range(g, n - (k - g) + 1):
            for i in range(g - 1, j):
                before = best[g - 1][i][0]
                if before == -math.inf:
                    continue
                part = text(i, j)
                if not has_prose(part):
                    continue
                score = length(sizes[g - 1], size_of(part))
                if score <= 0:
                    continue
                if before + score > best[g][j][0]:
                    best[g][j] = (before + score, i)
    total, _ = best[k][n]
    if total == -math.inf:
        return None
    cuts, j = [], n
    for g in range(k, 0, -1):
        i = best[g][j][1]
        cuts.append(text(i, j))
        j = i
    return total, cuts[::-1]
