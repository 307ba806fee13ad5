"""PO files: read with polib, write exactly as GNU gettext 0.21 ``msgcat`` does.

``dump_catalog`` ports gettext's ``write-po.c`` layout and its string wrapping, which uses
libunistring 1.0's ``ulc_width_linebreaks`` (see ``linebreak``), filling to 79 columns.
"""

from __future__ import annotations

import itertools
import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from transpipe import paths
from transpipe.catalog import Catalog, Message
from transpipe.errors import TranspipeError, lone_cr_line
from transpipe.files import write_if_changed
from transpipe.linebreak import needs_break, width_breaks
from transpipe.poparse import Unsupported, parse_po

if TYPE_CHECKING:
    import polib

PAGE_WIDTH = 79  # msgcat's default --width

# ---------------------------------------------------------------- writing

# Backslash first (the others add backslashes); then the common ones by ``str.replace``
# (far faster than ``str.translate`` with a table of strings), the rare ones by the table.
_COMMON_ESCAPES = (("\\", "\\\\"), ('"', '\\"'), ("\n", "\\n"), ("\t", "\\t"))
_RARE_ESCAPES = str.maketrans({"\a": "\\a", "\b": "\\b", "\f": "\\f", "\r": "\\r", "\v": "\\v"})
_ESCAPE_RE = re.compile(r"\\.", re.DOTALL)


def _has_rare(text: str) -> bool:
    # (five scans for a character: far faster than one search for a set of them)
    return "\a" in text or "\b" in text or "\f" in text or "\r" in text or "\v" in text


def _escape(portion: str) -> tuple[str, set[int]]:
    """The quoted form of ``portion`` and where it must not break (inside an escape)."""
    text = portion
    for char, escape in _COMMON_ESCAPES:
        if char in text:
            text = text.replace(char, escape)
    if _has_rare(text):
        text = text.translate(_RARE_ESCAPES)
    locked: set[int] = set()
    if len(text) != len(portion):
        locked = {escape.start() + 1 for escape in _ESCAPE_RE.finditer(text)}
    if portion.endswith("\n"):
        locked.add(len(text) - 2)  # no break just before the final "\n"
    return text, locked


def _wrap(prefix: str, name: str, value: str) -> tuple[str, ...]:
    """The lines of ``name "value"`` as gettext's ``wrap`` writes them, each after ``prefix``."""
    lines: list[str] = []
    width = PAGE_WIDTH - 1 - (len(prefix) + 1)
    portions = _newline_portions(value)
    first = True
    for index, portion in enumerate(portions):
        text, locked = _escape(portion)
        more = index < len(portions) - 1
        breaks = width_breaks(text, width, 0, locked)
        # After the keyword, unless the text needs more than one line: then on its own lines.
        # Breaks from column 0 settle it (an opportunity, and past the width even from 0, so
        # past it after the keyword too); without any, needs_break asks about the keyword's.
        if first and text:
            start = len(name) + 1
            if more or start > width or breaks or needs_break(text, width, start, locked):
                lines.append(f'{prefix}{name} ""')
                first = False
        head = f"{prefix}{name} " if first else prefix
        first = False
        bounds = [0, *breaks, len(text)]
        pieces = [text[a:b] for a, b in itertools.pairwise(bounds)]
        lines.append(f'{head}"{pieces[0]}"')
        lines += [f'{prefix}"{piece}"' for piece in pieces[1:]]
    return tuple(lines)


# A page's msgids (and contexts, and the English a fuzzy translation was made for) come again
# in every language's catalog (update goes page by page), a language's header in each of its
# catalogs; translations do not.
_shared_wrap = lru_cache(maxsize=4096)(_wrap)


def _newline_portions(value: str) -> list[str]:
    """``value`` cut after each ``\\n``; a single empty portion for the empty string."""
    if value.find("\n") in (-1, len(value) - 1):
        return [value]  # (the common case: no line break but a final one)
    return re.findall(r"[^\n]*\n|[^\n]+$", value)


@lru_cache(maxsize=4096)  # the same in every language's catalog of a page
def _comment_lines(
    user: tuple[str, ...], auto: tuple[str, ...], locations: tuple[tuple[str, int], ...]
) -> tuple[str, ...]:
    lines = [f"# {line}" if line else "#" for c in user for line in c.split("\n")]
    lines += [f"#. {comment}" if comment else "#." for comment in auto]
    lines += _reference_lines(locations)
    return tuple(lines)


_DOT_SLASH = re.compile(r"^(?:\./)+")


def _reference_lines(locations: tuple[tuple[str, int], ...]) -> list[str]:
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
    if not message.flags:
        return []
    flags = [flag for flag in message.flags if flag != "fuzzy"]
    if message.obsolete:
        flags = []
    if message.fuzzy and message.msgstr:
        flags.insert(0, "fuzzy")
    return [f"#, {', '.join(flags)}"] if flags else []


def _message_lines(message: Message, header: bool = False) -> list[str]:
    """One entry (without the separating blank line) as ``message_print`` writes it."""
    keyword = "#~ " if message.obsolete else ""
    previous = "#~| " if message.obsolete else "#| "
    comments = _comment_lines(
        tuple(message.user_comments), tuple(message.auto_comments), tuple(message.locations)
    )
    lines = [*comments, *_flag_line(message)]
    if message.previous_msgctxt is not None:
        lines += _shared_wrap(previous, "msgctxt", message.previous_msgctxt)
    if message.previous_msgid is not None:
        lines += _shared_wrap(previous, "msgid", message.previous_msgid)
    if message.msgctxt is not None:
        lines += _shared_wrap(keyword, "msgctxt", message.msgctxt)
    lines += _shared_wrap(keyword, "msgid", message.msgid)
    lines += (_shared_wrap if header else _wrap)(keyword, "msgstr", message.msgstr)
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
    lines = _message_lines(_header_message(catalog), header=True)
    for message in [*active, *obsolete]:
        lines.append("")  # (the blank line between entries)
        lines += _message_lines(message)
    lines.append("")  # (the file ends with a line break)
    return "\n".join(lines)


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
    return decode_catalog(paths.read_bytes(path), path)


def decode_catalog(data: bytes, path: Path) -> Catalog:
    """A catalog from the bytes of the PO file ``path`` (see ``read_catalog``)."""
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
