"""Containment: what transpipe reads and writes stays inside the site.

A site's files come from pull requests, so a page, a catalog or a whole folder under
``pages/`` or ``locales/`` may be a symlink to somewhere else (``pages/en/leak.md`` →
``/etc/passwd``, ``locales/fr`` → ``/home/me``). Every read and write of a file of the site
goes through :func:`guard` (``page.read_text``, ``pofile.read_catalog``, ``state``,
``files.write_if_changed``): a path that lies inside the site root as written but leads
outside it once symlinks are followed is neither read nor written through.

A file named explicitly on the command line (``import --from ../old/fr.md``) that lies
outside the site as written is the maintainer's choice and is read as given.

The site root is set once per run by :func:`confine` (``site.Site`` does it). OS errors
become one-line :class:`TranspipeError` s naming the file, so a command reports them and goes
on with the other files.
"""

from __future__ import annotations

import errno
import functools
import os
from contextvars import ContextVar
from pathlib import Path

from transpipe.errors import TranspipeError

_ROOT: ContextVar[Path | None] = ContextVar("transpipe_site_root", default=None)


def confine(root: Path) -> None:
    """Make ``root`` (resolved) the site whose files may be read and written."""
    _ROOT.set(root.resolve())
    _real_folder.cache_clear()  # (folders are resolved once per run)


def site_root() -> Path | None:
    return _ROOT.get()


def escapes(path: Path, root: Path) -> Path | None:
    """Where ``path`` really leads when that is outside ``root`` although ``path`` is inside it."""
    lexical = os.path.abspath(path)
    top = str(root)
    if not _within(lexical, top):
        return None
    folder, name = os.path.split(lexical)
    real = os.path.join(_real_folder(folder), name)
    if os.path.islink(real):
        real = os.path.realpath(real)
    return None if _within(real, top) else Path(real)


def _within(path: str, top: str) -> bool:
    return path == top or path.startswith(top.rstrip(os.sep) + os.sep)


@functools.lru_cache(maxsize=4096)
def _real_folder(folder: str) -> str:
    """A folder with its symlinks followed (memoised for the run: most files share folders)."""
    return os.path.realpath(folder)


def inside_site(path: Path) -> bool:
    """Whether ``path`` (as written, and once symlinks are followed) is a file of the site."""
    root = _ROOT.get()
    if root is None:
        return True
    return Path(os.path.abspath(path)).is_relative_to(root) and escapes(path, root) is None


def shown(path: Path) -> str:
    """``path`` as users see it: relative to the site root when inside it."""
    root = _ROOT.get()
    lexical = Path(os.path.abspath(path))
    if root is not None and lexical.is_relative_to(root):
        return lexical.relative_to(root).as_posix()
    return str(path)


def guard(path: Path, verb: str = "read") -> Path:
    """``path`` when it may be read or written; a TranspipeError when it leads out of the site."""
    root = _ROOT.get()
    if root is None:
        return path
    target = escapes(path, root)
    if target is not None:
        raise TranspipeError(
            f"leads outside the site (to {target}) through a symlink: not {verb}", shown(path)
        )
    return path


def read_bytes(path: Path) -> bytes:
    """The bytes of a file of the site (guarded); an OS error is a one-line TranspipeError."""
    guard(path, "read")
    try:
        return path.read_bytes()
    except OSError as error:
        raise os_error(error, path, "read") from None


def os_error(error: OSError, path: Path, verb: str) -> TranspipeError:
    """A one-line error for an OS error met while a file was read or written."""
    if isinstance(error, IsADirectoryError):
        reason = "is a folder, not a file"
    elif isinstance(error, NotADirectoryError):
        reason = "a file stands where a folder should be"
    elif error.errno == errno.ENOSPC:
        reason = "no space left on the disk"
    else:
        reason = error.strerror or str(error)
    return TranspipeError(f"cannot {verb}: {reason}", shown(path))
