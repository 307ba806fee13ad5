"""Where a table cell stands, for translators: its row's and its column's headers.

Pipe tables have a header row when their second row is the separator; HTML tables have
``<th>`` cells (``rowspan`` and ``colspan`` followed). A cell's note names its column's
header and the first cell of its row with words in it (the row's header), as in
``row: Lecture; column: Title``; a header cell's note is ``column header``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from transpipe import inline

_TAG = re.compile(r"<(/?)(table|tr|td|th)\b([^<>]*)>", re.I)
_SPAN = re.compile(r"""\b(rowspan|colspan)\s*=\s*["']?(\d+)""", re.I)
_MARKUP = re.compile(r"!?\[([^\]]*)\]\([^)]*\)|</?[A-Za-z][^<>]*>|\*\*|__|`")


def short(text: str, size: int = 40) -> str:
    """A cell's text for a note: markup (links, tags, strong emphasis, code) reduced to words."""
    line = " ".join(_MARKUP.sub(lambda m: m.group(1) or "", text).split())
    return line if len(line) <= size else line[: size - 1] + "…"


def note(column_header: str, row_header: str, *, is_header: bool = False) -> str:
    if is_header:
        return "column header"
    parts = [f"row: {row_header}"] if row_header else []
    if column_header:
        parts.append(f"column: {column_header}")
    return "; ".join(parts)


def pipe_note(header: Sequence[str], cells: Sequence[str], column: int, is_header: bool) -> str:
    """The note of cell ``column`` of a pipe-table row (``header``: the header row's texts)."""
    row_header = next((c for c in cells[:column] if inline.has_prose(c)), "")
    column_header = header[column] if column < len(header) else ""
    return note(column_header, row_header, is_header=is_header)


@dataclass(frozen=True)
class Cell:
    """An HTML table cell: content offsets, grid position and extent, header or not."""

    start: int
    end: int
    row: int
    column: int
    rows: int
    columns: int
    header: bool
    text: str

    def covers(self, row: int, column: int | None = None) -> bool:
        in_row = self.row <= row < self.row + self.rows
        return in_row and (column is None or self.column <= column < self.column + self.columns)


def html_cells(content: str) -> list[Cell]:
    """The cells of the HTML tables in ``content`` (nested tables are read as one)."""
    cells: list[Cell] = []
    taken: set[tuple[int, int]] = set()
    row, column = -1, 0
    open_cell: tuple[int, int, int, int, int, bool] | None = None

    def close(at: int) -> None:
        nonlocal open_cell
        if open_cell is not None:
            start, r, c, rs, cs, header = open_cell
            text = short(content[start:at])
            cells.append(Cell(start, at, r, c, rs, cs, header, text))
            open_cell = None

    for match in _TAG.finditer(content):
        closing, tag = match.group(1), match.group(2).lower()
        if tag == "table" and not closing:
            close(match.start())
            taken, row, column = set(), -1, 0
        elif tag == "tr":
            close(match.start())
            if not closing:
                row, column = row + 1, 0
        elif tag in ("td", "th") and not closing:
            close(match.start())
            row = max(row, 0)
            while (row, column) in taken:
                column += 1
            spans = {k.lower(): max(1, int(v)) for k, v in _SPAN.findall(match.group(3))}
            rs, cs = spans.get("rowspan", 1), spans.get("colspan", 1)
            taken.update((row + r, column + c) for r in range(rs) for c in range(cs))
            open_cell = (match.end(), row, column, rs, cs, tag == "th")
            column += cs
        elif tag in ("td", "th", "table"):
            close(match.start())
    close(len(content))
    return cells


def html_note(cells: Sequence[Cell], offset: int) -> str:
    """The note of the text at ``offset``, when it is inside a table cell."""
    cell = next((c for c in cells if c.start <= offset < c.end), None)
    if cell is None:
        return ""
    if cell.header:
        return "column header"
    column_header = next(
        (c.text for c in cells if c.header and c.column <= cell.column < c.column + c.columns),
        "",
    )
    row_header = next(
        (
            c.text
            for c in sorted(cells, key=lambda c: c.column)
            if c.covers(cell.row) and c.column < cell.column and inline.has_prose(c.text)
        ),
        "",
    )
    return note(column_header, row_header)
