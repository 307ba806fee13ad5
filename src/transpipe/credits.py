"""Who translated a catalog and when: read from git history, written as the site writes credits.

Git is the source of truth. ``read_history`` walks the history once (one ``git log``), reads
only the catalog versions it must compare (one ``git cat-file --batch``), and credits a
commit for a catalog only when it adds or changes a translation, defined as follows.

* A catalog's *translations* are its ``(msgctxt, msgid) → msgstr`` pairs of active entries
  that are translated: non-empty and not fuzzy. A commit counts when, after it, the catalog
  has a translation that the version before it had neither as a translation nor as an
  obsolete (``#~``) translation. So typing or correcting a msgstr counts, and so does
  removing ``fuzzy`` from a translation (a review); re-wrapping, reordering, header,
  reference and comment changes do not, nor do template merges, which only add empty or
  fuzzy entries, mark entries fuzzy, obsolete them or revive obsolete ones. Removing
  translations or deleting the file counts for nobody.
* Dates are author dates: when the translator did the work. The committer date is when it
  was applied; a rebased or squash-merged pull request carries the maintainer's date there.
* Every non-merge commit reachable from HEAD is compared with its own parent (full history,
  not first parent): a pull request's translations are credited to their authors, not to
  whoever merged it. Merge commits are never credited (nor their conflict resolutions).
  A commit whose change a later merge discarded still counts.
* A file deleted and added again is compared with the version that was deleted, so
  restoring it credits nobody. Renames are not followed: a renamed catalog starts afresh.
* Imports credit nobody (see ``imported``): a commit that brings ``X-Imported-From`` in or
  changes it, leaving the catalog with exactly the translations the field vouches for, is
  the hand-made page's work. So is a commit that created the catalog with exactly the
  translations its own author marks later (imports made before the field existed).
* Names come from ``.mailmap`` (git's ``%aN``), never e-mails. Bots (patterns matched
  against name and e-mail, mapped or not) are never credited and their commits set no date;
  they still change what the next human commit is compared with.

Versions are compared block by block (an entry with its comments, between blank lines):
blocks found in both versions are skipped unread, the others are reduced to what can hold a
translation (flags and fields, line wrapping undone) and only those still different are
parsed. A catalog holding the same entry twice is judged by the copy that changed.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from transpipe.blocks import (
    NOTHING,
    Entries,
    parse_entries,
    reduce_block,
    split_blocks,
    untranslated,
)
from transpipe.errors import TranspipeError
from transpipe.gitstate import (
    Revision,
    cat_blobs,
    head_commit,
    is_shallow,
    last_revisions,
    open_repo,
    pathspecs,
    relative_to_top,
    require_full_history,
    uncommitted,
    uncommitted_paths,
    work_tree,
)
from transpipe.imported import raw_imported_from, translations_hash, vouched_hash
from transpipe.names import (
    credit_name,
    format_date,
    merge_names,
    parse_names,
    parse_po_date,
    strip_email,
    translator_comment_names,
)
from transpipe.paths import read_bytes as read_site_file

__all__ = [  # names and git questions live in their own modules; credits re-exports them
    "History",
    "Revision",
    "credit_name",
    "format_date",
    "head_commit",
    "is_shallow",
    "last_revisions",
    "merge_names",
    "parse_names",
    "parse_po_date",
    "read_history",
    "require_full_history",
    "strip_email",
    "translator_comment_names",
    "uncommitted",
    "uncommitted_paths",
    "uncommitted_translations",
]

if TYPE_CHECKING:
    import git

_NULL = "0" * 40
_FORMAT = "%x01%H%x00%aN%x00%aE%x00%an%x00%ae%x00%aI"
_LOG_OPTIONS = (
    "--reverse",
    "--topo-order",
    "--full-history",
    "--no-merges",
    "--root",
    "--raw",
    "-z",
    "--no-abbrev",
    "--no-renames",
    "--no-color",
    "--no-show-signature",
    "--encoding=UTF-8",
    f"--format={_FORMAT}",
)
# settings of whoever runs this must not change the result
_CONFIG = ("mailmap.file=", "mailmap.blob=", "log.follow=false", "core.quotePath=false")

Key = tuple[str | None, str]
Pair = tuple[Key, str]


@dataclass(frozen=True)
class History:
    """What git says about one catalog: its translators and its last translation change."""

    translators: tuple[str, ...] = ()  # in order of first contribution (author date)
    last_changed: datetime | None = None  # author date, in the author's own UTC offset
    last_commit: str | None = None  # hexsha of that commit


@dataclass(frozen=True)
class _Commit:
    sha: str
    when: datetime
    name: str  # the name to credit ("" for none)
    bot: bool


@dataclass(frozen=True)
class _Change:
    commit: int  # index in walk order (parents first)
    old: str | None  # blob id before the commit; None when the file did not exist
    new: str | None  # blob id after it; None when the commit deleted the file


# --- history ---------------------------------------------------------------------------------


def read_history(
    repo_root: Path, catalog_paths: Sequence[Path], bots: Sequence[str] = ("*[bot]",)
) -> dict[Path, History]:
    """The history of each catalog (paths relative to ``repo_root`` or absolute).

    Catalogs git knows nothing about get an empty ``History``. Raises ``TranspipeError``
    outside a repository and in a shallow clone (its history would credit the wrong people).
    """
    result = {path: History() for path in catalog_paths}
    with open_repo(repo_root) as repo:
        if not repo.head.is_valid():
            return result
        if repo.git.rev_parse("--is-shallow-repository").strip() == "true":
            raise TranspipeError("credits need the full history: this clone is shallow", repo_root)
        top = work_tree(repo)
        wanted = {path: relative_to_top(repo_root, top, path) for path in catalog_paths}
        names = {rel for rel in wanted.values() if rel is not None}
        commits, changes = _walk(repo, names, bots) if names else ([], {})
        catalogs = _Catalogs(repo, _needed(commits, changes))
        for path, rel in wanted.items():
            if rel is not None and rel in changes:
                result[path] = _history(commits, changes[rel], catalogs)
    return result


def _walk(
    repo: git.Repo, names: set[str], bots: Sequence[str]
) -> tuple[list[_Commit], dict[str, list[_Change]]]:
    """One ``git log`` over the catalogs' folders: commits in walk order, changes by path."""
    specs = pathspecs(names)
    raw = repo.git(c=list(_CONFIG)).log(*_LOG_OPTIONS, "HEAD", "--", *specs, stdout_as_string=False)
    commits: list[_Commit] = []
    changes: dict[str, list[_Change]] = {}
    bot = _glob(bots)
    for record in raw.decode("utf-8", "surrogateescape").split("\x01")[1:]:
        fields = record.split("\x00")
        commits.append(_commit(fields[:6], bot))
        for meta, path in zip(fields[6::2], fields[7::2], strict=False):  # "" ends a record
            if path in names:
                old, new = meta.split()[2:4]
                change = _Change(
                    len(commits) - 1, None if old == _NULL else old, None if new == _NULL else new
                )
                changes.setdefault(path, []).append(change)
    return commits, changes


def _commit(fields: Sequence[str], bot: re.Pattern[str]) -> _Commit:
    sha, mapped_name, mapped_email, name, email, when = fields
    is_bot = any(bot.fullmatch(v) for v in (mapped_name, mapped_email, name, email))
    readable = mapped_name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return _Commit(sha, datetime.fromisoformat(when), credit_name(readable), is_bot)


def _glob(patterns: Sequence[str]) -> re.Pattern[str]:
    """Case-insensitive globs with ``*`` and ``?`` only: ``*[bot]`` means "ends in [bot]".

    (fnmatch would read ``[bot]`` as a character class and take "Scott" for a bot.)
    """

    def one(pattern: str) -> str:
        return "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)

    return re.compile("|".join(map(one, patterns)) or "(?!)", re.IGNORECASE | re.DOTALL)


def _needed(commits: Sequence[_Commit], changes: dict[str, list[_Change]]) -> set[str]:
    """The blobs a comparison needs: both sides of human changes, and the deleted versions."""
    needed: set[str] = set()
    for path_changes in changes.values():
        previous: str | None = None
        for change in path_changes:
            if change.new is not None and not commits[change.commit].bot:
                needed.add(change.new)
                base = change.old or previous
                if base is not None:
                    needed.add(base)
            previous = change.new or change.old
    return needed


def _history(
    commits: Sequence[_Commit], changes: Sequence[_Change], catalogs: _Catalogs
) -> History:
    counted: list[int] = []
    created: dict[int, str] = {}  # commits that created the file, with the version they made
    imports: set[tuple[str, str]] = set()  # (hash vouched for, who committed the import)
    seen: list[str] = []  # the path's versions so far, in walk order
    for change in changes:
        commit = commits[change.commit]
        new = change.new
        if new is not None and not commit.bot:
            vouched = catalogs.imported(change.old or (seen[-1] if seen else None), new)
            if vouched is not None:
                imports.add((vouched, commit.name))
            elif catalogs.adds_translation(change.old, new, seen):
                counted.append(change.commit)
                if change.old is None and not seen:
                    created[change.commit] = new
        seen += [blob for blob in (change.old, change.new) if blob is not None]
    # a catalog created with exactly the translations its creator later marked as imported
    # was that import, committed before imports were recorded: it credits nobody either
    # (someone else's mark never takes the creator's credit)
    counted = [
        i
        for i in counted
        if i not in created or (catalogs.hash(created[i]) or "", commits[i].name) not in imports
    ]
    if not counted:
        return History()
    order = sorted(counted, key=lambda i: (commits[i].when, i))
    last = commits[order[-1]]
    return History(tuple(merge_names(commits[i].name for i in order)), last.when, last.sha)


class _Catalogs:
    """Catalog versions as sets of blocks of text (an entry with its comments).

    A comparison looks only at the blocks that differ between two versions, reduced to what
    can hold a translation (no comments but flags, no line wrapping), and parses those that
    still differ, once each, and only as far as it must to find one new translation.
    """

    def __init__(self, repo: git.Repo, blobs: set[str]) -> None:
        self._repo = repo
        self._blocks = {blob: split_blocks(data) for blob, data in cat_blobs(repo, sorted(blobs))}
        self._reduced: dict[bytes, str] = {}
        self._parsed: dict[str, Entries | None] = {}

    def adds_translation(self, old: str | None, new: str, seen: Sequence[str]) -> bool:
        """Whether version ``new`` has a translation that ``old`` had not (even obsolete).

        When ``old`` is missing (the file was added) or lost blocks that cannot be read,
        ``new`` is compared with the latest earlier version that has not.
        """
        after = self._read(new)
        tried: set[str] = set()
        for blob in itertools.chain([old] if old else [], reversed(seen)):
            if blob not in tried:
                tried.add(blob)
                verdict = self._compare(after, self._read(blob))
                if verdict is not None:
                    return verdict
        return self._compare(after, frozenset()) is True

    def imported(self, old: str | None, new: str) -> str | None:
        """The hash ``new`` vouches for when its commit imported it (see ``imported``), else None.

        An import brings ``X-Imported-From`` in or changes it, and the version then holds
        exactly the translations the field vouches for.
        """
        value = self._imported_from(new)
        vouched = vouched_hash(value)
        if vouched is None or (old is not None and self._imported_from(old) == value):
            return None
        return vouched if self.hash(new) == vouched else None

    def hash(self, blob: str) -> str | None:
        """The hash of a version's translations (None when it cannot be read)."""
        entries = parse_entries(b"\n\n".join(sorted(self._read(blob))).decode("utf-8", "replace"))
        return None if entries is None else translations_hash(entries.translated)

    def _imported_from(self, blob: str) -> str | None:
        for block in self._read(blob):
            if b"X-Imported-From" in block:
                return raw_imported_from(block.decode("utf-8", "replace"))
        return None

    def _compare(self, after: frozenset[bytes], before: frozenset[bytes]) -> bool | None:
        """Whether ``after`` has a translation ``before`` had not; None if that cannot be told."""
        lost = {self._reduced_block(block) for block in before - after if not untranslated(block)}
        known: set[Pair] | None = None
        gained = (self._reduced_block(b) for b in after - before if not untranslated(b))
        for block in gained:
            entries = None if block in lost else self._entries(block)
            if entries is None or not entries.translated:
                continue
            if known is None:
                known = set()
                for old in map(self._entries, lost):
                    if old is None:
                        return None
                    known |= old.known
            if entries.translated - known:
                return True
        return False

    def _read(self, blob: str) -> frozenset[bytes]:
        if blob not in self._blocks:
            self._blocks[blob] = split_blocks(self._repo.odb.stream(bytes.fromhex(blob)).read())
        return self._blocks[blob]

    def _reduced_block(self, block: bytes) -> str:
        reduced = self._reduced.get(block)
        if reduced is None:
            reduced = self._reduced[block] = reduce_block(block)
        return reduced

    def _entries(self, block: str) -> Entries | None:
        if block not in self._parsed:
            untranslated = block.endswith('msgstr ""') and block.count("msgstr") == 1
            self._parsed[block] = NOTHING if untranslated else parse_entries(block)
        return self._parsed[block]


def uncommitted_translations(repo_root: Path, paths: Sequence[Path]) -> set[Path]:
    """Those of ``paths`` whose working copy has a translation that HEAD's does not.

    A catalog that ``update`` re-wrote (new English entries, fuzzy marks, wrapping) is not
    counted: its translations are those of its last commit, and so are its credits.
    """
    dirty = uncommitted_paths(repo_root, paths)
    if not dirty:
        return set()
    with open_repo(repo_root) as repo:
        top = work_tree(repo)
        rels = {path: relative_to_top(repo_root, top, path) for path in dirty}
        listing = repo.git.ls_tree("-r", "-z", "HEAD", "--", *[r for r in rels.values() if r])
        blob_of = {}
        for entry in listing.split("\x00"):
            if entry:
                meta, _, name = entry.partition("\t")
                blob_of[name] = meta.split()[2]
        contents = dict(cat_blobs(repo, sorted(set(blob_of.values()))))
    changed = set()
    for path, rel in rels.items():
        try:
            text = read_site_file(path).decode("utf-8")  # (inside the site)
        except (TranspipeError, OSError, UnicodeError):
            changed.add(path)
            continue
        now = parse_entries(text)
        if now is None:
            changed.add(path)
            continue
        if vouched_hash(raw_imported_from(text)) == translations_hash(now.translated):
            continue  # exactly what an import put there: the hand-made page's work
        blob = blob_of.get(rel or "")
        before = (
            parse_entries(contents[blob].decode("utf-8", "replace")) if blob in contents else None
        )
        if before is None or now.translated - before.known:
            changed.add(path)
    return changed
