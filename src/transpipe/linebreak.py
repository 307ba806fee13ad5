"""Line breaking as libunistring 1.0's ``ulc_width_linebreaks`` does it, for the PO writer.

A pair-table version of UAX #14 (not the full current rule set) with its own deviations, then
greedy filling to a width where East Asian wide characters count 2. Each character's class is
looked up in ``linebreak_table``, libunistring 1.0's classes of every code point (made from
uniseg's Line_Break values by ``scripts/linebreak_table.py``).
"""

from __future__ import annotations

import bisect
import itertools
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from transpipe.linebreak_table import CLASSES, HANGUL, NAMES, STARTS

_POSSIBLE, _MANDATORY = 2, 3  # libunistring's UC_BREAK_POSSIBLE, UC_BREAK_MANDATORY

# Pair table of libunistring 1.0 (lbrktables.c): row = class before, column = class after;
# D: direct break, I: break only across spaces, P: prohibited.
_TABLE_CLASSES = (
    "WJ", "GL", "B2", "BA", "BB", "HY", "CL", "CP1", "CP2", "EX", "IN", "NS", "OP1", "OP2", "QU",
    "IS", "NU", "PO", "PR", "SY", "AL", "H2", "H3", "ID1", "ID2", "JL", "JV", "JT", "HL", "RI",
    "ZWJ", "EB", "EM",
)  # fmt: skip
_TABLE_ROWS = (
    "PIIIIIPPPPIIIIIPIIIPIIIIIIIIIIIII",  # WJ
    "PIIIIIPPPPIIIIIPIIIPIIIIIIIIIIIII",  # GL
    "PIPIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD",  # B2
    "PDDIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD",  # BA
    "PIIIIIPPPPIIIIIPIIIPIIIIIIIIIIIII",  # BB
    "PDDIDIPPPPIIDDIPIDDPDDDDDDDDDDDDD",  # HY
    "PIDIDIPPPPIPDDIPDIIPDDDDDDDDDDDDD",  # CL
    "PIDIDIPPPPIIDDIPIIIPIDDDDDDDIDIDD",  # CP1
    "PIDIDIPPPPIIDDIPDIIPDDDDDDDDDDDDD",  # CP2
    "PIDIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD",  # EX
    "PIDIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD",  # IN
    "PIDIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD",  # NS
    "PPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPP",  # OP1
    "PPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPP",  # OP2
    "PIIIIIPPPPIIPPIPIIIPIIIIIIIIIIIII",  # QU
    "PIDIDIPPPPIIDDIPIDDPDDDDDDDDDDDDD",  # IS
    "PIDIDIPPPPIIIDIPIIIPIDDDDDDDIDIDD",  # NU
    "PIDIDIPPPPIIIIIPIDDPIDDDDDDDIDIDD",  # PO
    "PIDIDIPPPPIIIIIPIDDPIIIIIIIIIDIII",  # PR
    "PIDIDIPPPPIIDDIPIDDPDDDDDDDDIDDDD",  # SY
    "PIDIDIPPPPIIIDIPIIIPIDDDDDDDIDIDD",  # AL
    "PIDIDIPPPPIIDDIPDIDPDDDDDDIIDDDDD",  # H2
    "PIDIDIPPPPIIDDIPDIDPDDDDDDDIDDDDD",  # H3
    "PIDIDIPPPPIIDDIPDIDPDDDDDDDDDDDDD",  # ID1
    "PIDIDIPPPPIIDDIPDIDPDDDDDDDDDDDDI",  # ID2
    "PIDIDIPPPPIIDDIPDIDPDIIDDIIDDDDDD",  # JL
    "PIDIDIPPPPIIDDIPDIDPDDDDDDIIDDDDD",  # JV
    "PIDIDIPPPPIIDDIPDIDPDDDDDDDIDDDDD",  # JT
    "PIDIDIPPPPIIIDIPIIIPIDDDDDDDIDIDD",  # HL
    "PIDIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD",  # RI
    "PIDIDIPPPPIIIDIPIIIPIDDIIDDDIDIII",  # ZWJ
    "PIDIDIPPPPIIDDIPDIDPDDDDDDDDDDDDI",  # EB
    "PIDIDIPPPPIIDDIPDIDPDDDDDDDDDDDDD",  # EM
)
_BK, _CM, _ZW, _SP, _HL_BA = 33, 36, 37, 38, 100  # classes outside the table (libunistring's)
_CLASS_INDEX = {name: i for i, name in enumerate(_TABLE_CLASSES)} | {
    "BK": _BK, "CM": _CM, "ZW": _ZW, "SP": _SP,
}  # fmt: skip
_ZWJ, _HL, _HY, _BA, _RI = (_CLASS_INDEX[name] for name in ("ZWJ", "HL", "HY", "BA", "RI"))
# The pair table's answer without, and with, spaces between the two characters.
_BREAK_DIRECT = tuple(tuple(cell == "D" for cell in row) for row in _TABLE_ROWS)
_BREAK_ACROSS_SPACES = tuple(tuple(cell != "P" for cell in row) for row in _TABLE_ROWS)

# ... and those it counts 2 columns wide.
_WIDE_UNASSIGNED = (
    (0x2E80, 0x303E), (0x3040, 0xA4CF), (0xF900, 0xFAFF), (0xFE10, 0xFE1F), (0xFE30, 0xFE6F),
    (0xFF00, 0xFF60), (0x1F200, 0x1F2FF), (0x20000, 0x3FFFF),
)  # fmt: skip


def _in_ranges(code: int, ranges: tuple[tuple[int, int], ...]) -> bool:
    return any(first <= code <= last for first, last in ranges)


def _line_class(char: str) -> str:
    """libunistring 1.0's resolved line breaking class of ``char`` (UTF-8, non-CJK locale)."""
    code = ord(char)
    if HANGUL[0] <= code <= HANGUL[1]:
        return "H3" if (code - HANGUL[0]) % 28 else "H2"
    return NAMES[CLASSES[bisect.bisect_right(STARTS, code) - 1]]


def _width(char: str) -> int:
    """libunistring's ``uc_width`` for UTF-8: -1 for controls, 0 for non-spacing, 2 for wide."""
    code = ord(char)
    category = unicodedata.category(char)
    if code == 0:
        return 0
    if category == "Cc":
        return -1
    if category == "Cn":
        return 2 if _in_ranges(code, _WIDE_UNASSIGNED) else 1
    if (
        category == "Cf"
        or unicodedata.bidirectional(char) == "NSM"
        or 0x1160 <= code <= 0x11FF
        or 0xD7B0 <= code <= 0xD7FF
        or code == 0x200B
    ):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


class _CharTable(dict[str, int]):
    """A per-character property, computed on first use."""

    def __init__(self, compute: Callable[[str], int]) -> None:
        super().__init__()
        self.compute = compute

    def __missing__(self, char: str) -> int:
        value = self[char] = self.compute(char)
        return value


_CLASS = _CharTable(lambda char: _CLASS_INDEX[_line_class(char)])
_COLUMNS = _CharTable(lambda char: max(_width(char), 0))  # control characters count 0


# The fast path: each class as one letter (``str.translate`` maps a text to its classes in C),
# and for texts without the classes that need state beyond the pair table (mandatory breaks,
# combining marks, ZWJ, zero-width space, regional indicators, Hebrew letters), one regular
# expression finds every opportunity: a direct break between two classes, or one across
# spaces after the last class before them.
_LETTER = tuple(chr(ord("0") + i) for i in range(_SP + 1))


class _LetterTable(dict[int, str]):
    """Code point → the letter of its class, computed on first use (a ``str.translate`` table)."""

    def __missing__(self, code: int) -> str:
        value = self[code] = _LETTER[_CLASS[chr(code)]]
        return value


_LETTERS = _LetterTable()
# the same for the 256 first code points, as a bytes table: ``bytes.translate`` is far faster
_LATIN_LETTERS = bytes(ord(_LETTERS[code]) for code in range(256))


@lru_cache(maxsize=1)
def _not_narrow() -> re.Pattern[str]:
    """A character that does not take exactly one column (or lies past the scripts of
    Europe and their punctuation, U+3000 on: not looked at one by one)."""
    narrow = [code for code in range(0x20, 0x3000) if _COLUMNS[chr(code)] == 1]
    runs: list[tuple[int, int]] = []
    for code in narrow:
        if runs and runs[-1][1] == code - 1:
            runs[-1] = (runs[-1][0], code)
        else:
            runs.append((code, code))
    ranges = "".join(f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in runs)
    return re.compile(f"[^{ranges}]")


def class_letters(text: str) -> str:
    """``text`` with each character replaced by the letter of its line-breaking class."""
    try:
        data = text.encode("latin-1")
    except UnicodeEncodeError:
        return text.translate(_LETTERS)
    return data.translate(_LATIN_LETTERS).decode("latin-1")


_STATEFUL = (_BK, _CM, _ZW, _ZWJ, _RI, _HL)
_SPACE_LETTER = _LETTER[_SP]


# Classes of Latin text: always in the patterns' key, so that most texts share one pair.
_COMMON = frozenset(
    _LETTER[_CLASS_INDEX[name]]
    for name in (
        "AL",
        "NU",
        "IS",
        "QU",
        "HY",
        "EX",
        "OP1",
        "CP1",
        "SY",
        "PR",
        "PO",
        "BA",
        "GL",
        "CL",
    )
)


# Letters taken out of a text's letters (as bytes): far faster than a search for a set.
_COMMON_BYTES = ("".join(sorted(_COMMON)) + _SPACE_LETTER).encode("ascii")
_SIMPLE_BYTES = "".join(_LETTER[c] for c in range(_SP + 1) if c not in _STATEFUL).encode("ascii")


@lru_cache(maxsize=256)
def _simple_patterns(present: frozenset[str]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Opportunities among the class letters ``present``, forwards and backwards.

    A forward match is the class before an opportunity, then nothing (a direct break) or the
    spaces up to it: it ends at the opportunity. A backward match, in the reversed letters,
    starts at the class after it. Branches are grouped by the classes that may come after.
    """
    simple = [c for c in range(len(_TABLE_CLASSES)) if c not in _STATEFUL and _LETTER[c] in present]
    forward: list[str] = []
    backward: list[str] = []
    for table, spaces in ((_BREAK_DIRECT, ""), (_BREAK_ACROSS_SPACES, _SPACE_LETTER + "+")):
        rows: dict[str, str] = {}  # classes after → the classes before that break before them
        for row in simple:
            after = "".join(_LETTER[c] for c in simple if table[row][c])
            if after:
                rows[after] = rows.get(after, "") + _LETTER[row]
        for after, before in rows.items():
            forward.append(f"(?<=[{re.escape(before)}]){spaces}(?=[{re.escape(after)}])")
            backward.append(f"[{re.escape(after)}]{spaces}(?=[{re.escape(before)}])")
    if not forward:
        nothing = re.compile("(?!)")
        return nothing, nothing
    first = re.escape("".join(_LETTER[c] for c in simple))
    return re.compile(f"[{first}](?:{'|'.join(forward)})"), re.compile("|".join(backward))


def _possible_breaks(text: str) -> tuple[tuple[int, int], ...]:
    """``(index, mark)`` of each break opportunity, as libunistring's ``u8_possible_linebreaks``."""
    result: list[tuple[int, int]] = []
    prev = last = _BK  # class of the previous character / of the last non-space one
    seen_space = False
    regional = 0  # regional indicators just before this point
    for i, cls in enumerate(map(_CLASS.__getitem__, text)):
        if cls == _BK:
            result.append((i, _MANDATORY))
            last, seen_space = _BK, False
        elif cls == _SP:
            seen_space = True
        elif cls == _ZW:
            last, seen_space = _ZW, False
        elif cls in (_CM, _ZWJ):
            if last in (_BK, _ZW) or seen_space:
                if last != _BK:
                    result.append((i, _POSSIBLE))
                last, seen_space = _CLASS_INDEX["AL"], False
        else:
            if _pair_break(prev, last, cls, seen_space, regional):
                result.append((i, _POSSIBLE))
            last, seen_space = cls, False
        prev = _HL_BA if prev == _HL and cls in (_HY, _BA) else cls
        regional = regional + 1 if cls == _RI else 0
    return tuple(result)


def _pair_break(prev: int, last: int, cls: int, seen_space: bool, regional: int) -> bool:
    """Whether a line may break before a character of class ``cls`` (the pair table's case)."""
    if last == _BK:
        return False
    if last == _ZW:
        return True
    if prev in (_ZWJ, _HL_BA):
        return False
    if last == _RI and cls == _RI:
        return seen_space or regional % 2 == 0
    return (_BREAK_ACROSS_SPACES if seen_space else _BREAK_DIRECT)[last][cls]


def width_breaks(text: str, width: int, start: int, locked: set[int]) -> list[int]:
    """Where to break ``text`` (not at ``locked`` indexes) so that its lines fit ``width``.

    The greedy filling of libunistring's ``ulc_width_linebreaks``: a line breaks at the last
    opportunity before the piece of text that would cross the width. The first line starts
    at column ``start``.
    """
    layout = _overflowing(text, width, start)
    if layout is None:
        return []
    if layout.patterns is None:
        return _fill(_possible_breaks(text), layout.offsets, width, start, locked)
    return _fill_simple(layout, width, start, locked)


def needs_break(text: str, width: int, start: int, locked: set[int]) -> bool:
    """Whether ``width_breaks`` breaks ``text`` at all, known without filling it.

    A text past the width breaks if it has any opportunity: greedy filling ends its first
    line at the last one before the width, or at the first one after it.
    """
    layout = _overflowing(text, width, start)
    if layout is None:
        return False
    if layout.patterns is None:
        return bool(_fill(_possible_breaks(text), layout.offsets, width, start, locked, True))
    return _first_opportunity(layout, 0, locked) < len(text)


def _overflowing(text: str, width: int, start: int) -> _Layout | None:
    """The layout of ``text`` if it does not fit from column ``start``, else None."""
    narrow = text.isprintable() and (text.isascii() or not _not_narrow().search(text))
    if narrow and start + len(text) <= width:
        return None  # fast path: nothing to break
    if start + _offsets(text, narrow)[-1] <= width:
        return None
    return _layout(text, narrow)


@dataclass(frozen=True)
class _Layout:
    """What filling a text needs, whatever its first column: found once for both fillings
    of a string (``pofile`` asks whether it fits after its keyword, then fills it)."""

    offsets: Sequence[int]  # the column before each character, from the start of the text
    letters: str  # each character's class letter
    reverse: str  # the letters backwards
    patterns: tuple[re.Pattern[str], re.Pattern[str]] | None  # None: stateful classes


@lru_cache(maxsize=4)
def _offsets(text: str, narrow: bool) -> Sequence[int]:
    """The column before each character, from the start of the text, and after the last."""
    if narrow:  # one column each
        return range(len(text) + 1)
    return [0, *itertools.accumulate(map(_COLUMNS.__getitem__, text))]


@lru_cache(maxsize=4)
def _layout(text: str, narrow: bool) -> _Layout:
    offsets = _offsets(text, narrow)
    letters = class_letters(text)
    uncommon = letters.encode("ascii").translate(None, _COMMON_BYTES)
    if uncommon.translate(None, _SIMPLE_BYTES):  # a letter of a stateful class
        return _Layout(offsets, letters, "", None)
    present = _COMMON.union(uncommon.decode("ascii")) if uncommon else _COMMON
    return _Layout(offsets, letters, letters[::-1], _simple_patterns(present))


def _fill(
    possible: Iterable[tuple[int, int]],
    offsets: Sequence[int],
    width: int,
    start: int,
    locked: set[int],
    first_only: bool = False,
) -> list[int]:
    """The greedy filling over every opportunity, as libunistring does it."""
    breaks: list[int] = []
    last, column, origin = -1, start, 0  # last opportunity, its column, where the piece began
    for i, mark in possible:
        if i in locked:
            continue
        if last >= 0 and column + offsets[i] - offsets[origin] > width:
            breaks.append(last)
            if first_only:
                return breaks
            column = 0
        if mark == _MANDATORY:
            last, column, origin = -1, 0, i + 1
        else:
            last, column, origin = i, column + offsets[i] - offsets[origin], i
    if last >= 0 and column + offsets[-1] - offsets[origin] > width:
        breaks.append(last)
    return breaks


def _first_opportunity(layout: _Layout, index: int, locked: set[int]) -> int:
    """The first unlocked opportunity at or after ``index``; the text's length if none."""
    assert layout.patterns is not None
    letters = layout.letters
    pos = index - 1  # from the class before it (before its spaces)
    while pos > 0 and letters[pos] == _SPACE_LETTER:
        pos -= 1
    forward = layout.patterns[0]
    match = forward.search(letters, max(pos, 0))
    while match is not None and (match.end() < index or match.end() in locked):
        match = forward.search(letters, match.end())
    return len(letters) if match is None else match.end()


def _fill_simple(layout: _Layout, width: int, start: int, locked: set[int]) -> list[int]:
    """``_fill`` for a text without stateful classes, finding only the opportunities it needs.

    A line ends at the last opportunity before the first character past the width, searched
    backwards from there; a word longer than a line ends at its first opportunity.
    """
    assert layout.patterns is not None
    backward = layout.patterns[1]
    reverse, offsets = layout.reverse, layout.offsets
    size = len(reverse)

    def last(high: int) -> int:
        """The last unlocked opportunity before ``high``; -1 if none."""
        match = backward.search(reverse, size - high)
        while match is not None and size - 1 - match.start() in locked:
            match = backward.search(reverse, match.start() + 1)
        return -1 if match is None else size - 1 - match.start()

    breaks: list[int] = []
    line, column = 0, start  # where the line begins, and its column there
    while True:
        overflow = bisect.bisect_right(offsets, width - column + offsets[line])
        if overflow > size:
            return breaks
        end = last(overflow)
        if end <= line:  # no opportunity within the width: after the word, however long
            end = _first_opportunity(layout, line + 1, locked)
            if end >= size:
                return breaks
        breaks.append(end)
        line, column = end, 0
