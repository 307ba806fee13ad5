"""Structural alignment of an English page's units with a hand-made translation's units.

Each unit becomes :class:`Features`: its kind, its place in a table, the invariants a
translation keeps (URLs, numbers, math, code, emoji, Liquid) and its prose length. A pair
scores the log-odds that one unit translates the other: kind agreement, shared invariants
weighted by how rare they are in the page, and a length-ratio prior around the page's own
ratio. :func:`align` finds the best monotonic alignment (pairs may skip units on either side)
and, for every pair, its margin: how much worse the best alignment *without* that pair is.
A wide margin means the pair is certain; a narrow one means a neighbour would do as well.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from transpipe.inline import MARKUP
from transpipe.links import find_urls, page_key
from transpipe.page import Unit, UnitKind

_CODE = re.compile(r"``*([^`]+?)`+")  # (literal first characters: see ``inline.MARKUP``)
_MATH = re.compile(r"\$\$(.+?)\$\$|\$(?<![\\A-Za-z0-9]\$)([^$\n]+?)\$(?![A-Za-z0-9])", re.S)
_LIQUID = re.compile(r"\{\{(.*?)\}\}|\{%(.*?)%\}", re.S)
_NUMBER = re.compile(r"\d+")
_LIQUID_BASEURL = re.compile(r"^\{\{\s*site\.baseurl\s*\}\}/?")
_ORIGIN = re.compile(r"^[a-z][a-z0-9+.-]*://[^/]+", re.I)
_SPACE = re.compile(r"\s+")
_ALNUM = re.compile(r"[^\W_]")
_SYMBOL = re.compile(
    r"[\u00a6\u00a9\u00ae\u00b0\u2190-\u2bff\u3200-\u32ff\U0001f000-\U0001faff]"
)  # emoji, ①, ㊗

NO_PAIR = -math.inf


@dataclass(frozen=True)
class Features:
    """What alignment compares in a unit."""

    kind: UnitKind
    label: str  # the kind with a heading's level (see ``Unit.label``)
    cell: tuple[int, int, int] | None  # (table, row, column) of a table cell
    tokens: frozenset[str]  # invariants, prefixed by class: "u:" URL, "n:" number, ...
    size: int  # prose characters, white space excluded
    text: str  # the msgid, white space normalised


def normal_text(text: str) -> str:
    """``text`` with runs of white space made one space, stripped."""
    return _SPACE.sub(" ", text).strip()


def canonical_url(url: str, langs: Collection[str]) -> str:
    """A link destination without what localisation changes: site prefix, language, suffix.

    ``{{site.baseurl}}/pt/week01/01``, ``zh/week01/01`` and ``en/week01/01.md`` are all
    ``week01/01``; ``https://host/base/fr/week07/07-3/`` is ``host/base/week07/07-3``.
    """
    url = _LIQUID_BASEURL.sub("", url.strip())
    origin = _ORIGIN.match(url)
    host = origin.group(0).split("://", 1)[1].lower() + "/" if origin else ""
    path, sep, rest = url[origin.end() if origin else 0 :].partition("#")
    parts = [p for p in path.split("/") if p]
    for index, part in enumerate(parts[:3]):
        if part in langs:
            del parts[index]
            break
    return host + page_key("/".join(parts)) + sep + rest


def invariants(text: str, langs: Collection[str]) -> frozenset[str]:
    """The tokens of ``text`` that a translation keeps, prefixed by class.

    Text is NFKC-normalised first: full-width ``（）`` and digits are the ASCII ones.
    """
    text = unicodedata.normalize("NFKC", text)
    tokens: set[str] = set()
    spans = find_urls(text)
    tokens.update("u:" + canonical_url(text[start:end], langs) for start, end in spans)
    for start, end in reversed(spans):
        text = text[:start] + " " + text[end:]
    tokens.update("c:" + match.group(1).strip() for match in _CODE.finditer(text))
    text = _CODE.sub(" ", text)
    tokens.update("m:" + _SPACE.sub("", m.group(1) or m.group(2)) for m in _MATH.finditer(text))
    text = _MATH.sub(" ", text)
    for match in _LIQUID.finditer(text):
        tokens.add("l:" + canonical_url(_SPACE.sub("", match.group(1) or match.group(2)), langs))
    prose = MARKUP.sub(" ", text)
    tokens.update("n:" + number.lstrip("0") for number in _NUMBER.findall(prose))
    tokens.update("e:" + c for c in _SYMBOL.findall(prose) if unicodedata.category(c) == "So")
    return frozenset(tokens)


def prose_size(text: str) -> int:
    """Letters and digits of ``text`` outside markup (math next to CJK text too)."""
    return len(_ALNUM.findall(MARKUP.sub(" ", _MATH.sub(" ", text))))


def features(units: Sequence[Unit], text: str, langs: Collection[str]) -> list[Features]:
    """Features of a page's units, in order; ``langs`` are language codes URLs may hold.

    Invariants are read from the unit's context: its lines, up to the neighbouring units,
    so that a wrapper the unit was narrowed out of (``<a href="…">text</a>``) counts too.
    """
    out: list[Features] = []
    for index, (unit, cell) in enumerate(zip(units, _table_places(units), strict=True)):
        lo = max(text.rfind("\n", 0, unit.start) + 1, units[index - 1].end if index else 0)
        line_end = text.find("\n", unit.end)
        hi = len(text) if line_end < 0 else line_end
        if index + 1 < len(units):
            hi = min(hi, units[index + 1].start)
        tokens = invariants(text[lo:hi] if lo <= unit.start else unit.msgid, langs)
        size = prose_size(unicodedata.normalize("NFKC", unit.msgid))
        normal = normal_text(unit.msgid)
        out.append(Features(unit.kind, unit.label, cell, tokens, size, normal))
    return out


def _table_places(units: Sequence[Unit]) -> list[tuple[int, int, int] | None]:
    """(table, row, column) of each table cell: rows are lines, tables runs of them."""
    places: list[tuple[int, int, int] | None] = []
    table, row, column, last_line = -1, 0, 0, -2
    for unit in units:
        if unit.kind is not UnitKind.TABLE_CELL:
            places.append(None)
            last_line = -2
            continue
        if unit.line != last_line:
            table, row = (table + 1, 0) if unit.line > last_line + 1 else (table, row + 1)
            column = 0
        places.append((table, row, column))
        column += 1
        last_line = unit.line
    return places


# Log-odds weights, calibrated on the DLSP20 translations (benchmarks/import_quality.py).
PAIR_PRIOR = 1.0  # a unit has a counterpart more often than not
SAME_KIND = 1.0
SAME_HEADING = 2.5
OTHER_HEADING = -0.5
HEADING_VS_TEXT = -2.0
TEXT_VS_TEXT = -1.0  # paragraph / list item / blockquote / html swapped
ATTRIBUTE_VS_TEXT = -3.0  # alt or title text against anything else
SAME_CELL = 2.0
SAME_COLUMN = 0.5
OTHER_CELL = -1.5
SHARED_BASE = 0.5
SHARED_CAP = 3.0
MISSING = -1.0  # an English invariant the translation lacks
ADDED = -0.7  # an invariant only the translation has
TOKEN_FLOOR = -4.0
IDENTICAL = 4.0
SIGMA_PAIR = 0.3  # spread of log length ratios of real pairs
SIGMA_RANDOM = 1.0  # ... and of unrelated units
LENGTH_FLOOR = -6.0
SMOOTH = 8.0  # characters added to both sizes (short units vary more)


def kind_score(english: Features, translated: Features) -> float:
    """Log-odds from the two units' kinds (and table places)."""
    if english.cell is not None and translated.cell is not None:
        if english.cell[1:] == translated.cell[1:]:
            return SAME_KIND + SAME_CELL
        return SAME_KIND + (SAME_COLUMN if english.cell[2] == translated.cell[2] else OTHER_CELL)
    return _kinds(english.kind, english.label, translated.kind, translated.label)


@functools.cache
def _kinds(a: UnitKind, a_label: str, b: UnitKind, b_label: str) -> float:
    """Log-odds from two kinds (labels: the same heading level, front-matter key)."""
    if UnitKind.HEADING in (a, b):
        if a_label == b_label:
            return SAME_HEADING
        return OTHER_HEADING if a is b else HEADING_VS_TEXT
    if a.is_attribute or b.is_attribute:
        return SAME_KIND if a_label == b_label else ATTRIBUTE_VS_TEXT
    return SAME_KIND if a_label == b_label else TEXT_VS_TEXT


class Scorer:
    """Pair scores for two pages: token rarity and the length ratio are the pages' own."""

    def __init__(self, english: Sequence[Features], translated: Sequence[Features]):
        counts: Counter[str] = Counter()
        for unit in english:
            counts.update(unit.tokens)
        self.rarity = {
            token: min(SHARED_CAP, math.log((len(english) + 1) / (count + 1)))
            for token, count in counts.items()
        }
        total_e = sum(unit.size for unit in english) + SMOOTH
        total_t = sum(unit.size for unit in translated) + SMOOTH
        self.ratio = total_t / total_e
        self._lengths: dict[tuple[int, int], float] = {}

    def tokens(self, english: Features, translated: Features) -> float:
        """Log-odds from invariants: shared ones (rarer is stronger), missing or added ones."""
        shared = english.tokens & translated.tokens
        score = sum(SHARED_BASE + self.rarity.get(token, SHARED_CAP) for token in shared)
        penalty = MISSING * len(english.tokens - shared) + ADDED * len(translated.tokens - shared)
        return score + max(TOKEN_FLOOR, penalty)

    def length(self, english: int, translated: int) -> float:
        """Log-odds from two prose sizes: their ratio against the pages' ratio."""
        key = (english, translated)
        if key not in self._lengths:
            d = math.log((translated + SMOOTH * self.ratio) / ((english + SMOOTH) * self.ratio))
            llr = math.log(SIGMA_RANDOM / SIGMA_PAIR) - d * d * _LENGTH_CURVE
            self._lengths[key] = max(LENGTH_FLOOR, llr)
        return self._lengths[key]

    def score(self, english: Features, translated: Features) -> float:
        """Log-odds that ``translated`` translates ``english``."""
        return self.row(english, (translated,))[0]

    def row(self, english: Features, translated: Sequence[Features]) -> list[float]:
        """:meth:`score` of ``english`` with each of ``translated`` (the hot loop)."""
        row = []
        for other in translated:
            total = PAIR_PRIOR + self.length(english.size, other.size)
            if english.cell is not None and other.cell is not None:
                total += kind_score(english, other)
            else:
                total += _kinds(english.kind, english.label, other.kind, other.label)
            if english.tokens or other.tokens:
                total += self.tokens(english, other)
            if english.size and english.text == other.text:
                total += IDENTICAL
            row.append(total)
        return row


_LENGTH_CURVE = 1 / (2 * SIGMA_PAIR**2) - 1 / (2 * SIGMA_RANDOM**2)


@dataclass(frozen=True)
class Link:
    """A pair of the best alignment: unit indices, the pair's score and its margin."""

    english: int
    translated: int
    score: float
    margin: float


def align(scores: Sequence[Sequence[float]]) -> list[Link]:
    """The best monotonic alignment under ``scores`` (skips cost nothing), with margins.

    A pair's margin is the best total with the pair minus the best total without it
    (the English unit paired elsewhere, or left alone).
    """
    n = len(scores)
    m = len(scores[0]) if n else 0
    forward = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n):
        row, above, here = scores[i], forward[i], forward[i + 1]
        for j in range(m):
            here[j + 1] = max(above[j + 1], here[j], above[j] + row[j])
    backward = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        row, below, here = scores[i], backward[i + 1], backward[i]
        for j in range(m - 1, -1, -1):
            here[j] = max(below[j], here[j + 1], below[j + 1] + row[j])
    links: list[Link] = []
    for i, k in _trace(forward):
        through = [forward[i][c] + scores[i][c] + backward[i + 1][c + 1] for c in range(m)]
        skip = max(forward[i][c] + backward[i + 1][c] for c in range(m + 1))
        others = max([skip, *through[:k], *through[k + 1 :]])
        links.append(Link(i, k, scores[i][k], through[k] - others))
    return links


def _trace(forward: list[list[float]]) -> list[tuple[int, int]]:
    """The pairs of one best path through the forward table, in order."""
    i, j = len(forward) - 1, len(forward[0]) - 1
    pairs: list[tuple[int, int]] = []
    while i > 0 and j > 0:
        here = forward[i][j]
        if here == forward[i - 1][j]:
            i -= 1
        elif here == forward[i][j - 1]:
            j -= 1
        else:
            pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
    return pairs[::-1]


@dataclass(frozen=True)
class Side:
    """One page's text and its body units (front matter aside), with their features."""

    text: str
    units: list[Unit]
    feats: list[Features]
