"""The nothing-changed sync in one look: one fingerprint of all a sync's output depends on.

After a sync that wrote nothing and had nothing to say (no error, warning or notice), what
it printed is kept with a fingerprint of:

* the command: ``sync``, the languages, ``--keep``, ``--commit`` (``-v`` is not: the per-file
  lines are kept, so one record answers both);
* the code: transpipe's version, size and mtime of its modules, Python's version, the
  site-packages folders (their mtime changes when a package is installed);
* git: HEAD, the ``GIT_*`` variables, size and mtime of the index (``git add``, ``git rm
  --cached``), ``.git/config``, ``shallow``, ``packed-refs``, grafts, replace refs and the
  work tree's ``.mailmap`` (credits' names);
* the site: path, size and mtime of every file under the pages and locales folders, of
  ``transpipe.toml``, ``pyproject.toml``, ``_config.yml`` and the pending commit.

A later sync with the same fingerprint prints the same again without reading a page or a
catalog. A site file changed within two seconds of a fingerprint never vouches for it
(git's "racy clean" rule: a change within one timestamp tick would not show), and the
fingerprints before and after a run must agree, so a change made while it ran is seen.
Checkouts, stashes and merges write files anew (a new mtime). Not seen: a file given back
its old size and mtime on purpose (``touch -d``), global git configuration, history
rewritten under an unmoved HEAD other than by grafts or replace refs, and the run state
(``state.json``: it only decides what is redone, not what is printed).
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import marshal
import os
import site
import sys
import time
from collections.abc import Sequence
from hashlib import blake2b
from pathlib import Path

from transpipe import __version__, paths
from transpipe.commit import PENDING_FILE
from transpipe.config import Config
from transpipe.errors import TranspipeError
from transpipe.files import write_if_changed
from transpipe.gitstate import git_folders, head_commit
from transpipe.state import STATE_DIR, cache_dir

RECORD = "unchanged.json"
_RACY_NS = 2_000_000_000
_MARSHAL = 2  # (a version without references to shared objects: the same data, the same bytes)
_SKIPPED = frozenset({".git", STATE_DIR})
_SITE_FILES = ("transpipe.toml", "pyproject.toml", "_config.yml", f"{STATE_DIR}/{PENDING_FILE}")
_OWN_GIT = ("index",)
_COMMON_GIT = ("config", "shallow", "packed-refs", "info/grafts", "refs/replace")

Stat = tuple[str, int, int]


@dataclasses.dataclass(frozen=True)
class Output:
    """What a run printed: per-file lines (shown with -v), notices and the summary line."""

    lines: list[str]
    notices: list[str]
    summary: str


def fingerprint(config: Config, command: Sequence[object]) -> str | None:
    """A digest of ``command`` and all a sync depends on; None when a file is too recent."""
    found: list[Stat] = []
    for folder in _folders(config):
        _scan(folder, found, set())
    found.sort()  # (the order a folder lists its files in is not promised)
    found += _stats(_watched(config))
    now = time.time_ns()
    if any(mtime > now - _RACY_NS for _, _, mtime in found):
        return None
    code = (__version__, sys.version, _stats(_code()))
    git = sorted((k, v) for k, v in os.environ.items() if k.startswith("GIT_"))
    data = (code, list(command), head_commit(config.root), git, found)
    return blake2b(marshal.dumps(data, _MARSHAL), digest_size=16).hexdigest()


def _folders(config: Config) -> list[str]:
    """The pages and locales folders, one only when it holds the other."""
    folders = sorted({config.pages_dir, config.locales_dir})
    kept = [f for f in folders if not any(f != o and f.is_relative_to(o) for o in folders)]
    return [str(folder) for folder in kept]


def _scan(folder: str, found: list[Stat], seen: set[tuple[int, int]]) -> None:
    """Append every file under ``folder``, symlinks followed (each linked folder once)."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if entry.name in _SKIPPED:
            continue
        try:
            if entry.is_dir():
                if entry.is_symlink():  # (only a link can lead back up: a loop)
                    stat = entry.stat()
                    if (stat.st_dev, stat.st_ino) in seen:
                        continue
                    seen.add((stat.st_dev, stat.st_ino))
                _scan(entry.path, found, seen)
                continue
            stat = entry.stat()
            found.append((entry.path, stat.st_size, stat.st_mtime_ns))
        except OSError:
            found.append((entry.path, -1, -1))


def _watched(config: Config) -> list[Path]:
    """The single files outside the folders that a sync reads (or git reads for it)."""
    watched = [config.root / name for name in _SITE_FILES]  # (pages/_config.yml: scanned)
    folders = git_folders(config.root)
    if folders is not None:
        top, own, common = folders
        watched.append(top / ".mailmap")
        watched += [own / name for name in _OWN_GIT]
        watched += [common / name for name in _COMMON_GIT]
    return watched


def _code() -> list[Path]:
    """transpipe's modules and the folders its dependencies are installed in."""
    package = Path(__file__).parent
    modules = sorted(package / name for name in os.listdir(package) if name.endswith(".py"))
    return [*modules, *map(Path, site.getsitepackages())]


def _stats(files: list[Path]) -> list[Stat]:
    """Path, size and mtime of each of ``files`` (-1, -1 for a missing one)."""
    found = []
    for path in files:
        try:
            stat = os.stat(path)
            found.append((str(path), stat.st_size, stat.st_mtime_ns))
        except OSError:
            found.append((str(path), -1, -1))
    return found


def replay(config: Config, key: str) -> Output | None:
    """The output of the last run whose fingerprint was ``key``, else None (also if damaged)."""
    record = config.root / STATE_DIR / RECORD
    if paths.escapes(record, config.root) is not None:  # a cache leading out of the site
        return None
    try:
        data = json.loads(record.read_bytes().decode("utf-8"))
        if data["key"] != key:
            return None
        output = Output(data["lines"], data["notices"], data["summary"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not isinstance(output.summary, str) or not all(
        isinstance(lines, list) and all(isinstance(line, str) for line in lines)
        for lines in (output.lines, output.notices)
    ):
        return None
    return output


def remember(config: Config, key: str, output: Output) -> None:
    """Keep ``output`` as what a run with fingerprint ``key`` prints (a cache: errors pass)."""
    data = {"key": key, **dataclasses.asdict(output)}
    with contextlib.suppress(TranspipeError):
        write_if_changed(cache_dir(config.root) / RECORD, json.dumps(data) + "\n")
