"""PO files: read with polib, write exactly as GNU gettext 0.21 ``msgcat`` does.

``dump_catalog`` ports gettext's ``write-po.c`` layout and its string wrapping, which uses
libunistring 1.0's ``ulc_width_linebreaks``: a pair-table version of UAX #14 (not the full
current rule set) with its own deviations, then greedy filling to 79 columns where East Asian
wide characters count 2. Line_Break values come from uniseg and are mapped to libunistring's
classes; see ``_line_class``.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from transpipe import paths
from transpipe.catalog import Catalog, Message
from transpipe.errors import TranspipeError, lone_cr_line
from transpipe.files import write_if_changed
from transpipe.poparse import Unsupported, parse_po

if TYPE_CHECKING:
    import polib

PAGE_WIDTH = 79  # msgcat's default --width

# ---------------------------------------------------------------- line breaking (libunistring 1.0)

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

# uniseg (Unicode 16) Line_Break values → libunistring 1.0's run-time classes.
_RESOLVE = {
    "NL": "BK", "CR": "BK", "LF": "BK", "AI": "AL", "XX": "AL", "SA": "AL", "SG": "AL",
    "AK": "AL", "AP": "AL", "AS": "AL", "VF": "CM", "VI": "CM", "CB": "ID1", "CJ": "NS",
}  # fmt: skip
# Assigned characters where libunistring 1.0's table differs from uniseg's (found by comparing
# all code points): (first, last, class).
_DEVIATIONS = (
    (0x0600, 0x0605, "AL"), (0x06DD, 0x06DD, "AL"), (0x0890, 0x0891, "AL"), (0x08E2, 0x08E2, "AL"),
    (0x19DA, 0x19DA, "AL"), (0x1B50, 0x1B59, "NU"), (0x1B5C, 0x1B5C, "AL"), (0x1B61, 0x1B6A, "AL"),
    (0x1B74, 0x1B7C, "AL"), (0x1DCD, 0x1DCD, "CM"), (0x1DFC, 0x1DFC, "CM"), (0x2057, 0x2057, "AL"),
    (0x2E56, 0x2E56, "CL"), (0x2E58, 0x2E58, "CL"), (0x2E5A, 0x2E5A, "CL"), (0x2E5C, 0x2E5C, "CL"),
    (0xA9C1, 0xA9C6, "AL"), (0xA9CA, 0xA9CD, "AL"), (0xA9CF, 0xA9CF, "AL"), (0xA9D0, 0xA9D9, "NU"),
    (0xA9DE, 0xA9DF, "AL"), (0xAA40, 0xAA42, "AL"), (0xAA44, 0xAA4B, "AL"), (0xAA50, 0xAA59, "NU"),
    (0xAA5C, 0xAA5C, "AL"), (0xFE10, 0xFE10, "IS"), (0xFE13, 0xFE14, "IS"), (0xFE20, 0xFE20, "CM"),
    (0xFE22, 0xFE22, "CM"), (0xFE24, 0xFE24, "CM"), (0xFE26, 0xFE27, "CM"), (0xFE29, 0xFE29, "CM"),
    (0xFE2B, 0xFE2B, "CM"), (0xFE2D, 0xFE2E, "CM"), (0x11049, 0x1104D, "AL"),
    (0x11052, 0x11065, "AL"), (0x11066, 0x1106F, "NU"), (0x1107F, 0x1107F, "CM"),
    (0x110BD, 0x110BD, "AL"), (0x110CD, 0x110CD, "AL"), (0x1133D, 0x1133D, "AL"),
    (0x1135D, 0x1135D, "AL"), (0x11950, 0x11959, "NU"), (0x11EF2, 0x11EF2, "AL"),
    (0x11EF7, 0x11EF8, "AL"), (0x1F10D, 0x1F10F, "ID1"), (0x1F16D, 0x1F16F, "ID1"),
    (0x1F1AD, 0x1F1AD, "ID1"), (0x1F8B0, 0x1F8B1, "ID1"),
)  # fmt: skip
# Code points unassigned in Unicode 14 that libunistring 1.0 breaks as ideographs...
_IDEOGRAPHS_UNASSIGNED = (
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
    (0x20000, 0x2FFFD),
    (0x30000, 0x3FFFD),
)
# ... and those it counts 2 columns wide.
_WIDE_UNASSIGNED = (
    (0x2E80, 0x303E), (0x3040, 0xA4CF), (0xF900, 0xFAFF), (0xFE10, 0xFE1F), (0xFE30, 0xFE6F),
    (0xFF00, 0xFF60), (0x1F200, 0x1F2FF), (0x20000, 0x3FFFF),
)  # fmt: skip
_EAST_ASIAN = ("F", "W", "H")


def _in_ranges(code: int, ranges: tuple[tuple[int, int], ...]) -> bool:
    return any(first <= code <= last for first, last in ranges)


def _line_class(char: str) -> str:
    """libunistring 1.0's resolved line breaking class of ``char`` (UTF-8, non-CJK locale)."""
    from uniseg.emoji import extended_pictographic  # (slow to import: only writing needs it)
    from uniseg.linebreak import line_break

    code = ord(char)
    for first, last, value in _DEVIATIONS:
        if first <= code <= last:
            return value
    if unicodedata.category(char) == "Cn":  # unassigned in Unicode 14 (libunistring 1.0's data)
        if extended_pictographic(char):
            return "ID2"
        if 0x20BC <= code <= 0x20CF:  # reserved for currency signs
            return "PR"
        return "ID1" if _in_ranges(code, _IDEOGRAPHS_UNASSIGNED) else "AL"
    value = str(line_break(char).value)
    if value in ("OP", "CP"):
        return value + ("2" if unicodedata.east_asian_width(char) in _EAST_ASIAN else "1")
    if value == "ID":
        return "ID1"
    return _RESOLVE.get(value, value)


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


@lru_cache(maxsize=16)
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


def _width_breaks(text: str, width: int, start: int, locked: set[int]) -> list[int]:
    """Where to break ``text`` (not at ``locked`` indexes) so that its lines fit ``width``.

    The greedy filling of libunistring's ``ulc_width_linebreaks``: a line breaks at the last
    opportunity before the piece of text that would cross the width.
    """
    if text.isascii() and text.isprintable() and start + len(text) <= width:
        return []  # fast path: nothing to break
    offsets = [0, *itertools.accumulate(map(_COLUMNS.__getitem__, text))]
    if start + offsets[-1] <= width:
        return []
    breaks: list[int] = []
    last, column, origin = -1, start, 0  # last opportunity, its column, where the piece began
    for i, mark in _possible_breaks(text):
        if i in locked:
            continue
        if last >= 0 and column + offsets[i] - offsets[origin] > width:
            breaks.append(last)
            column = 0
        if mark == _MANDATORY:
            last, column, origin = -1, 0, i + 1
        else:
            last, column, origin = i, column + offsets[i] - offsets[origin], i
    if last >= 0 and column + offsets[-1] - offsets[origin] > width:
        breaks.append(last)
    return breaks


# ---------------------------------------------------------------- writing

_ESCAPES = str.maketrans(
    {"\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t",
     "\v": "\\v", "\\": "\\\\", '"': '\\"'}
)  # fmt: skip
_ESCAPE_RE = re.compile(r"\\.", re.DOTALL)


def _escape(portion: str) -> tuple[str, set[int]]:
    """The quoted form of ``portion`` and where it must not break (inside an escape)."""
    text = portion.translate(_ESCAPES)
    locked: set[int] = set()
    if len(text) != len(portion):
        locked = {escape.start() + 1 for escape in _ESCAPE_RE.finditer(text)}
    if portion.endswith("\n"):
        locked.add(len(text) - 2)  # no break just before the final "\n"
    return text, locked


@lru_cache(maxsize=4096)  # each language's catalog of a page repeats its msgids
def _wrap(prefix: str, name: str, value: str) -> tuple[str, ...]:
    """The lines of ``name "value"`` as gettext's ``wrap`` writes them, each after ``prefix``."""
    lines: list[str] = []
    width = PAGE_WIDTH - 1 - (len(prefix) + 1)
    portions = _newline_portions(value)
    first = True
    for index, portion in enumerate(portions):
        text, locked = _escape(portion)
        start = len(name) + 1 if first else 0
        breaks = _width_breaks(text, width, start, locked)
        more = index < len(portions) - 1
        if first and text and (more or start > width or breaks):
            lines.append(f'{prefix}{name} ""')
            first, start = False, 0
            breaks = _width_breaks(text, width, start, locked)
        head = f"{prefix}{name} " if first else prefix
        first = False
        bounds = [0, *breaks, len(text)]
        pieces = [text[a:b] for a, b in itertools.pairwise(bounds)]
        lines.append(f'{head}"{pieces[0]}"')
        lines += [f'{prefix}"{piece}"' for piece in pieces[1:]]
    return tuple(lines)


def _newline_portions(value: str) -> list[str]:
    """``value`` cut after each ``\\n``; a single empty portion for the empty string."""
    portions = re.findall(r"[^\n]*\n|[^\n]+$", value)
    return portions or [""]


def _comment_lines(message: Message) -> list[str]:
    lines = [f"# {line}" if line else "#" for c in message.user_comments for line in c.split("\n")]
    lines += [f"#. {comment}" if comment else "#." for comment in message.auto_comments]
    lines += _reference_lines(message.locations)
    return lines


_DOT_SLASH = re.compile(r"^(?:\./)+")


def _reference_lines(locations: list[tuple[str, int]]) -> list[str]:
    """``#:`` lines holding as many ``path:line`` references as fit in the page width."""
    lines: list[str] = []
    line, column = "#:", 2
    for path, number in locations:
        reference = f"{_DOT_SLASH.sub('', path)}:{number}"
        size = len(reference.encode("utf-8")) + 1
        if column > 2 and column + size > PAGE_WIDTH:
            lines.append(line)
            line, column = "#:", 2
        line += f" {reference}"
        column += size
    if column > 2:
        lines.append(line)
    return lines


def _flag_line(message: Message) -> list[str]:
    """``#,`` flags; gettext drops fuzzy from untranslated entries and writes it first."""
    flags = [flag for flag in message.flags if flag != "fuzzy"]
    if message.obsolete:
        flags = []
    if message.fuzzy and message.msgstr:
        flags.insert(0, "fuzzy")
    return [f"#, {', '.join(flags)}"] if flags else []


def _message_lines(message: Message) -> list[str]:
    """One entry (without the separating blank line) as ``message_print`` writes it."""
    keyword = "#~ " if message.obsolete else ""
    previous = "#~| " if message.obsolete else "#| "
    lines = _comment_lines(message) + _flag_line(message)
    if message.previous_msgctxt is not None:
        lines += _wrap(previous, "msgctxt", message.previous_msgctxt)
    if message.previous_msgid is not None:
        lines += _wrap(previous, "msgid", message.previous_msgid)
    if message.msgctxt is not None:
        lines += _wrap(keyword, "msgctxt", message.msgctxt)
    lines += _wrap(keyword, "msgid", message.msgid)
    lines += _wrap(keyword, "msgstr", message.msgstr)
    return lines


def _header_message(catalog: Catalog) -> Message:
    comments = catalog.header_comment.split("\n") if catalog.header_comment else []
    msgstr = "".join(f"{key}: {value}\n" for key, value in catalog.headers.items())
    flags = ["fuzzy"] if catalog.header_fuzzy else []
    return Message("", msgstr, user_comments=comments, flags=flags)


def dump_catalog(catalog: Catalog) -> str:
    """The PO text GNU ``msgcat`` (gettext 0.21, width 79) writes for ``catalog``.

    Like msgcat, obsolete entries go last and those without a translation are dropped.
    """
    active = [m for m in catalog.messages if not m.obsolete]
    obsolete = [m for m in catalog.messages if m.obsolete and m.msgstr]
    entries = [_header_message(catalog), *active, *obsolete]
    return "\n".join("\n".join(_message_lines(m)) + "\n" for m in entries)


# ---------------------------------------------------------------- reading

_LINE_RE = re.compile(r"\(line (\d+)\)")
_STRING_LINE_RE = re.compile(r'(?:#~\|?\s*|#\|\s*)?(?:msg\w*(?:\[\d+\])?\s+)?(?=")')
_CLOSED_STRING_RE = re.compile(r'"(?:[^"\\]|\\.)*"')


_BAD_ESCAPE_RE = re.compile(r'(?<!\\)(?:\\\\)*(\\[^ntr"\\abfv0-7x])')
_KEYWORD_LINE_RE = re.compile(r"(?:#~\|?\s*|#\|\s*)?msg\w*(?:\[\d+\])?(?=\s|$)")


def _check_strings(text: str, path: Path) -> None:
    """Reject unterminated strings and keywords without a string, which polib accepts."""
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.strip()
        keyword = _KEYWORD_LINE_RE.match(line)
        if keyword and not line[keyword.end() :].lstrip().startswith('"'):
            raise TranspipeError(
                f"syntax error in po file: {keyword.group()} without a quoted string", path, number
            )
        match = _STRING_LINE_RE.match(line)
        if match and not _CLOSED_STRING_RE.match(line, match.end()):
            raise TranspipeError("syntax error in po file: unterminated string", path, number)
        if match and (bad := _BAD_ESCAPE_RE.search(line, match.end())):
            raise TranspipeError(
                f"syntax error in po file: invalid escape {bad.group(1)}", path, number
            )


def _check_duplicates(po: polib.POFile, path: Path) -> None:
    """Reject a message defined twice, as msgfmt does."""
    seen: set[tuple[str | None, str]] = set()
    for entry in po:
        key = (entry.msgctxt, entry.msgid)
        if not entry.obsolete and key in seen:
            raise TranspipeError(
                "duplicate message definition (the msgid is already defined above)",
                path,
                entry.linenum or None,
            )
        seen.add(key)


def _polib_error(error: Exception, path: Path) -> TranspipeError:
    """A TranspipeError with the reason and line of a polib syntax error."""
    text = str(error)
    match = _LINE_RE.search(text)
    reason = re.sub(r"\s+:", ":", _LINE_RE.sub("", text)).strip()
    return TranspipeError(
        reason[:1].lower() + reason[1:], path, int(match.group(1)) if match else None
    )


def _message(entry: polib.POEntry, path: Path) -> Message:
    """The dataclass for a polib entry."""
    if entry.msgid_plural:
        raise TranspipeError("plural messages are not supported", path, entry.linenum or 1)
    return Message(
        msgid=entry.msgid,
        msgstr=entry.msgstr,
        msgctxt=entry.msgctxt,
        locations=[_location(where, entry, path) for where in entry.occurrences],
        auto_comments=entry.comment.split("\n") if entry.comment else [],
        user_comments=entry.tcomment.split("\n") if entry.tcomment else [],
        flags=list(entry.flags),
        previous_msgid=entry.previous_msgid,
        previous_msgctxt=entry.previous_msgctxt,
        obsolete=bool(entry.obsolete),
    )


def _location(where: tuple[str, str], entry: polib.POEntry, path: Path) -> tuple[str, int]:
    name, line = where
    if not line.isdigit():
        raise TranspipeError(f"reference without a line number: {name}", path, entry.linenum or 1)
    return (name, int(line))


class _PoText(str):
    """PO text that polib cuts into lines at ``\\n`` only, as gettext does.

    polib splits text it is given with ``str.splitlines``, which also ends lines at U+2028,
    U+0085, U+001C... that may well occur inside a msgid.
    """

    def splitlines(self, keepends: bool = False) -> list[str]:
        return self.split("\n") if not keepends else re.findall(r"[^\n]*\n|[^\n]+$", self)


def parse_catalog(text: str, path: Path) -> Catalog:
    """A catalog from PO text; ``path`` is only for error messages.

    The fast line-based reader takes what gettext and transpipe write; polib takes the rest and
    reports syntax errors.
    """
    try:
        return parse_po(text)
    except Unsupported:
        return _parse_with_polib(text, path)


def _parse_with_polib(text: str, path: Path) -> Catalog:
    """``parse_catalog`` through polib, which reports syntax errors with their line."""
    _check_strings(text, path)
    # polib ignores "#~|" (an obsolete entry's previous msgid) but reads "#|" before "#~".
    text = re.sub(r"^#~\|", "#|", text, flags=re.MULTILINE)
    try:
        import polib  # the reader of last resort: poparse reads what we and Poedit write

        po = polib.pofile(_PoText(text), wrapwidth=0, encoding="utf-8")
    except (OSError, ValueError) as error:
        raise _polib_error(error, path) from None
    _check_duplicates(po, path)
    return Catalog(
        header_comment=po.header,
        headers=dict(po.metadata),
        header_fuzzy="fuzzy" in (po.metadata_is_fuzzy or []),
        messages=[_message(e, path) for e in po if e.msgid or e.msgctxt is not None],
    )


def read_catalog(path: Path) -> Catalog:
    """Read a UTF-8 PO file; syntax and encoding errors raise TranspipeError with the line."""
    data = paths.read_bytes(path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise TranspipeError(f"not UTF-8: {error.reason}", path, line) from None
    if (lone_cr := lone_cr_line(text)) is not None:  # gettext ends lines at LF only
        raise TranspipeError("a line ends with a lone CR: save the catalog with LF", path, lone_cr)
    return parse_catalog(text, path)


# ---------------------------------------------------------------- saving


def write_catalog(path: Path, catalog: Catalog) -> bool:
    """Write ``catalog`` atomically if its text differs from the file's; True if written."""
    return write_if_changed(path, dump_catalog(catalog))
