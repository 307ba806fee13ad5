"""Commit what a sync regenerated, and nothing else, under the bot's identity."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from transpipe.errors import TranspipeError


def commit_paths(
    root: Path, paths: Sequence[Path], message: str, name: str, email: str
) -> str | None:
    """Commit ``paths`` (and only them) if they differ from HEAD; the new commit's id, or None.

    Other staged or unstaged changes in the working tree are left as they are.
    """
    import git  # imported here: it costs 0.15 s, and only --commit needs it

    try:
        repo = git.Repo(root, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError) as exc:
        raise TranspipeError("--commit needs a git repository", root) from exc
    top = Path(repo.working_tree_dir or root).resolve()
    rels = sorted({p.resolve().relative_to(top).as_posix() for p in paths})
    if not rels:
        return None
    repo.git.add("--", *rels)
    has_head = repo.head.is_valid()
    changed = repo.git.diff("--cached", "--name-only", "HEAD", "--", *rels) if has_head else "x"
    if not changed.strip():
        return None
    env = {
        "GIT_AUTHOR_NAME": name,
        "GIT_AUTHOR_EMAIL": email,
        "GIT_COMMITTER_NAME": name,
        "GIT_COMMITTER_EMAIL": email,
    }
    with repo.git.custom_environment(**env):
        repo.git.commit("--no-verify", "-m", message, "--only", "--", *rels)
    return str(repo.head.commit.hexsha)
