"""The push scenario on a real git repository: a contributor's catalog → sync --commit."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import polib
import pytest

from conftest import Run

pytestmark = pytest.mark.skipif(
    subprocess.run(["git", "--version"], capture_output=True).returncode != 0,
    reason="git is not installed",
)


def git(repo: Path, *args: str, author: tuple[str, str, str] | None = None) -> str:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    if author:
        name, email, date = author
        env |= {
            "GIT_AUTHOR_NAME": name,
            "GIT_AUTHOR_EMAIL": email,
            "GIT_AUTHOR_DATE": date,
            "GIT_COMMITTER_NAME": name,
            "GIT_COMMITTER_EMAIL": email,
            "GIT_COMMITTER_DATE": date,
        }
    done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    return done.stdout


MAINTAINER = ("Maintainer", "m@x.org")
ANA = ("Ana Lima", "ana@x.org")


def commit(repo: Path, message: str, who: tuple[str, str], date: str) -> None:
    """Commit every tracked change as ``who`` on ``date`` (``2020-02-24``)."""
    git(repo, "commit", "-q", "-am", message, author=(*who, f"{date}T10:00:00"))


@pytest.fixture
def repo(site: Path, run: Run) -> Path:
    """The site as a repository: English pages committed by the maintainer, then synced."""
    git(site, "init", "-q", "-b", "main")
    git(site, "add", ".")
    commit(site, "English pages", MAINTAINER, "2020-01-01")
    run(site, "sync", "--commit", "--keep", "0")
    return site


def translate(po_path: Path, table: dict[str, str] | None = None) -> None:
    """Fill msgstrs as a translator would (all of them, upper-cased, when no table is given)."""
    po = polib.pofile(str(po_path))
    for entry in po:
        if table is None or entry.msgid in table:
            entry.msgstr = entry.msgid.upper() if table is None else table[entry.msgid]
    po.save()


def translate_and_commit(
    repo: Path, who: tuple[str, str], date: str, table: dict[str, str]
) -> None:
    translate(repo / "locales" / "fr" / "index.po", table)
    commit(repo, "French translation", who, date)


def log(repo: Path) -> list[str]:
    return git(repo, "log", "--format=%an|%s").splitlines()


def test_first_sync_commits_what_it_generated_as_the_bot(repo: Path) -> None:
    assert log(repo)[0].startswith("transpipe|Regenerate translations (")
    tracked = git(repo, "ls-files").splitlines()
    assert "locales/templates/index.pot" in tracked
    assert "locales/fr/index.po" in tracked
    assert "pages/fr/index.md" in tracked
    assert not any(p.startswith(".transpipe-cache") for p in tracked)


def test_contributor_is_credited_and_dated(repo: Path, run: Run) -> None:
    translate_and_commit(repo, ANA, "2020-02-24", {"Description": "Description FR"})
    translate_and_commit(
        repo,
        ("Li Wei", "li@x.org"),
        "2020-03-05",
        {"DEEP LEARNING": "APPRENTISSAGE PROFOND"},
    )
    result = run(repo, "sync", "--commit", "--keep", "0")
    assert "committed" in result.output
    page = (repo / "pages" / "fr" / "index.md").read_text()
    assert "translation-date: 05 Mar 2020\ntranslator: Ana Lima, Li Wei\n" in page
    assert "@x.org" not in page
    assert log(repo)[0].startswith("transpipe|Regenerate translations")
    assert git(repo, "status", "--porcelain") == ""


def test_second_sync_commits_and_writes_nothing(repo: Path, run: Run) -> None:
    translate_and_commit(repo, ANA, "2020-02-24", {"Description": "Desc"})
    run(repo, "sync", "--commit", "--keep", "0")
    head = git(repo, "rev-parse", "HEAD")
    files = [p for p in repo.rglob("*") if p.is_file() and ".git" not in p.parts]
    mtimes = {p: p.stat().st_mtime_ns for p in files}
    result = run(repo, "sync", "--commit", "--keep", "0")
    assert "nothing to commit" in result.output
    assert git(repo, "rev-parse", "HEAD") == head
    assert {p: p.stat().st_mtime_ns for p in files} == mtimes


def test_sync_never_commits_anything_else(repo: Path, run: Run) -> None:
    (repo / "notes.txt").write_text("mine\n")
    readme = repo / "pages" / "en" / "week01" / "01-1.md"
    readme.write_text(readme.read_text() + "\nA new paragraph.\n")
    other = repo / "transpipe.toml"
    other.write_text(other.read_text() + "# local note\n")
    git(repo, "add", "transpipe.toml")  # staged by the user: must stay out of the bot's commit
    run(repo, "sync", "--commit", "--keep", "0")
    changed = git(repo, "show", "--name-only", "--format=", "HEAD").split()
    assert "locales/templates/week01/01-1.pot" in changed
    assert "transpipe.toml" not in changed and "notes.txt" not in changed
    assert "pages/en/week01/01-1.md" not in changed
    status = git(repo, "status", "--porcelain")
    assert "M  transpipe.toml" in status and "?? notes.txt" in status


def test_a_bot_edit_is_not_credited(repo: Path, run: Run) -> None:
    translate_and_commit(repo, ANA, "2020-02-24", {"Description": "Desc"})
    translate_and_commit(
        repo, ("github-actions[bot]", "b@x.org"), "2020-04-01", {"Description": "Desc 2"}
    )
    run(repo, "sync", "--commit", "--keep", "0")
    page = (repo / "pages" / "fr" / "index.md").read_text()
    assert "translator: Ana Lima\n" in page
    assert "translation-date: 24 Feb 2020" in page


def test_status_shows_outdated_translations(repo: Path, run: Run) -> None:
    week = repo / "locales" / "fr" / "week01" / "01-1.po"
    translate(week)
    commit(repo, "fr week 1", ANA, "2020-02-24")
    run(repo, "sync", "--commit", "--keep", "0")  # complete: records the English revision
    assert "X-Source-Revision" in week.read_text()
    page = repo / "pages" / "en" / "week01" / "01-1.md"
    page.write_text(page.read_text().replace("by the brain.", "by the human brain."))
    commit(repo, "English edit", MAINTAINER, "2020-06-01")
    run(repo, "sync", "--commit", "--keep", "0")
    rows = json.loads(run(repo, "status", "--lang", "fr", "--format", "json").output)
    row = next(r for r in rows if r["page"] == "pages/fr/week01/01-1.md")
    assert row["fuzzy"] == 1
    assert row["notes"] and row["notes"][0].startswith(
        "outdated: complete for the English of 2020-01-01"
    )
    assert "English now 2020-06-01" in row["notes"][0]
    home = next(r for r in rows if r["page"] == "pages/fr/index.md")
    assert home["notes"] == []  # never complete: nothing recorded, nothing claimed


def test_outdated_flag_in_front_matter(repo: Path, run: Run) -> None:
    config = repo / "transpipe.toml"
    config.write_text(config.read_text() + "outdated-flag = true\n")
    commit(repo, "flag", MAINTAINER, "2020-01-02")
    week = repo / "locales" / "fr" / "week01" / "01-1.po"
    translate(week)
    commit(repo, "fr", ANA, "2020-02-24")
    run(repo, "sync", "--commit", "--keep", "0")
    built = repo / "pages" / "fr" / "week01" / "01-1.md"
    assert "translation-outdated" not in built.read_text()
    page = repo / "pages" / "en" / "week01" / "01-1.md"
    page.write_text(page.read_text() + "\nA new paragraph.\n")
    commit(repo, "English", MAINTAINER, "2020-06-01")
    run(repo, "sync", "--commit", "--keep", "0")
    assert "translation-outdated: true\n" in built.read_text()
