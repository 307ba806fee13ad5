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
import heapq
import json
import os
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from json.encoder import encode_basestring_ascii as _quote
from pathlib import Path

from transpipe import paths
from transpipe.errors import TranspipeError
from transpipe.files import write_chunks_if_changed, write_if_changed

STATE_DIR = ".transpipe-cache"
VERSION = 5  # bump whenever what a step writes may change (e.g. new safety rules)
_RACY_NS = 2_000_000_000

Step = tuple[str, ...]
"""What a step recorded: its payload, its ``extra`` string, then the signature of each file."""
FileStat = tuple[int, int, str, int]
"""What a file's hash was taken at: size, mtime (ns), the hash, 1 when not racy (trusted)."""


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

    steps: dict[str, Step]
    stats: dict[str, FileStat]


class RunState:
    """Signatures recorded by earlier runs, keyed by step (``build:fr:week01/01-1.md``).

    Each step stores the signatures of its files, an ``extra`` string for other inputs, and
    a small ``payload`` it wants back next time (such as a page's translated share).
    """

    def __init__(self, root: Path):
        self.path = root / STATE_DIR / "state.json"
        # Steps of earlier runs not recorded again in this one, and those recorded in this
        # one: each step is in one of the two. Their strings are shared (``sys.intern``):
        # a file's hash appears in several steps, an ``extra`` in every step of a language.
        self._old: dict[str, Step] = {}
        self._new: dict[str, Step] = {}
        self._signatures: dict[str, str] = {}  # a file read once per run, until written
        self._seen: dict[str, tuple[int, int, int]] = {}  # its size, mtime and inode then
        self._stats: dict[str, FileStat] = {}  # path → what its hash was taken at
        self._transparent: dict[str, str] = {}  # the bot's own commits → their parents
        self._dirty = False  # whether the state differs from the one read
        self.problem: str | None = None  # why a state on disk was not usable
        try:
            text = paths.read_bytes(self.path).decode("utf-8")
            data = json.loads(text)
        except TranspipeError as error:
            if os.path.lexists(self.path):
                self.problem = f"{error}; rebuilding it"
            return
        except ValueError as error:  # (UnicodeDecodeError and JSONDecodeError too)
            self.problem = f"{paths.shown(self.path)}: unreadable ({error}); rebuilding it"
            return
        del text  # (a large site's state: let it go before the steps are made)
        if isinstance(data, dict) and data.get("version") != VERSION:
            return  # another version of transpipe: its state is simply not ours
        read = _read(data)
        if read is None:
            self.problem = f"{paths.shown(self.path)}: malformed; rebuilding it"
            return
        self._old, self._stats, self._transparent = read

    def lookup(self, key: str, files: Sequence[Path], extra: str = "") -> str | None:
        """The payload recorded for ``key`` (by this run or the last) if ``files`` and ``extra``
        are unchanged, else None."""
        stored = self._new.get(key) or self._old.get(key)
        if stored is None or stored[1] != extra or len(stored) != len(files) + 2:
            return None
        if any(
            known != self._signature(path) for known, path in zip(stored[2:], files, strict=True)
        ):
            return None
        return stored[0]

    def record(self, key: str, files: Sequence[Path], extra: str = "", payload: str = "") -> None:
        """Remember the signatures of ``files`` after a step did its work."""
        intern = sys.intern
        for path in files:  # some were just written
            self._forget_if_changed(str(path))
        step = (intern(payload), intern(extra), *map(self._signature, files))
        before = self._new.get(key) or self._old.pop(key, None)
        self._new[key] = step
        self._dirty = self._dirty or step != before

    def _forget_if_changed(self, key: str) -> None:
        """Drop a file's signature of this run unless its size, mtime and inode are still
        those it was hashed at (an atomic write always gives the file a new inode)."""
        seen = self._seen.pop(key, None)
        if seen is None:
            self._signatures.pop(key, None)
            return
        try:
            stat = os.stat(key)
        except OSError:
            self._signatures.pop(key, None)
            return
        if seen == (stat.st_size, stat.st_mtime_ns, stat.st_ino):
            self._seen[key] = seen
        else:
            self._signatures.pop(key, None)

    def _signature(self, path: Path) -> str:
        # (by path string, not Path: a run of a large site holds one per file; interned, the
        # string is the stat cache's key too)
        key = str(path)
        found = self._signatures.get(key)
        if found is None:
            key = sys.intern(key)
            found = self._signatures[key] = self._hash(path, key)
        return found

    def _hash(self, path: Path, key: str) -> str:
        """The file's hash, from the stat cache (under ``key``) when size and mtime vouch for it."""
        try:
            stat = os.stat(path)
        except OSError:
            return "-" if not os.path.lexists(path) else "!"
        self._seen[key] = (stat.st_size, stat.st_mtime_ns, stat.st_ino)
        known = self._stats.get(key)
        if known and known[3] and known[0] == stat.st_size and known[1] == stat.st_mtime_ns:
            return known[2]
        digest = sys.intern(signature(path))  # (shared with the steps read from disk)
        trusted = int(time.time_ns() - stat.st_mtime_ns > _RACY_NS)
        self._stats[key] = (stat.st_size, stat.st_mtime_ns, digest, trusted)
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
        for key, step in changes.steps.items():
            before = self._new.get(key) or self._old.pop(key, None)
            self._new[key] = step
            self._dirty = self._dirty or step != before
        self._stats.update(changes.stats)
        for path in changes.stats:
            self._signatures.pop(path, None)
            self._seen.pop(path, None)
        self._dirty = self._dirty or bool(changes.stats)

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
        """Write the state when it changed: the steps of this run and those of earlier runs it
        did not redo (a language shard records only its own languages'), streamed."""
        if not self._dirty and self.path.exists():
            return
        cache_dir(self.path.parent.parent)
        write_chunks_if_changed(self.path, self._json())

    def _json(self) -> Iterator[str]:
        """The state as one JSON object, a step or file a line, keys sorted (the same state
        always gives the same bytes), made line by line (never held whole)."""
        yield f'{{"version": {VERSION},\n"transparent": '
        yield json.dumps(self._transparent, sort_keys=True) + ',\n"stats": {'
        separator = "\n"
        for path in sorted(self._stats):
            size, mtime, digest, trusted = self._stats[path]
            yield f"{separator}{_quote(path)}: [{size}, {mtime}, {_quote(digest)}, {trusted}]"
            separator = ",\n"
        yield '},\n"steps": {'
        separator = "\n"
        for key in heapq.merge(sorted(self._old), sorted(self._new)):  # (they never share one)
            step = self._new.get(key) or self._old[key]
            yield f"{separator}{_quote(key)}: [{', '.join(map(_quote, step))}]"
            separator = ",\n"
        yield "}}\n"


def cache_dir(root: Path) -> Path:
    """The cache folder of a site, created (with a ``.gitignore`` that ignores it) if needed."""
    folder = root / STATE_DIR
    gitignore = folder / ".gitignore"
    if not gitignore.exists():
        write_if_changed(gitignore, "*\n")
    return folder


def _read(data: object) -> tuple[dict[str, Step], dict[str, FileStat], dict[str, str]] | None:
    """The steps, file stats and transparent commits of parsed state JSON, their strings shared
    (``sys.intern``); None when it does not have the shape this version writes.

    (Each list read goes as soon as its tuple is made: a large site's state is not held twice.)
    """
    if not isinstance(data, dict):
        return None
    steps, stats, transparent = (
        data.get("steps"),
        data.get("stats", {}),
        data.get("transparent", {}),
    )
    if not (isinstance(steps, dict) and isinstance(stats, dict) and isinstance(transparent, dict)):
        return None
    if not all(isinstance(commit, str) for commit in transparent.values()):
        return None
    intern = sys.intern
    old: dict[str, Step] = {}
    files: dict[str, FileStat] = {}
    try:  # (intern refuses what is not a string)
        while steps:
            key, step = steps.popitem()
            if type(step) is not list or len(step) < 2:
                return None
            old[key] = tuple(map(intern, step))
        while stats:
            path, entry = stats.popitem()
            if type(entry) is not list or len(entry) != 4:
                return None
            size, mtime, digest, trusted = entry
            if type(size) is not int or type(mtime) is not int or not isinstance(trusted, int):
                return None
            files[intern(path)] = (size, mtime, intern(digest), int(trusted))
    except TypeError:
        return None
    return old, files, transparent
