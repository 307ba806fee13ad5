"""Commit what a sync regenerated, and nothing else, under the bot's identity.

Two ``sync --commit`` runs never interleave: :func:`sync_lock` holds an exclusive lock
(``.transpipe-cache/sync.lock``) for the whole run, and a second run waits for it (up to a
timeout, then stops without writing anything). What a run regenerated is remembered
(``.transpipe-cache/pending-commit.json``) before it is committed and forgotten only once the
commit is made, so a run that cannot commit (a git error, errors in other files) leaves it
for the next run instead of losing it: the run state may call the work done, the commit of
its output still comes.
"""

from __future__ import annotations

import fcntl
import json
import os
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from transpipe import paths
from transpipe.config import Config
from transpipe.errors import TranspipeError
from transpipe.files import write_if_changed
from transpipe.gitstate import head_commit
from transpipe.runreport import Report
from transpipe.state import RunState, cache_dir

LOCK_FILE = "sync.lock"
PENDING_FILE = "pending-commit.json"


@contextmanager
def sync_lock(root: Path, timeout: float = 300.0, poll: float = 0.1) -> Iterator[None]:
    """Hold the site's sync lock; wait at most ``timeout`` seconds for another run's."""
    lock = cache_dir(root) / LOCK_FILE
    paths.guard(lock, "written")
    try:
        descriptor = os.open(lock, os.O_RDWR | os.O_CREAT, 0o666)
    except OSError as error:
        raise paths.os_error(error, lock, "open the lock") from None
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise TranspipeError(
                        f"another 'transpipe sync --commit' still runs after {timeout:g} s: "
                        "stopped before doing anything (run it again later)",
                        paths.shown(lock),
                    ) from None
                time.sleep(poll)
        yield
    finally:
        os.close(descriptor)  # (releases the lock)


def pending(root: Path) -> list[Path]:
    """Files an earlier run regenerated but did not commit (that still exist)."""
    path = cache_dir(root) / PENDING_FILE
    try:
        names = json.loads(paths.read_bytes(path).decode("utf-8"))
    except (TranspipeError, ValueError):
        return []
    if not isinstance(names, list):
        return []
    found = [root / name for name in names if isinstance(name, str)]
    return [p for p in found if p.exists() and paths.escapes(p, root.resolve()) is None]


def remember(root: Path, files: Sequence[Path]) -> None:
    """Record ``files`` as regenerated and not yet committed."""
    top = root.resolve()
    names = sorted({Path(os.path.abspath(p)).relative_to(top).as_posix() for p in files})
    write_if_changed(cache_dir(root) / PENDING_FILE, json.dumps(names, indent=0) + "\n")


def forget(root: Path) -> None:
    """The pending files are committed: clear the record."""
    (cache_dir(root) / PENDING_FILE).unlink(missing_ok=True)


def commit_paths(
    root: Path, paths_: Sequence[Path], message: str, name: str, email: str
) -> str | None:
    """Commit ``paths_`` (and only them) if they differ from HEAD; the new commit's id, or None.

    Other staged or unstaged changes in the working tree are left as they are. A git
    failure is a TranspipeError with git's own first line.
    """
    import git  # imported here: it costs 0.15 s, and only --commit needs it

    try:
        repo = git.Repo(root, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError) as exc:
        raise TranspipeError("--commit needs a git repository", root) from exc
    top = Path(repo.working_tree_dir or root).resolve()
    rels = sorted({p.resolve().relative_to(top).as_posix() for p in paths_})
    if not rels:
        return None
    env = {
        "GIT_AUTHOR_NAME": name,
        "GIT_AUTHOR_EMAIL": email,
        "GIT_COMMITTER_NAME": name,
        "GIT_COMMITTER_EMAIL": email,
    }
    try:
        repo.git.add("--", *rels)
        has_head = repo.head.is_valid()
        changed = repo.git.diff("--cached", "--name-only", "HEAD", "--", *rels) if has_head else "x"
        if not changed.strip():
            return None
        with repo.git.custom_environment(**env):
            repo.git.commit("--no-verify", "-m", message, "--only", "--", *rels)
    except git.GitCommandError as error:
        lines = [line for line in str(error.stderr).splitlines() if line.strip()]
        reason = lines[0].strip().removeprefix("stderr: ").strip("'") if lines else str(error)
        raise TranspipeError(
            f"git could not commit ({reason}); the regenerated files are committed by the next "
            "sync --commit",
            root,
        ) from None
    return str(repo.head.commit.hexsha)


def commit_regenerated(config: Config, state: RunState, report: Report) -> None:
    """Commit what this run and earlier uncommitted runs regenerated; remembered until done."""
    earlier = [p for p in pending(config.root) if p not in report.written]
    files = [*report.written, *earlier]
    if not files:
        report.tell("nothing to commit")
        return
    remember(config.root, files)
    if report.errors:
        report.tell("not committed (errors above): the next sync --commit commits it")
        return
    message = sync_message(report, len(earlier))
    before = head_commit(config.root)
    sha = commit_paths(config.root, files, message, config.bot_name, config.bot_email)
    forget(config.root)
    report.tell(f"committed {sha[:12]}: {message.splitlines()[0]}" if sha else "nothing to commit")
    if sha and before:  # the bot's commit changes no credits: later runs look past it
        state.transparent(sha, before)


def sync_message(report: Report, earlier: int = 0) -> str:
    """A commit message that says what was regenerated (``earlier``: by uncommitted runs)."""
    kinds = {".pot": "templates", ".po": "catalogs", ".md": "pages"}
    counts: dict[str, int] = {}
    for path in report.written:
        kind = kinds.get(path.suffix, "files")
        counts[kind] = counts.get(kind, 0) + 1
    summary = ", ".join(f"{n} {kind}" for kind, n in counts.items())
    if earlier:
        summary += (", " if summary else "") + f"{earlier} from an uncommitted earlier run"
    return f"Regenerate translations ({summary})\n\n" + "\n".join(report.lines) + "\n"
