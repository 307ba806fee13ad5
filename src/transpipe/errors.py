"""The one error type transpipe reports to users: a message tied to a file and line."""

from __future__ import annotations

from pathlib import Path


class TranspipeError(Exception):
    """A user-facing error, printed as one line: ``path:line: message``."""

    def __init__(self, message: str, path: Path | str | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = Path(path) if path is not None else None
        self.line = line

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        return f"{where}{self.message}"


def line_of(text: str, offset: int) -> int:
    """1-based line number of a character offset in ``text``."""
    return text.count("\n", 0, offset) + 1


def lone_cr_line(text: str) -> int | None:
    """The line of the first CR not followed by LF (old Mac line endings), counting as Markdown."""
    found = text.find("\r")
    while found >= 0 and text.startswith("\r\n", found):
        found = text.find("\r", found + 2)
    if found < 0:
        return None
    head = text[:found]
    return head.count("\n") + head.count("\r") - head.count("\r\n") + 1
