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
import subprocess
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from transpipe.errors import TranspipeError
from transpipe.paths import read_bytes as read_site_file
from transpipe.poparse import Unsupported, parse_po

if TYPE_CHECKING:
    import git
    import polib

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
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


@dataclass(frozen=True)
class _Entries:
    translated: frozenset[Pair]
    known: frozenset[Pair]  # translated, or obsolete with a non-fuzzy msgstr


_NOTHING = _Entries(frozenset(), frozenset())


# --- history ---------------------------------------------------------------------------------


def read_history(
    repo_root: Path, catalog_paths: Sequence[Path], bots: Sequence[str] = ("*[bot]",)
) -> dict[Path, History]:
    """The history of each catalog (paths relative to ``repo_root`` or absolute).

    Catalogs git knows nothing about get an empty ``History``. Raises ``TranspipeError``
    outside a repository and in a shallow clone (its history would credit the wrong people).
    """
    result = {path: History() for path in catalog_paths}
    with _open(repo_root) as repo:
        if not repo.head.is_valid():
            return result
        if repo.git.rev_parse("--is-shallow-repository").strip() == "true":
            raise TranspipeError("credits need the full history: this clone is shallow", repo_root)
        top = _top(repo)
        wanted = {path: _relative(repo_root, top, path) for path in catalog_paths}
        names = {rel for rel in wanted.values() if rel is not None}
        commits, changes = _walk(repo, names, bots) if names else ([], {})
        catalogs = _Catalogs(repo, _needed(commits, changes))
        for path, rel in wanted.items():
            if rel is not None and rel in changes:
                result[path] = _history(commits, changes[rel], catalogs)
    return result


def _open(repo_root: Path) -> git.Repo:
    import git  # here, not at the top: it costs 0.15 s, and only history needs it

    try:
        return git.Repo(repo_root, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError) as exc:
        raise TranspipeError("credits need a git repository", repo_root) from exc


def _top(repo: git.Repo) -> Path:
    if repo.working_tree_dir is None:
        raise TranspipeError("credits need a working tree", Path(repo.git_dir))
    return Path(repo.working_tree_dir).resolve()


def _relative(repo_root: Path, top: Path, path: Path) -> str | None:
    full = path if path.is_absolute() else repo_root / path
    try:
        return full.resolve().relative_to(top).as_posix()
    except ValueError:
        return None


def _pathspecs(names: Iterable[str]) -> list[str]:
    """Pathspecs for the folders holding ``names`` (few, however many catalogs)."""
    folders = sorted({name.rpartition("/")[0] for name in names})
    return [f":(top,literal){folder}" if folder else ":(top)" for folder in folders]


def _walk(
    repo: git.Repo, names: set[str], bots: Sequence[str]
) -> tuple[list[_Commit], dict[str, list[_Change]]]:
    """One ``git log`` over the catalogs' folders: commits in walk order, changes by path."""
    specs = _pathspecs(names)
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
    seen: list[str] = []  # the path's versions so far, in walk order
    for change in changes:
        commit = commits[change.commit]
        new = change.new
        if new is not None and not commit.bot and catalogs.adds_translation(change.old, new, seen):
            counted.append(change.commit)
        seen += [blob for blob in (change.old, change.new) if blob is not None]
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
        self._blocks = {blob: _split(data) for blob, data in _cat_blobs(repo, sorted(blobs))}
        self._reduced: dict[bytes, str] = {}
        self._parsed: dict[str, _Entries | None] = {}

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

    def _compare(self, after: frozenset[bytes], before: frozenset[bytes]) -> bool | None:
        """Whether ``after`` has a translation ``before`` had not; None if that cannot be told."""
        lost = {self._reduced_block(block) for block in before - after if not _untranslated(block)}
        known: set[Pair] | None = None
        gained = (self._reduced_block(b) for b in after - before if not _untranslated(b))
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
            self._blocks[blob] = _split(self._repo.odb.stream(bytes.fromhex(blob)).read())
        return self._blocks[blob]

    def _reduced_block(self, block: bytes) -> str:
        reduced = self._reduced.get(block)
        if reduced is None:
            reduced = self._reduced[block] = _reduce(block)
        return reduced

    def _entries(self, block: str) -> _Entries | None:
        if block not in self._parsed:
            untranslated = block.endswith('msgstr ""') and block.count("msgstr") == 1
            self._parsed[block] = _NOTHING if untranslated else _parse(block)
        return self._parsed[block]


def _cat_blobs(repo: git.Repo, blobs: Sequence[str]) -> Iterator[tuple[str, bytes]]:
    """Contents of ``blobs`` from one ``git cat-file --batch``, as git produces them."""
    if not blobs:
        return
    import git

    command = [git.Git.GIT_PYTHON_GIT_EXECUTABLE or "git", "cat-file", "--batch", "--buffer"]
    with tempfile.TemporaryFile() as ids:
        ids.write("".join(blob + "\n" for blob in blobs).encode())
        ids.seek(0)
        with subprocess.Popen(command, stdin=ids, stdout=subprocess.PIPE, cwd=repo.git_dir) as proc:
            assert proc.stdout is not None
            for _ in blobs:
                header = proc.stdout.readline().split()
                if len(header) == 3:  # else "<id> missing"
                    yield header[0].decode(), proc.stdout.read(int(header[2]))
                    proc.stdout.read(1)
    if proc.returncode:
        raise TranspipeError(f"git cat-file failed ({proc.returncode})", Path(repo.git_dir))


# a blank line after comments: gettext keeps them with the next entry, which matters for flags
_FLAGS_GAP = re.compile(rb"#,[^\n]*\n[ \t]*\n")
_COMMENT_GAP = re.compile(rb"^(#(?!~)[^\n]*)\n(?:[ \t]*\n)+", re.MULTILINE)


def _split(data: bytes) -> frozenset[bytes]:
    """A catalog's blocks: its entries with their comments, as text (between blank lines)."""
    if b"\r" in data:
        data = data.replace(b"\r\n", b"\n")
    if _FLAGS_GAP.search(data):
        data = _COMMENT_GAP.sub(rb"\1\n", data)
    return frozenset(data.split(b"\n\n"))


def _untranslated(block: bytes) -> bool:
    """Whether a block is one entry with an empty msgstr (then it holds no translation)."""
    return block.rstrip().endswith(b'msgstr ""') and block.count(b"msgstr") == 1


def _reduce(block: bytes) -> str:
    """A block without what cannot change a translation: comments but flags, line wrapping."""
    lines = block.decode("utf-8", "replace").strip("\n").split("\n")
    kept = [line for line in lines if not line.startswith("#") or line.startswith(("#,", "#~"))]
    return "\n".join(kept).replace('"\n"', "").replace('"\n#~ "', "")


_FIELD = re.compile(r'(msgctxt|msgid|msgstr) "([^"\\]*)"')


def _parse(block: str) -> _Entries | None:
    """The translations in a block; None when neither poparse nor polib can read it."""
    quick = _quick(block)
    if quick is not None:
        return quick
    try:
        return _from_catalog(block)
    except Unsupported:
        pass
    import polib  # the last resort: most blocks are read without it

    try:  # polib reads a one-line string naming an existing file as that file: add a newline
        po = polib.pofile(block + "\n")
    except (OSError, ValueError, UnicodeError):
        return None
    return _from_polib(po)


def _quick(block: str) -> _Entries | None:
    """A reduced block holding one plain entry (no escapes); None for anything else."""
    fields: dict[str, str] = {}
    fuzzy = obsolete = False
    for line in block.split("\n"):
        if line.startswith("#,"):
            fuzzy = fuzzy or "fuzzy" in (flag.strip() for flag in line[2:].split(","))
            continue
        if line.startswith("#~ "):
            obsolete, line = True, line[3:]
        found = _FIELD.fullmatch(line)
        if not found or found[1] in fields:
            return None
        fields[found[1]] = found[2]
    if "msgid" not in fields or "msgstr" not in fields:
        return None
    msgstr = fields["msgstr"]
    if not msgstr or fuzzy or (fields["msgid"] == "" and "msgctxt" not in fields):
        return _NOTHING  # untranslated, fuzzy, or the header
    pair = ((fields.get("msgctxt"), fields["msgid"]), msgstr)
    return _Entries(frozenset() if obsolete else frozenset([pair]), frozenset([pair]))


def _from_catalog(text: str) -> _Entries:
    translated: set[Pair] = set()
    known: set[Pair] = set()
    for message in parse_po(text).messages:
        if message.msgstr and not message.fuzzy:
            pair = (message.key, message.msgstr)
            known.add(pair)
            if not message.obsolete:
                translated.add(pair)
    return _Entries(frozenset(translated), frozenset(known))


def _from_polib(po: polib.POFile) -> _Entries:
    translated: set[Pair] = set()
    known: set[Pair] = set()
    for entry in po:
        forms = [entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural)]
        msgstr = "\x00".join(forms) if entry.msgid_plural else entry.msgstr
        if msgstr and all(forms or [msgstr]) and not entry.fuzzy:
            pair = ((entry.msgctxt, entry.msgid), msgstr)
            known.add(pair)
            if not entry.obsolete:
                translated.add(pair)
    return _Entries(frozenset(translated), frozenset(known))


# --- working tree ----------------------------------------------------------------------------


def uncommitted(repo_root: Path, path: Path) -> bool:
    """Whether the catalog differs from HEAD: modified, staged, deleted, untracked or new."""
    return path in uncommitted_paths(repo_root, [path])


def uncommitted_paths(repo_root: Path, paths: Sequence[Path]) -> set[Path]:
    """Those of ``paths`` that differ from HEAD, from one ``git status``."""
    with _open(repo_root) as repo:
        top = _top(repo)
        wanted = {path: _relative(repo_root, top, path) for path in paths}
        specs = _pathspecs(rel for rel in wanted.values() if rel is not None)
        if not specs:
            return set()
        out = repo.git(no_optional_locks=True).status(
            "--porcelain",
            "-z",
            "--no-renames",
            "--untracked-files=all",
            "--ignored=matching",
            "--",
            *specs,
            stdout_as_string=False,
        )
    changed = {e[3:] for e in out.decode("utf-8", "surrogateescape").split("\x00") if e}
    return {path for path, rel in wanted.items() if rel in changed}


# --- names and dates -------------------------------------------------------------------------


def merge_names(*groups: Iterable[str]) -> list[str]:
    """Names of all groups in order, each once (case and spacing ignored), spaces tidied."""
    seen: set[str] = set()
    result: list[str] = []
    for group in groups:
        for name in group:
            tidy = " ".join(name.split())
            key = tidy.casefold()
            if tidy and key not in seen:
                seen.add(key)
                result.append(tidy)
    return result


_SEPARATORS = re.compile(r"\s*(?:[,;&，、；]|\band\b)\s*", re.IGNORECASE)


def parse_names(value: str) -> list[str]:
    """Names in a ``translator:`` field: ``Jane Doe, Li Wei``; also ``and``, ``&`` and ``;``."""
    return [name for part in _SEPARATORS.split(value) if (name := strip_email(part))]


_ADDRESS = re.compile(r"<[^<>]*>|\S+@\S+")


def strip_email(value: str) -> str:
    """``Jane <j@x.org>`` → ``Jane``: a name without its e-mail address (a bare one → "")."""
    return " ".join(_ADDRESS.sub(" ", value).split()).strip(" ,;")


def credit_name(name: str) -> str:
    """The name to credit for a git author name: a name, never an e-mail address."""
    name = name.strip()
    if "@" in name and not strip_email(name):
        return name.partition("@")[0].strip()  # someone set user.name to an address
    return strip_email(name)


_TRANSLATORS = re.compile(r"^\s*translators?\s*:\s*(.*)$", re.IGNORECASE)
_GETTEXT_CREDIT = re.compile(r"^\s*(.+?)\s*<[^<>]*>\s*,\s*(?:YEAR|\d{4})\b[\d\s,-]*\.?\s*$")
_PLACEHOLDERS = {"first author", "full name"}


def translator_comment_names(header_comment: str) -> list[str]:
    """Names in a catalog's header comment.

    Reads ``Translators: A, B`` lines and gettext's ``Jane Doe <jane@x.org>, 2020.`` lines,
    skipping the template's ``FIRST AUTHOR <EMAIL@ADDRESS>, YEAR.``.
    """
    names: list[str] = []
    for line in header_comment.splitlines():
        listed = _TRANSLATORS.match(line)
        credit = _GETTEXT_CREDIT.match(line)
        found = parse_names(listed[1]) if listed else [strip_email(credit[1])] if credit else []
        names = merge_names(names, (n for n in found if n.casefold() not in _PLACEHOLDERS))
    return names


def format_date(d: date | datetime) -> str:
    """``05 Aug 2020``, as the site writes ``translation-date`` (day zero-padded, English).

    A datetime gives its own calendar day: for a git date, the author's local day.
    """
    return f"{d.day:02d} {_MONTHS[d.month - 1]} {d.year}"


_PO_DATE = re.compile(
    r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?"
    r"\s*(?:([+-])(\d{2}):?(\d{2})|Z|UTC)?$"
)


def parse_po_date(value: str) -> datetime | None:
    """A PO header date (``2020-02-24 10:30+0100``); None for the template's placeholder."""
    found = _PO_DATE.match(value.strip())
    if not found:
        return None
    year, month, day, hour, minute, second, sign, zh, zm = found.groups()
    offset = timedelta(hours=int(zh or 0), minutes=int(zm or 0)) * (-1 if sign == "-" else 1)
    try:
        return datetime(
            int(year),
            int(month),
            int(day),
            int(hour or 0),
            int(minute or 0),
            int(second or 0),
            tzinfo=timezone(offset),
        )
    except ValueError:
        return None


def head_commit(root: Path) -> str | None:
    """The commit HEAD points at, read from ``.git`` directly (no git process, no gitpython).

    None outside a repository or before the first commit. Used as a cache key, so a
    worktree or an unusual layout simply answers None and the work is redone.
    """
    for folder in (root, *root.parents):
        dot_git = folder / ".git"
        if dot_git.is_dir():
            break
    else:
        return None
    try:
        head = (dot_git / "HEAD").read_text().strip()
        if not head.startswith("ref: "):
            return head
        ref = head[5:]
        loose = dot_git / ref
        if loose.is_file():
            return loose.read_text().strip()
        for line in (dot_git / "packed-refs").read_text().splitlines():
            if line.endswith(" " + ref):
                return line.split(" ", 1)[0]
    except OSError:
        return None
    return None


def uncommitted_translations(repo_root: Path, paths: Sequence[Path]) -> set[Path]:
    """Those of ``paths`` whose working copy has a translation that HEAD's does not.

    A catalog that ``update`` re-wrote (new English entries, fuzzy marks, wrapping) is not
    counted: its translations are those of its last commit, and so are its credits.
    """
    dirty = uncommitted_paths(repo_root, paths)
    if not dirty:
        return set()
    with _open(repo_root) as repo:
        top = _top(repo)
        rels = {path: _relative(repo_root, top, path) for path in dirty}
        listing = repo.git.ls_tree("-r", "-z", "HEAD", "--", *[r for r in rels.values() if r])
        blob_of = {}
        for entry in listing.split("\x00"):
            if entry:
                meta, _, name = entry.partition("\t")
                blob_of[name] = meta.split()[2]
        contents = dict(_cat_blobs(repo, sorted(set(blob_of.values()))))
    changed = set()
    for path, rel in rels.items():
        try:
            now = _from_catalog(read_site_file(path).decode("utf-8"))  # (inside the site)
        except (TranspipeError, UnicodeError, Unsupported):
            changed.add(path)
            continue
        blob = blob_of.get(rel or "")
        before = _parse(contents[blob].decode("utf-8", "replace")) if blob in contents else None
        if before is None or now.translated - before.known:
            changed.add(path)
    return changed


@dataclass(frozen=True)
class Revision:
    """A commit that changed a file: what ``X-Source-Revision`` records."""

    commit: str
    date: datetime

    def header(self) -> str:
        return f"{self.commit} {self.date.isoformat()}"

    @classmethod
    def parse(cls, value: str) -> Revision | None:
        commit, _, when = value.strip().partition(" ")
        try:
            return cls(commit, datetime.fromisoformat(when)) if commit and when else None
        except ValueError:
            return None


def last_revisions(repo_root: Path, paths: Sequence[Path]) -> dict[Path, Revision]:
    """The last commit (and its author date) that changed each of ``paths``, from one git log.

    Files with uncommitted changes, or unknown to git, are left out: their English is newer
    than any commit. Outside a repository the answer is empty.
    """
    if head_commit(repo_root) is None:
        return {}
    try:
        dirty = uncommitted_paths(repo_root, paths)
        with _open(repo_root) as repo:
            top = _top(repo)
            wanted = {_relative(repo_root, top, p): p for p in paths if p not in dirty}
            specs = _pathspecs(rel for rel in wanted if rel is not None)
            out = repo.git.log("--no-renames", "--format=%x00%H %aI", "--name-only", "--", *specs)
    except TranspipeError:
        return {}
    found: dict[Path, Revision] = {}
    for record in out.split("\x00")[1:]:
        head, _, names = record.partition("\n")
        commit, _, when = head.partition(" ")
        for name in names.split("\n"):
            path = wanted.get(name.strip())
            if path is not None and path not in found:
                found[path] = Revision(commit, datetime.fromisoformat(when))
    return found
