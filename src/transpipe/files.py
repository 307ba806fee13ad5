"""File output: atomic, and only when the content changes (so mtimes say what changed)."""

from __future__ import annotations

import os
import stat
import uuid
from pathlib import Path


def write_if_changed(path: Path, text: str) -> bool:
    """Write ``text`` (UTF-8) to ``path`` atomically unless it holds it already; True if written.

    A temporary file in the same folder replaces the old one, so readers never see half a
    file; an existing file keeps its permissions, a new one gets the umask's.
    """
    data = text.encode("utf-8")
    try:
        if path.read_bytes() == data:
            return False
        mode: int | None = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        mode = None
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:12]}.tmp")
    try:
        descriptor = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
        if mode is not None:
            os.chmod(temp, mode)
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return True


def ensure_gitignore(folder: Path, pattern: str) -> bool:
    """Make ``folder/.gitignore`` ignore ``pattern`` (a line of its own); True if written.

    Other lines are kept as they are; a file that ends without a newline gets one first.
    """
    path = folder / ".gitignore"
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = ""
    if pattern in (line.strip() for line in text.splitlines()):
        return False
    if text and not text.endswith("\n"):
        text += "\n"
    return write_if_changed(path, f"{text}{pattern}\n")
