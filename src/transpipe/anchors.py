"""Anchors: the English text a translator kept in an HTML comment beside the translation.

A hand-made page often keeps the English it translates in comments (``<!-- English -->``
then the translation). :func:`anchor_comments` finds the comments holding English units and
:func:`attach_anchors` pairs each of their units with the translated unit beside it; the
importer then counts an anchor as the strongest evidence of a pair.
"""

from __future__ import annotations

import bisect
import re
import textwrap
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import process
from rapidfuzz.distance import Indel

from transpipe.align import NO_PAIR, Scorer, Side, align, features, normal_text
from transpipe.errors import TranspipeError
from transpipe.page import Page, Unit, parse_page

_COMMENT = re.compile(r"<!--.*?-->", re.S)
_FENCE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})", re.M)
BLOCK_MARKERS = re.compile(r"(?:[ \t]*(?:#{1,6}|>|[-*+]|\d{1,9}[.)])(?=[ \t]))*[ \t]*")
SIMILAR = 0.6  # Indel similarity above which two English texts are versions of one another
NEIGHBOURS = 3.0  # log-odds that a comment's unit and a unit beside it are a pair
IN_PLACE = 2.0  # ... more when the unit stands where the comment's unit does
SAME_LINE = 5.0  # ... more when they share a line


@dataclass(frozen=True)
class Comment:
    """An HTML comment holding English units."""

    start: int
    end: int
    text: str  # what it holds, as parsed
    units: tuple[Unit, ...]


def block_comments(text: str, units: Sequence[Unit]) -> list[tuple[int, int]]:
    """Spans of the HTML comments of a page outside code blocks and outside units."""
    fences = _fenced_spans(text)
    inside = [(u.start, u.end) for u in units]
    return [
        match.span()
        for match in _COMMENT.finditer(text)
        if not within(match.start(), fences) and not within(match.start(), inside)
    ]


def within(offset: int, spans: Sequence[tuple[int, int]]) -> bool:
    """Whether ``offset`` falls in one of ``spans``."""
    return any(lo <= offset < hi for lo, hi in spans)


def _fenced_spans(text: str) -> list[tuple[int, int]]:
    spans, opening = [], None
    for match in _FENCE.finditer(text):
        fence = match.group(1)
        if opening is None:
            opening = match
        elif fence[0] == opening.group(1)[0] and len(fence) >= len(opening.group(1)):
            spans.append((opening.start(), match.end()))
            opening = None
    return spans


def anchor_comments(
    text: str, spans: Sequence[tuple[int, int]], english: Page, path: Path
) -> list[Comment]:
    """The comments (of ``spans``) of a translated page that hold English units.

    A comment is an anchor when one of its units is like one of the English page's and
    the English page does not have the same comment. A comment standing after a block
    marker (``### <!-- Title -->``) is read with the marker.
    """
    known = [normal_text(u.msgid) for u in english.units]
    comments = []
    for start, end in spans:
        whole = text[start:end]
        if whole in english.text:
            continue
        inner = textwrap.dedent(whole[4:-3].lstrip("-").strip("\r\n"))
        marker = text[text.rfind("\n", 0, start) + 1 : start]
        if marker.strip() and BLOCK_MARKERS.fullmatch(marker):
            inner = marker.strip() + " " + inner.strip()
        try:
            found = parse_page(path, inner, ()).units
        except TranspipeError:
            continue
        if any(_like_any(normal_text(u.msgid), known) for u in found):
            comments.append(Comment(start, end, inner, found))
    return comments


def _like_any(text: str, known: Sequence[str]) -> bool:
    return text in known or bool(
        process.extractOne(text, known, scorer=Indel.normalized_similarity, score_cutoff=SIMILAR)
    )


def attach_anchors(
    comments: Sequence[Comment], translated: Side, scorer: Scorer, langs: Collection[str]
) -> dict[int, Unit]:
    """English comment units by index of the translated unit they stand beside.

    Comments with no unit between them make one group. A group's units pair with units
    just before or just after it (pages differ, some mix both orders), preferably the one
    in the same place or on the same line: the comments' units, in page order, are
    aligned with the translated units under that constraint.
    """
    units = translated.units
    groups = _groups(comments, units)
    starts = [group[0].start for group in groups]
    regions: dict[int, list[int]] = {}  # region r: the units between groups r - 1 and r
    for j, unit in enumerate(units):
        regions.setdefault(bisect.bisect_right(starts, unit.start), []).append(j)
    c_units: list[Unit] = []
    scores: list[list[float]] = []
    for index, group in enumerate(groups):
        members = [(c, u) for c in group for u in c.units]
        feats = [f for c in group for f in features(c.units, c.text, langs)]
        # (place counted from the group, unit index, whether after the group)
        beside = [(p, j, False) for p, j in enumerate(reversed(regions.get(index, [])))]
        beside += [(p, j, True) for p, j in enumerate(regions.get(index + 1, []))]
        for i, ((comment, c_unit), c_feats) in enumerate(zip(members, feats, strict=True)):
            row = [NO_PAIR] * len(units)
            for place, j, after in beside:
                in_place = place == (i if after else len(members) - 1 - i)
                bonus = NEIGHBOURS + IN_PLACE * in_place
                bonus += SAME_LINE * _same_line(translated.text, comment, units[j])
                row[j] = scorer.score(c_feats, translated.feats[j]) + bonus
            c_units.append(c_unit)
            scores.append(row)
    return {link.translated: c_units[link.english] for link in align(scores)}


def _groups(comments: Sequence[Comment], units: Sequence[Unit]) -> list[list[Comment]]:
    """Runs of comments with no translated unit between them."""
    starts = sorted(u.start for u in units)
    groups: list[list[Comment]] = []
    for comment in comments:
        if groups and not any(groups[-1][-1].end <= s < comment.start for s in starts):
            groups[-1].append(comment)
        else:
            groups.append([comment])
    return groups


def _same_line(text: str, comment: Comment, unit: Unit) -> bool:
    """Whether a comment and a unit share a line (``- <!-- English --> translation``)."""
    if unit.start >= comment.end:
        return "\n" not in text[comment.end : unit.start]
    return "\n" not in text[unit.end : comment.start]
