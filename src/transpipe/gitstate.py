"""The git repository around a site: its working tree, HEAD, shallowness, last revisions.

Small, read-only questions asked of git (one ``git status``, one ``git log``), or answered
from the ``.git`` folder directly when that is cheaper.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from transpipe.errors import TranspipeError

if TYPE_CHECKING:
    import git


def open_repo(repo_root: Path) -> git.Repo:
    import git  # here, not at the top: it costs 0.15 s, and only history needs it

    try:
        return git.Repo(repo_root, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError) as exc:
        raise TranspipeError("credits need a git repository", repo_root) from exc


def work_tree(repo: git.Repo) -> Path:
    if repo.working_tree_dir is None:
        raise TranspipeError("credits need a working tree", Path(repo.git_dir))
    return Path(repo.working_tree_dir).resolve()


def relative_to_top(repo_root: Path, top: Path, path: Path) -> str | None:
    full = path if path.is_absolute() else repo_root / path
    try:
        return full.resolve().relative_to(top).as_posix()
    except ValueError:
        return None


def pathspecs(names: Iterable[str]) -> list[str]:
    """Pathspecs for the folders holding ``names`` (few, however many catalogs)."""
    folders = sorted({name.rpartition("/")[0] for name in names})
    return [f":(top,literal){folder}" if folder else ":(top)" for folder in folders]


def cat_blobs(repo: git.Repo, blobs: Sequence[str]) -> Iterator[tuple[str, bytes]]:
    """Contents of ``blobs`` from one ``git cat-file --batch``, as git produces them."""
    if not blobs:
        return
    import subprocess  # (here: HEAD and the git folders are read without them)
    import tempfile

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


def uncommitted(repo_root: Path, path: Path) -> bool:
    """Whether the catalog differs from HEAD: modified, staged, deleted, untracked or new."""
    return path in uncommitted_paths(repo_root, [path])


def uncommitted_paths(repo_root: Path, paths: Sequence[Path]) -> set[Path]:
    """Those of ``paths`` that differ from HEAD, from one ``git status``."""
    with open_repo(repo_root) as repo:
        top = work_tree(repo)
        wanted = {path: relative_to_top(repo_root, top, path) for path in paths}
        specs = pathspecs(rel for rel in wanted.values() if rel is not None)
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


def git_folders(root: Path) -> tuple[Path, Path, Path] | None:
    """The work tree top around ``root``, its own git folder and the common one, or None.

    In a worktree (``.git`` a file) the own folder holds its HEAD and index, the common one
    the history; in a plain repository they are the same ``.git`` folder.
    """
    for folder in (root, *root.parents):
        dot_git = folder / ".git"
        if dot_git.is_dir():
            return folder, dot_git, dot_git
        if dot_git.is_file():
            try:
                found = dot_git.read_text().strip().removeprefix("gitdir:").strip()
                git_dir = (folder / found).resolve()
                common = git_dir / "commondir"
                shared = git_dir
                if common.is_file():
                    shared = (git_dir / common.read_text().strip()).resolve()
            except OSError:
                return None
            return folder, git_dir, shared
    return None


def _git_dir(root: Path) -> Path | None:
    """The repository's common git folder (a worktree's ``.git`` file followed), or None."""
    folders = git_folders(root)
    return folders[2] if folders else None


def is_shallow(root: Path) -> bool:
    """Whether ``root`` is in a shallow clone (read from the git folder, no git process)."""
    git_dir = _git_dir(root)
    return git_dir is not None and (git_dir / "shallow").is_file()


def require_full_history(root: Path) -> None:
    """Stop, before anything is written, in a shallow clone: its history would mislead."""
    if is_shallow(root):
        raise TranspipeError(
            "this clone is shallow: credits, dates and X-Source-Revision need the full history "
            "(git fetch --unshallow, or actions/checkout with fetch-depth: 0); nothing written",
            root,
        )


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
    than any commit. Outside a repository, or in a shallow clone (whose oldest commit would
    pass for the last change of every page), the answer is empty.
    """
    if head_commit(repo_root) is None or is_shallow(repo_root):  # no history, no claims
        return {}
    try:
        dirty = uncommitted_paths(repo_root, paths)
        with open_repo(repo_root) as repo:
            top = work_tree(repo)
            wanted = {relative_to_top(repo_root, top, p): p for p in paths if p not in dirty}
            specs = pathspecs(rel for rel in wanted if rel is not None)
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


def text_at_revision(repo_root: Path, path: Path, rev: str) -> str:
    """The text of ``path`` as it was at revision ``rev`` of the repository at ``repo_root``."""
    import git

    try:
        repo = git.Repo(repo_root, search_parent_directories=True)
        top = Path(repo.working_tree_dir or repo_root).resolve()
        relative = path.resolve().relative_to(top).as_posix()
        data: bytes = (repo.commit(rev).tree / relative).data_stream.read()
    except (git.exc.GitError, git.exc.ODBError, ValueError, KeyError) as exc:
        raise TranspipeError(f"cannot read it at revision {rev!r} ({exc})", path) from exc
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise TranspipeError(f"not UTF-8 at revision {rev!r}", path) from exc
