"""What the last run saw: file signatures, so a run with nothing changed does no work.

The state lives in ``.transpipe-cache/state.json`` at the site root (not committed). Each
step records the signatures (content hashes) of its inputs and outputs under a key; a later
run skips the step when they are all unchanged. Hashes, not mtimes, decide: a file touched
by a checkout is judged by what it holds. To avoid reading every file on every run, a hash
is reused while the file's size and mtime are those it was hashed at, unless the file had
changed within two seconds of that (git's "racy clean" rule: a change within the same
timestamp tick would not show in the mtime). A missing or unreadable state only means the
work is done again: a malformed one is rebuilt, with a note (``RunState.problem``). The
cache folder is a file of the site like any other: one that leads outside it is not used.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from transpipe import paths
from transpipe.errors import TranspipeError
from transpipe.files import write_if_changed

STATE_DIR = ".transpipe-cache"
VERSION = 4  # bump whenever what a step writes may change (e.g. new safety rules)
_RACY_NS = 2_000_000_000


def signature(path: Path) -> str:
    """A hash of a file's content, ``-`` when it does not exist, ``!`` when it cannot be read.

    (A file that cannot be read, or leads outside the site, is reported by the step that
    reads it; its signature only makes sure that step is not skipped.)
    """
    try:
        data = paths.read_bytes(path)
    except TranspipeError:
        return "-" if not os.path.lexists(path) else "!"
    return hashlib.blake2b(data, digest_size=12).hexdigest()


@dataclass(frozen=True)
class StateMark:
    """Steps and file signatures of a run's state, at one moment or between two."""

    steps: dict[str, list[str]]
    stats: dict[str, list[int | str]]


class RunState:
    """Signatures recorded by earlier runs, keyed by step (``build:fr:week01/01-1.md``).

    Each step stores the signatures of its files, an ``extra`` string for other inputs, and
    a small ``payload`` it wants back next time (such as a page's translated share).
    """

    def __init__(self, root: Path):
        self.path = root / STATE_DIR / "state.json"
        self._old: dict[str, list[str]] = {}
        self._new: dict[str, list[str]] = {}
        self._signatures: dict[str, str] = {}  # a file read once per run, until written
        self._stats: dict[str, list[int | str]] = {}  # path → [size, mtime_ns, hash, trusted]
        self._transparent: dict[str, str] = {}  # the bot's own commits → their parents
        self._dirty = False
        self.problem: str | None = None  # why a state on disk was not usable
        try:
            data = json.loads(paths.read_bytes(self.path).decode("utf-8"))
        except TranspipeError as error:
            if os.path.lexists(self.path):
                self.problem = f"{error}; rebuilding it"
            return
        except ValueError as error:  # (UnicodeDecodeError and JSONDecodeError too)
            self.problem = f"{paths.shown(self.path)}: unreadable ({error}); rebuilding it"
            return
        if isinstance(data, dict) and data.get("version") != VERSION:
            return  # another version of transpipe: its state is simply not ours
        if not _well_formed(data):
            self.problem = f"{paths.shown(self.path)}: malformed; rebuilding it"
            return
        self._old = data["steps"]
        self._transparent = data.get("transparent", {})
        self._stats = data.get("stats", {})

    def lookup(self, key: str, files: Iterable[Path], extra: str = "") -> str | None:
        """The payload recorded for ``key`` (by this run or the last) if ``files`` and ``extra``
        are unchanged, else None."""
        stored = self._new.get(key) or self._old.get(key)
        if stored is None:
            return None
        current = [extra, *map(self._signature, files)]
        if stored[1:] != current:
            return None
        self._new[key] = stored
        return stored[0]

    def record(self, key: str, files: Iterable[Path], extra: str = "", payload: str = "") -> None:
        """Remember the signatures of ``files`` after a step did its work."""
        for path in files:  # some were just written
            self._signatures.pop(str(path), None)
        self._new[key] = [payload, extra, *map(self._signature, files)]

    def _signature(self, path: Path) -> str:
        key = str(path)  # (not the Path: a run of a large site holds one per file)
        if key not in self._signatures:
            self._signatures[key] = self._hash(path)
        return self._signatures[key]

    def _hash(self, path: Path) -> str:
        """The file's hash, from the stat cache when its size and mtime vouch for it."""
        try:
            stat = os.stat(path)
        except OSError:
            return "-" if not os.path.lexists(path) else "!"
        key = str(path)
        known = self._stats.get(key)
        if known and known[3] and known[0] == stat.st_size and known[1] == stat.st_mtime_ns:
            return str(known[2])
        digest = signature(path)
        trusted = int(time.time_ns() - stat.st_mtime_ns > _RACY_NS)
        self._stats[key] = [stat.st_size, stat.st_mtime_ns, digest, trusted]
        self._dirty = True
        return digest

    def mark(self) -> StateMark:
        """What has been recorded so far: ``changes`` later gives what came after."""
        return StateMark(dict(self._new), dict(self._stats))

    def changes(self, since: StateMark) -> StateMark:
        """The steps and file signatures recorded since ``since`` (for ``absorb``)."""
        return StateMark(
            {k: v for k, v in self._new.items() if since.steps.get(k) != v},
            {k: v for k, v in self._stats.items() if since.stats.get(k) != v},
        )

    def absorb(self, changes: StateMark) -> None:
        """Take in what another process of the same run recorded (see ``parallel``)."""
        self._new.update(changes.steps)
        self._stats.update(changes.stats)
        for path in changes.stats:
            self._signatures.pop(path, None)
        self._dirty = self._dirty or bool(changes.stats or changes.steps)

    def transparent(self, commit: str, parent: str) -> None:
        """Record that ``commit`` (the bot's own) changes nothing a build reads from history."""
        self._transparent[commit] = parent
        self._dirty = True

    def resolve_commit(self, commit: str | None) -> str | None:
        """``commit``, or for the bot's own commits the last one before them."""
        seen = set()
        while commit in self._transparent and commit not in seen:
            seen.add(commit)
            commit = self._transparent[commit]
        return commit

    def save(self) -> None:
        """Write the state (only the steps seen in this run, so removed pages drop out)."""
        steps = {**self._old, **self._new}
        if steps == self._old and self.path.exists() and not self._dirty:
            return
        data = {
            "version": VERSION,
            "steps": steps,
            "transparent": self._transparent,
            "stats": self._stats,
        }
        text = json.dumps(data, sort_keys=True, indent=0)
        cache_dir(self.path.parent.parent)
        write_if_changed(self.path, text + "\n")


def cache_dir(root: Path) -> Path:
    """The cache folder of a site, created (with a ``.gitignore`` that ignores it) if needed."""
    folder = root / STATE_DIR
    gitignore = folder / ".gitignore"
    if not gitignore.exists():
        write_if_changed(gitignore, "*\n")
    return folder


def _well_formed(data: object) -> bool:
    """Whether parsed state JSON has the shape this version writes."""
    if not isinstance(data, dict):
        return False
    steps, stats, transparent = (
        data.get("steps"),
        data.get("stats", {}),
        data.get("transparent", {}),
    )
    return (
        isinstance(steps, dict)
        and all(_strings(v) and len(v) >= 2 for v in steps.values())
        and isinstance(stats, dict)
        and all(_stat_entry(v) for v in stats.values())
        and isinstance(transparent, dict)
        and all(isinstance(v, str) for v in transparent.values())
    )


def _strings(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def _stat_entry(value: object) -> bool:
    return (
        isinstance(value, list)
        and len(value) == 4
        and all(isinstance(item, int) and not isinstance(item, bool) for item in value[:2])
        and isinstance(value[2], str)
        and isinstance(value[3], int)
    )
