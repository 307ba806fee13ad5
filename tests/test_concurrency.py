"""Concurrent runs on real files and real git: nothing uncommitted, no translator's edit lost."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import polib
import pytest

from transpipe import commit as commit_lib
from transpipe import pipeline
from transpipe.config import load_config
from transpipe.files import ChangedOnDisk, Snapshot, write_if_changed
from transpipe.site import Site

pytestmark = pytest.mark.skipif(
    subprocess.run(["git", "--version"], capture_output=True).returncode != 0,
    reason="git is not installed",
)

ENV = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
MAINTAINER = {
    "GIT_AUTHOR_NAME": "Maintainer",
    "GIT_AUTHOR_EMAIL": "m@x.org",
    "GIT_COMMITTER_NAME": "Maintainer",
    "GIT_COMMITTER_EMAIL": "m@x.org",
}


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, env=ENV | MAINTAINER
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def transpipe(root: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "transpipe", "-C", str(root), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=ENV,
    )


@pytest.fixture
def big_repo(tmp_path: Path) -> Path:
    """A repository with 30 English pages and 4 languages, nothing generated yet."""
    root = tmp_path / "big"
    english = root / "pages" / "en"
    english.mkdir(parents=True)
    (root / "transpipe.toml").write_text('languages = ["fr", "pt", "es", "it"]\n')
    for n in range(30):
        paragraphs = "\n\n".join(f"Paragraph {i} of page {n}, with words." for i in range(20))
        (english / f"page{n:02}.md").write_text(f"---\ntitle: Page {n}\n---\n\n{paragraphs}\n")
    (root / "pages" / "index.md").write_text("---\ntitle: Home\n---\n\nWelcome home.\n")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "English pages")
    (root / "my-notes.txt").write_text("a user's untracked file\n")
    return root


def test_two_concurrent_sync_commits_leave_nothing_uncommitted(big_repo: Path) -> None:
    first = transpipe(big_repo, "sync", "--commit", "--keep", "0")
    second = transpipe(big_repo, "sync", "--commit", "--keep", "0")
    outputs = [process.communicate(timeout=300) for process in (first, second)]
    for process, (out, err) in zip((first, second), outputs, strict=True):
        assert process.returncode == 0, out + err
        assert "Traceback" not in err
    assert git(big_repo, "status", "--porcelain") == "?? my-notes.txt\n"
    said = [out for out, _ in outputs]
    assert sum("committed" in out for out in said) == 1  # the other waited, then had nothing
    assert sum("nothing to commit" in out for out in said) == 1
    tracked = git(big_repo, "ls-files").splitlines()
    assert len([t for t in tracked if t.endswith(".po")]) == 31 * 4
    # and the next run agrees: nothing left to do or commit
    again = transpipe(big_repo, "sync", "--commit", "--keep", "0")
    out, err = again.communicate(timeout=300)
    assert again.returncode == 0 and "nothing to commit" in out, out + err


def test_a_second_sync_stops_cleanly_when_the_lock_is_held(big_repo: Path) -> None:
    with commit_lib.sync_lock(big_repo):
        waiting = transpipe(big_repo, "sync", "--commit", "--keep", "0", "--wait", "0.5")
        _out, err = waiting.communicate(timeout=120)
    assert waiting.returncode == 1
    assert "another 'transpipe sync --commit' still runs after 0.5 s" in err
    assert "Traceback" not in err
    assert git(big_repo, "status", "--porcelain") == "?? my-notes.txt\n"  # it wrote nothing


def test_a_failed_commit_is_made_by_the_next_run(big_repo: Path) -> None:
    """git's index is locked (another git command runs): the run fails, the next one commits."""
    index_lock = big_repo / ".git" / "index.lock"
    index_lock.write_text("")
    failed = transpipe(big_repo, "sync", "--commit", "--keep", "0")
    out, err = failed.communicate(timeout=300)
    assert failed.returncode == 1, out + err
    assert "git could not commit" in err and "next sync --commit" in err
    assert "Traceback" not in err
    uncommitted = git(big_repo, "status", "--porcelain", "--untracked-files=all").splitlines()
    assert len(uncommitted) > 100  # everything it regenerated
    index_lock.unlink()
    retried = transpipe(big_repo, "sync", "--commit", "--keep", "0")
    out, err = retried.communicate(timeout=300)
    assert retried.returncode == 0, out + err
    assert "committed" in out and "from an uncommitted earlier run" in out
    assert git(big_repo, "status", "--porcelain") == "?? my-notes.txt\n"


# ---------------------------------------------------------------- update and a translator's save


def _site(tmp_path: Path) -> tuple[Site, Path]:
    root = tmp_path / "site"
    (root / "pages" / "en").mkdir(parents=True)
    (root / "transpipe.toml").write_text('languages = ["fr"]\nsources = ["en/**/*.md"]\n')
    page = root / "pages" / "en" / "p.md"
    page.write_text("---\ntitle: Title\n---\n\nFirst paragraph.\n\nSecond paragraph.\n")
    site = Site(load_config(root))
    assert not pipeline.extract(site).errors
    assert not pipeline.init(site, "fr").errors
    site.state.save()
    page.write_text(page.read_text().replace("Second", "Another"))  # update has work to do
    assert not pipeline.extract(Site(load_config(root))).errors
    return Site(load_config(root)), root / "locales" / "fr" / "p.po"


def _save_as_poedit(path: Path, msgid: str, msgstr: str, same_stat: bool = False) -> None:
    """A translator's save: a new file renamed over the old (or rewritten in place)."""
    before = path.stat()
    po = polib.pofile(str(path))
    po.find(msgid).msgstr = msgstr
    if same_stat:  # same size, same mtime: only the content tells
        text = po.__unicode__()
        path.write_text(text)
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    else:
        temp = path.with_suffix(".poedit")
        po.save(str(temp))
        temp.replace(path)


@pytest.mark.parametrize("same_stat", [False, True], ids=["renamed", "in place, same mtime"])
def test_update_never_replaces_a_catalog_saved_meanwhile(tmp_path: Path, same_stat: bool) -> None:
    site, catalog = _site(tmp_path)
    site.catalog(catalog)  # update's read, then the translator saves before update writes
    original = polib.pofile(str(catalog)).find("First paragraph.")
    assert original is not None and original.msgstr == ""
    _save_as_poedit(catalog, "First paragraph.", "Premier paragraphe.", same_stat)
    report = pipeline.update(site, ["fr"])
    assert [str(e) for e in report.errors] == [
        "locales/fr/p.po: changed while updating (saved by someone else?): kept as it is; "
        "run update again"
    ]
    saved = polib.pofile(str(catalog)).find("First paragraph.")
    assert saved is not None and saved.msgstr == "Premier paragraphe."  # the edit is kept
    # the next update merges it
    again = pipeline.update(Site(load_config(catalog.parents[2])), ["fr"])
    assert not again.errors
    merged = polib.pofile(str(catalog))
    assert merged.find("First paragraph.").msgstr == "Premier paragraphe."
    assert merged.find("Another paragraph.") is not None


def test_update_writes_a_catalog_nobody_touched(tmp_path: Path) -> None:
    site, catalog = _site(tmp_path)
    report = pipeline.update(site, ["fr"])
    assert not report.errors
    assert polib.pofile(str(catalog)).find("Another paragraph.") is not None


def test_update_keeps_a_catalogs_permissions_and_no_temporary_file(tmp_path: Path) -> None:
    site, catalog = _site(tmp_path)
    catalog.chmod(0o640)
    assert not pipeline.update(site, ["fr"]).errors
    assert "Another paragraph." in catalog.read_text()
    assert catalog.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in catalog.parent.iterdir()) == ["p.po"]


@pytest.mark.parametrize("change", ["none", "same text", "new text"])
def test_a_compared_write_reads_the_file_once_just_before_replacing_it(
    tmp_path: Path, change: str
) -> None:
    path = tmp_path / "p.po"
    path.write_text("old\n")
    read = Snapshot.read(path)
    assert read is not None
    taken = read[0]
    if change == "same text":  # a save of the same bytes still moves the file on: refused
        path.write_text("old\n")
        os.utime(path, ns=(taken.mtime_ns + 1, taken.mtime_ns + 1))
    elif change == "new text":
        path.write_text("theirs\n")
    inode = path.stat().st_ino
    if change == "none":
        assert write_if_changed(path, "old\n", taken) is False  # nothing to do
        assert path.stat().st_ino == inode
        assert write_if_changed(path, "new\n", taken) is True
        assert path.read_text() == "new\n" and path.stat().st_ino != inode
    else:
        with pytest.raises(ChangedOnDisk):
            write_if_changed(path, "new\n", taken)
        assert path.stat().st_ino == inode  # left as it was
    assert [p.name for p in tmp_path.iterdir()] == ["p.po"]  # no temporary file stays
