"""File output: atomic, only when the content changes, never outside the site, never lost.

``write_if_changed`` can also compare and swap: given the :class:`Snapshot` of the file
taken when it was read, it replaces the file only if it still holds what was read, so a
translator's save in the meantime (Poedit while ``update`` runs) is never overwritten.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from io import BufferedWriter
from pathlib import Path

from transpipe import paths
from transpipe.errors import TranspipeError


@dataclass(frozen=True)
class Snapshot:
    """What a file held when it was read: its size, mtime, inode and content hash."""

    size: int
    mtime_ns: int
    inode: int
    digest: str

    @classmethod
    def read(cls, path: Path) -> tuple[Snapshot, bytes] | None:
        """The file's snapshot and the content it was taken of; None when there is no file."""
        found = read_if_present(path)
        return None if found is None else (cls.taken(*found), found[1])

    @classmethod
    def taken(cls, before: os.stat_result, data: bytes) -> Snapshot:
        """The snapshot of a file read as ``data`` with the status ``before``."""
        digest = hashlib.blake2b(data, digest_size=16).hexdigest()
        return cls(before.st_size, before.st_mtime_ns, before.st_ino, digest)


def read_if_present(path: Path) -> tuple[os.stat_result, bytes] | None:
    """A file's status and bytes (guarded, errors named); None when there is no such file."""
    try:
        before = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as error:
        raise paths.os_error(error, path, "read") from None
    return before, paths.read_bytes(path)


class ChangedOnDisk(TranspipeError):
    """The file changed after it was read: it was not replaced."""


def write_if_changed(path: Path, text: str, expect: Snapshot | None = None) -> bool:
    """Write ``text`` (UTF-8) to ``path`` atomically unless it holds it already; True if written.

    A temporary file in the same folder replaces the old one, so readers never see half a
    file; an existing file keeps its permissions, a new one gets the umask's. A path that
    leads outside the site, or any OS error (read-only folder, full disk), is a
    TranspipeError naming the file, and the old file stays as it was. With ``expect``, a
    file that no longer matches that snapshot just before the replacement is left alone
    (:class:`ChangedOnDisk`).
    """
    paths.guard(path, "written")
    data = text.encode("utf-8")
    temp = _temporary(path)
    with _replacing(path, temp):
        if expect is not None:
            return _compare_and_swap(path, temp, data, expect)
        try:
            if path.read_bytes() == data:
                return False
            mode: int | None = stat.S_IMODE(path.stat().st_mode)
        except FileNotFoundError:
            mode = None
        with _create(path, temp) as handle:
            handle.write(data)
        _install(temp, path, mode)
    return True


def _compare_and_swap(path: Path, temp: Path, data: bytes, expect: Snapshot) -> bool:
    """``data`` (through ``temp``) in place of ``path`` if the file is still as ``expect``.

    The file is read once, just before the replacement: that read both checks the snapshot
    and tells whether the file holds ``data`` already (then ``temp`` goes, unused).
    """
    with _create(path, temp) as handle:
        handle.write(data)
    found = read_if_present(path)
    if found is None or Snapshot.taken(*found) != expect:
        raise ChangedOnDisk(  # (``_replacing`` removes ``temp``)
            "changed on disk while transpipe worked on it: not replaced", paths.shown(path)
        )
    if found[1] == data:
        _discard(temp)
        return False
    _install(temp, path, stat.S_IMODE(found[0].st_mode))
    return True


def write_chunks_if_changed(path: Path, chunks: Iterable[str]) -> bool:
    """``write_if_changed`` for a text made piece by piece, never held whole: the pieces go
    to the temporary file as they come, which replaces ``path`` only when its bytes differ."""
    paths.guard(path, "written")
    temp = _temporary(path)
    with _replacing(path, temp):
        try:
            mode: int | None = stat.S_IMODE(path.stat().st_mode)
        except FileNotFoundError:
            mode = None
        with _create(path, temp) as handle:
            for chunk in chunks:
                handle.write(chunk.encode("utf-8"))
        if mode is not None and _same_bytes(temp, path):
            _discard(temp)
            return False
        _install(temp, path, mode)
    return True


def _temporary(path: Path) -> Path:
    return path.with_name(f".{path.name}.{uuid.uuid4().hex[:12]}.tmp")


@contextlib.contextmanager
def _replacing(path: Path, temp: Path) -> Iterator[None]:
    """An OS error while writing ``path`` (through ``temp``) names it; ``temp`` never stays."""
    try:
        yield
    except OSError as error:
        _discard(temp)
        raise paths.os_error(error, path, "write") from None
    except BaseException:
        _discard(temp)
        raise


def _create(path: Path, temp: Path) -> BufferedWriter:
    """The new temporary file beside ``path``, its folders made (and checked) if missing."""
    try:
        descriptor = os.open(temp, _NEW_FILE, 0o666)
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        paths.guard(path, "written")  # the folders now exist: check again what they are
        descriptor = os.open(temp, _NEW_FILE, 0o666)
    return os.fdopen(descriptor, "wb")


_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL


def _install(temp: Path, path: Path, mode: int | None) -> None:
    """``temp`` in place of ``path``, with the permissions the old file had."""
    if mode is not None:
        os.chmod(temp, mode)
    os.replace(temp, path)


def _same_bytes(one: Path, other: Path, block: int = 1 << 16) -> bool:
    """Whether two files hold the same bytes (read a block at a time)."""
    if one.stat().st_size != other.stat().st_size:
        return False
    with one.open("rb") as first, other.open("rb") as second:
        while True:
            a, b = first.read(block), second.read(block)
            if a != b:
                return False
            if not a:
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


def _discard(temp: Path) -> None:
    """Remove a temporary file if it is there (on a read-only disk it never was)."""
    with contextlib.suppress(OSError):
        temp.unlink(missing_ok=True)
