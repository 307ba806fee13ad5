"""A page: its front matter and its translatable units, each with its source spans.

Parsing follows markdown-it (CommonMark + tables + dollar math) for block structure and
adds what kramdown sites contain: header-less pipe tables, ``$$`` blocks in lists, raw
HTML blocks split at block-level tags, attribute lists. A unit never contains structure:
replacing its spans with other text changes only text.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from enum import Enum
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from transpipe import htmltext, inline, paths, tables
from transpipe.errors import TranspipeError, line_of, lone_cr_line
from transpipe.front import FrontMatter, key_value_spans, split_front_matter
from transpipe.links import comment_spans, find_urls, merged_spans

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

Segment = tuple[int, int]


class UnitKind(Enum):
    """What a unit is on its page: the parser makes no other kind."""

    PARAGRAPH = "paragraph"
    LIST_ITEM = "list item"
    BLOCKQUOTE = "blockquote"
    HEADING = "heading"  # its level is the unit's ``detail``
    TABLE_CELL = "table cell"
    HTML = "html"  # text of a raw HTML block
    ALT = "alt"  # an image's alt text
    TITLE = "title"  # a link's or an image's title
    FRONT_MATTER = "front matter"  # a front-matter value; its key is the unit's ``detail``

    @property
    def single_line(self) -> bool:
        """Whether a newline in a translation would break the structure around the unit."""
        return self in _SINGLE_LINE

    @property
    def is_text(self) -> bool:
        """Running text: paragraphs, list items, quotes and HTML text are alike."""
        return self in _RUNNING_TEXT

    @property
    def is_attribute(self) -> bool:
        """An alt text or a title: text inside a tag's or an image's quotes."""
        return self in (UnitKind.ALT, UnitKind.TITLE)


_SINGLE_LINE = frozenset(
    {UnitKind.HEADING, UnitKind.TABLE_CELL, UnitKind.FRONT_MATTER, UnitKind.ALT, UnitKind.TITLE}
)
_RUNNING_TEXT = frozenset(
    {UnitKind.PARAGRAPH, UnitKind.LIST_ITEM, UnitKind.BLOCKQUOTE, UnitKind.HTML}
)


@dataclass(frozen=True)
class Unit:
    """A translatable piece of a page: one or more line segments of the source text.

    ``msgid`` is the segments joined by newlines. Front-matter units carry the parsed YAML
    value as msgid and the raw value as segment.
    """

    msgid: str
    kind: UnitKind
    line: int
    segments: tuple[Segment, ...]
    note: str = ""  # context for translators, e.g. a table cell's row and column headers
    detail: str = ""  # a heading's level, a front-matter value's key

    @property
    def label(self) -> str:
        """The kind as the catalog shows it: ``heading 2``, ``front matter: title``."""
        if self.kind is UnitKind.FRONT_MATTER:
            return f"front matter: {self.detail}"
        return f"{self.kind.value} {self.detail}" if self.detail else self.kind.value

    @property
    def start(self) -> int:
        return self.segments[0][0]

    @property
    def end(self) -> int:
        return self.segments[-1][1]

    @property
    def single_line(self) -> bool:
        """Whether a newline in a translation would break the structure around it."""
        return self.kind.single_line


@dataclass(frozen=True)
class Page:
    """A parsed source page."""

    path: Path
    text: str
    front: FrontMatter
    units: tuple[Unit, ...]
    links: tuple[Segment, ...]  # link destinations outside code, for localisation


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    from markdown_it import MarkdownIt  # imported on first parse: most runs parse nothing
    from mdit_py_plugins.dollarmath import dollarmath_plugin

    md = MarkdownIt("commonmark").enable("table")
    dollarmath_plugin(md, double_inline=True, allow_blank_lines=True)
    md.disable("inline")  # block structure is all we need: inline analysis is ours
    return md


def read_text(path: Path) -> str:
    """Read a page of the site as UTF-8; bytes that are not UTF-8 are an error naming the line."""
    data = paths.read_bytes(path)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise TranspipeError(
            f"not UTF-8 (byte 0x{data[exc.start]:02x}); save the page as UTF-8", path, line
        ) from exc


def parse_page(path: Path, text: str, front_matter_keys: Sequence[str] = ("title",)) -> Page:
    """Split ``text`` into front matter and translatable units."""
    lone_cr = lone_cr_line(text)
    if lone_cr:  # Markdown reads a lone CR as a line break; offsets here count LFs only
        raise TranspipeError(
            "line ends with a lone CR (old Mac line endings): save the page with LF or CRLF",
            path,
            lone_cr,
        )
    front = split_front_matter(text, path)
    units = list(_front_matter_units(text, front, front_matter_keys))
    opaque: list[Segment] = []
    body = list(_body_units(text, front.block_end, opaque))
    comments = [  # never rendered: kept byte for byte, nothing in them is translated
        span for span in comment_spans(text, front.block_end) if not inside(opaque, span[0])
    ]
    units.extend(u for u in body if not inside(comments, u.start))
    units.sort(key=lambda u: u.start)
    opaque = merged_spans(opaque + comments)
    links = [span for span in find_urls(text, front.block_end) if not inside(opaque, span[0])]
    return Page(path, text, front, tuple(units), tuple(links))


def inside(spans: Sequence[Segment], position: int) -> bool:
    """Whether ``position`` lies in one of ``spans`` (sorted, not overlapping)."""
    index = bisect.bisect_right(spans, (position, 2**62)) - 1
    return index >= 0 and spans[index][0] <= position < spans[index][1]


def _front_matter_units(text: str, front: FrontMatter, keys: Sequence[str]) -> Iterator[Unit]:
    spans = key_value_spans(text, front)
    for key in keys:
        value = front.data.get(key)
        if isinstance(value, str) and key in spans and inline.has_prose(value):
            start, end = spans[key]
            line = line_of(text, start)
            yield Unit(value, UnitKind.FRONT_MATTER, line, ((start, end),), detail=key)


class _Lines:
    """The source split into lines, to map block content back to source offsets."""

    def __init__(self, text: str, first_offset: int):
        self.text = text
        self.offsets: list[int] = []
        pos = first_offset
        while pos <= len(text):
            self.offsets.append(pos)
            nl = text.find("\n", pos)
            if nl < 0:
                break
            pos = nl + 1
        self.base_line = line_of(text, first_offset)

    def line(self, index: int) -> tuple[int, str]:
        start = self.offsets[index]
        end = self.offsets[index + 1] - 1 if index + 1 < len(self.offsets) else len(self.text)
        line = self.text[start:end]
        return start, line[:-1] if line.endswith("\r") else line

    def region(self, first: int, content: str) -> _Region:
        """Locate the lines of ``content`` (block content from markdown-it) in the source."""
        located: list[tuple[int, str]] = []
        for i, piece in enumerate(content.split("\n")):
            if first + i >= len(self.offsets):
                break
            start, line = self.line(first + i)
            located.append((start + _column(line, piece), piece))
        return _Region(located, self.base_line + first)


def _column(line: str, piece: str) -> int:
    if not piece:
        return len(line)
    if line.endswith(piece):
        return len(line) - len(piece)
    stripped = line.rstrip()
    if stripped.endswith(piece.rstrip()):
        return len(stripped) - len(piece.rstrip())
    found = line.find(piece)
    return found if found >= 0 else len(line) - len(line.lstrip())


class _Region:
    """Block content as markdown-it sees it, line by line, with each line's source offset."""

    def __init__(self, lines: list[tuple[int, str]], first_line: int):
        self.lines = lines
        self.first_line = first_line
        self.content = "\n".join(piece for _, piece in lines)
        self.starts = list(itertools.accumulate((len(p) + 1 for _, p in lines[:-1]), initial=0))

    def segments(self, start: int, end: int) -> tuple[Segment, ...]:
        """Source segments of the content range ``[start, end)``."""
        out: list[Segment] = []
        first = max(bisect.bisect_right(self.starts, start) - 1, 0)
        for index in range(first, len(self.lines)):
            pos = self.starts[index]
            if pos >= end:
                break
            offset, piece = self.lines[index]
            lo, hi = max(start, pos), min(end, pos + len(piece))
            if lo < hi:
                out.append((offset + lo - pos, offset + hi - pos))
        return tuple(out)

    def line_at(self, offset: int) -> int:
        return self.first_line + max(bisect.bisect_right(self.starts, offset) - 1, 0)


def _body_units(text: str, body_start: int, opaque: list[Segment]) -> Iterator[Unit]:
    """Units of the body; code and math blocks are appended to ``opaque``."""
    lines = _Lines(text, body_start)
    tokens = _markdown().parse(text[body_start:])
    containers: list[str] = []
    skip_until: str | None = None
    for i, token in enumerate(tokens):
        if skip_until:
            if token.type == skip_until:
                skip_until = None
            continue
        if token.type in ("fence", "code_block", "math_block", "math_block_label") and token.map:
            first, last = token.map
            start = lines.offsets[first]
            opaque.append((start, lines.offsets[last] if last < len(lines.offsets) else len(text)))
        elif token.type in ("bullet_list_open", "ordered_list_open", "blockquote_open"):
            containers.append(token.type)
        elif token.type in ("bullet_list_close", "ordered_list_close", "blockquote_close"):
            containers.pop()
        elif token.type == "table_open" and token.map:
            yield from _table_units(lines, token.map[0], token.map[1])
            skip_until = "table_close"
        elif token.type == "html_block" and token.map:
            yield from _html_units(lines.region(token.map[0], token.content.rstrip("\n")))
        elif token.type == "inline" and token.map:
            opener = tokens[i - 1]
            region = lines.region(token.map[0], token.content)
            pieces = [piece for _, piece in region.lines]
            if opener.type == "paragraph_open" and all(inline.is_table_row(p) for p in pieces):
                yield from _table_units(lines, token.map[0], token.map[1])
            else:
                kind, level = _kind(opener, containers)
                yield from _text_units(region, 0, len(region.content), kind, level)


def _kind(opener: Token, containers: list[str]) -> tuple[UnitKind, str]:
    """The kind of an inline token's unit, and a heading's level."""
    if opener.type == "heading_open":
        return UnitKind.HEADING, opener.tag[1:]
    if containers:
        inner = containers[-1] == "blockquote_open"
        return (UnitKind.BLOCKQUOTE if inner else UnitKind.LIST_ITEM), ""
    return UnitKind.PARAGRAPH, ""


def _text_units(
    region: _Region, start: int, end: int, kind: UnitKind, detail: str = ""
) -> Iterator[Unit]:
    """The unit of a text range, or, when it has no prose, its alt/title texts."""
    content = region.content
    end = start + inline.strip_trailing_ial(content[start:end])
    lo, hi = inline.narrow(content[start:end])
    lo, hi = inline.peel_edges(content, start + lo, start + hi)
    if inline.has_prose(content[lo:hi]):
        yield _unit(region, lo, hi, kind, detail)
        if lo > start or hi < end:  # images peeled off the edges keep their alt texts
            yield from _attribute_units(region, start, lo)
            yield from _attribute_units(region, hi, end)
        return
    yield from _attribute_units(region, start, end)


def _attribute_units(region: _Region, start: int, end: int) -> Iterator[Unit]:
    piece = region.content[start:end]
    spans = [*htmltext.attribute_spans(piece), *inline.image_text_spans(piece)]
    for name, lo, hi in sorted(spans, key=lambda s: s[1]):
        if inline.has_prose(piece[lo:hi]) and "\n" not in piece[lo:hi]:
            yield _unit(region, start + lo, start + hi, UnitKind(name))


def _unit(region: _Region, start: int, end: int, kind: UnitKind, detail: str = "") -> Unit:
    content = region.content[start:end]
    return Unit(content, kind, region.line_at(start), region.segments(start, end), detail=detail)


def _table_units(lines: _Lines, first: int, last: int) -> Iterator[Unit]:
    rows = [lines.line(index) for index in range(first, min(last, len(lines.offsets)))]
    header: list[str] = []  # column headers, when the second row separates a header row
    if len(rows) > 1 and inline.is_separator_row(rows[1][1]):
        header = _cell_texts(rows[0][1])
    for index, (offset, line) in enumerate(rows, start=first):
        if inline.is_separator_row(line) or not line.strip():
            continue
        stripped = line.lstrip(" >")
        shift = len(line) - len(stripped)
        region = _Region([(offset + shift, stripped)], lines.base_line + index)
        cells = inline.table_cells(stripped)
        texts = _cell_texts(line)
        for column, (lo, hi) in enumerate(cells):
            if stripped[lo:hi].isspace() or lo >= hi:  # (empty cells: nothing to look at)
                continue
            note = tables.pipe_note(header, texts, column, bool(header) and index == first)
            for unit in _text_units(region, lo, hi, UnitKind.TABLE_CELL):
                yield replace(unit, note=note)


def _cell_texts(line: str) -> list[str]:
    stripped = line.lstrip(" >")
    return [tables.short(stripped[lo:hi]) for lo, hi in inline.table_cells(stripped)]


def _html_units(region: _Region) -> Iterator[Unit]:
    cells = tables.html_cells(region.content) if "<t" in region.content.lower() else []
    for start, end in htmltext.text_runs(region.content):
        note = tables.html_note(cells, start)
        for unit in _text_units(region, start, end, UnitKind.HTML):
            yield replace(unit, note=note) if note else unit
