"""A nothing-changed sync answers from one fingerprint, prints what the real run printed, and
runs for real whenever anything its output depends on may have changed."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import polib
import pytest
from click.testing import Result

from conftest import Run, git
from transpipe import pipeline, quick
from transpipe.config import load_config
from transpipe.runreport import Report
from transpipe.site import Site
from transpipe.state import STATE_DIR

Counted = list[int]
HOME_PO = Path("locales/fr/index.po")
SENTENCE = "This course concerns the latest techniques in deep learning."


def age(root: Path, seconds: float = 60) -> None:
    """Date the site's files (and its .git's) changed in the last 10 s ``seconds`` back.

    Past the racy window, and leaving older files as they are: only a change made since
    the last ``age`` shows in the fingerprint.
    """
    now = time.time()
    for path in root.rglob("*"):
        if path.is_file() and not path.is_symlink() and path.stat().st_mtime > now - 10:
            os.utime(path, (now - seconds, now - seconds))


@pytest.fixture
def syncs(monkeypatch: pytest.MonkeyPatch) -> Counted:
    """How many times the pipeline's sync ran (a replay runs none)."""
    calls = [0]
    real = pipeline.sync

    def counted(site: Site, langs: list[str], keep: int, shard: bool = False) -> Report:
        calls[0] += 1
        return real(site, langs, keep, shard)

    monkeypatch.setattr(pipeline, "sync", counted)
    return calls


def settle(root: Path, run: Run, *args: str) -> Result:
    """Sync until nothing changes and the run is remembered; the real run's result."""
    run(root, "sync", *args)
    age(root)
    result = run(root, "sync", *args)  # wrote nothing: remembered
    assert (root / STATE_DIR / quick.RECORD).is_file(), result.output
    return result


def replays(root: Path, run: Run, syncs: Counted, *args: str) -> bool:
    """Whether ``sync args`` answered without running the pipeline (and exited 0)."""
    before = syncs[0]
    run(root, "sync", *args)
    return syncs[0] == before


def test_replay_prints_exactly_what_the_real_run_printed(
    site: Path, run: Run, syncs: Counted
) -> None:
    real = settle(site, run, "--keep", "90")
    assert syncs[0] == 2
    again = run(site, "sync", "--keep", "90")
    assert syncs[0] == 2  # replayed
    assert (again.stdout, again.stderr, again.exit_code) == (real.stdout, real.stderr, 0)
    assert again.stdout == "sync: nothing written; 6 unchanged; 4 skipped (below --keep 90%)\n"


def test_verbose_replay_lists_what_a_real_verbose_run_lists(
    site: Path, run: Run, syncs: Counted
) -> None:
    settle(site, run, "--keep", "90")
    (site / STATE_DIR / quick.RECORD).unlink()
    real = run(site, "-v", "sync", "--keep", "90")  # remembered again
    assert "skipped pages/fr/index.md: 0% translated, below --keep 90%" in real.stdout
    count = syncs[0]
    replayed = run(site, "-v", "sync", "--keep", "90")
    quiet = run(site, "sync", "--keep", "90")  # one record answers with and without -v
    assert syncs[0] == count
    assert replayed.stdout == real.stdout
    assert quiet.stdout == real.stdout.splitlines(keepends=True)[-1]


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def edit_page(site: Path) -> None:
    page = site / "pages" / "index.md"
    write(page, page.read_text(encoding="utf-8") + "\nA new paragraph.\n")


def touch_page(site: Path) -> None:
    """The same bytes, another (old) mtime: a checkout, a restore."""
    moment = time.time() - 30
    os.utime(site / "pages" / "index.md", (moment, moment))


CHANGES: dict[str, Callable[[Path], None]] = {
    "edited page": edit_page,
    "touched page": touch_page,
    "new page": lambda site: write(site / "pages" / "en" / "week01" / "01-2.md", "# New\n\nHi.\n"),
    "removed page": lambda site: (site / "pages" / "fr" / "index.md").unlink(),
    "removed catalog": lambda site: (site / "locales" / "pt" / "index.po").unlink(),
    "new file in locales": lambda site: write(site / "locales" / "fr" / "notes.txt", "x\n"),
    "config": lambda site: write(site / "transpipe.toml", (site / "transpipe.toml").read_text()),
    "root _config.yml": lambda site: write(site / "_config.yml", "url: https://x.org\n"),
    "pages _config.yml": lambda site: write(site / "pages" / "_config.yml", "baseurl: /x\n"),
    "pyproject": lambda site: write(site / "pyproject.toml", "[project]\nname = 'x'\n"),
}


@pytest.mark.parametrize("change", list(CHANGES), ids=list(CHANGES))
def test_any_change_runs_for_real(site: Path, run: Run, syncs: Counted, change: str) -> None:
    settle(site, run, "--keep", "0")
    assert replays(site, run, syncs, "--keep", "0")
    CHANGES[change](site)
    age(site, 20)  # (not racy: only the change itself may invalidate)
    assert not replays(site, run, syncs, "--keep", "0")


@pytest.mark.parametrize(
    "other",
    [
        ("--keep", "50"),
        ("--lang", "fr", "--keep", "0"),
        ("--keep", "0", "--lang", "pt"),
        ("--keep", "0", "--lang", "fr", "--lang", "pt"),  # a shard of every language: its own
    ],
)
def test_other_options_run_for_real(
    site: Path, run: Run, syncs: Counted, other: tuple[str, ...]
) -> None:
    settle(site, run, "--keep", "0")
    assert not replays(site, run, syncs, *other)
    assert replays(site, run, syncs, *other)  # remembered in its turn
    assert not replays(site, run, syncs, "--keep", "0")


def test_another_transpipe_version_runs_for_real(
    site: Path, run: Run, syncs: Counted, monkeypatch: pytest.MonkeyPatch
) -> None:
    settle(site, run)
    monkeypatch.setattr(quick, "__version__", "99.0")
    assert not replays(site, run, syncs)


def test_recent_files_never_vouch(site: Path, run: Run, syncs: Counted) -> None:
    run(site, "sync", "--keep", "0")
    run(site, "sync", "--keep", "0")  # files written a moment ago: nothing remembered
    assert not (site / STATE_DIR / quick.RECORD).exists()
    config = load_config(site)
    assert quick.fingerprint(config, ["sync"]) is None
    age(site)
    assert quick.fingerprint(config, ["sync"]) is not None
    run(site, "sync", "--keep", "0")
    assert replays(site, run, syncs, "--keep", "0")
    (site / "pages" / "index.md").touch()  # now: racy, even were the mtime to tie
    assert quick.fingerprint(config, ["sync"]) is None
    assert not replays(site, run, syncs, "--keep", "0")


def test_a_folder_linked_into_itself_is_scanned_once(site: Path, run: Run) -> None:
    settle(site, run)
    (site / "pages" / "en" / "again").symlink_to(site / "pages")
    age(site)
    assert quick.fingerprint(load_config(site), ["sync"]) is not None


@pytest.mark.parametrize(
    "text",
    ["{", "[]", '{"key": 1}', '{"key": "x", "lines": "y"}', "\xff", ""],
    ids=["cut", "list", "no-lines", "bad-lines", "not-utf8", "empty"],
)
def test_damaged_record_runs_for_real(site: Path, run: Run, syncs: Counted, text: str) -> None:
    real = settle(site, run, "--keep", "0")
    record = site / STATE_DIR / quick.RECORD
    key = quick.fingerprint(load_config(site), ("sync", ["fr", "pt"], 0, False, False))
    assert key is not None and quick.replay(load_config(site), key) is not None
    record.write_bytes(text.encode("latin-1"))
    assert quick.replay(load_config(site), key) is None
    count = syncs[0]
    again = run(site, "sync", "--keep", "0")
    assert syncs[0] == count + 1 and again.stdout == real.stdout


def test_damaged_record_with_the_right_key(site: Path, run: Run, syncs: Counted) -> None:
    settle(site, run, "--keep", "0")
    record = site / STATE_DIR / quick.RECORD
    key = record.read_text().split('"key": "')[1].split('"')[0]
    for damaged in (
        f'{{"key": "{key}", "lines": [1], "notices": [], "summary": "s"}}',
        f'{{"key": "{key}", "lines": [], "notices": [], "summary": 3}}',
        f'{{"key": "{key}", "lines": [], "summary": "s"}}',
    ):
        record.write_text(damaged)
        assert quick.replay(load_config(site), key) is None
        assert not replays(site, run, syncs, "--keep", "0")


def unsafe(site: Path) -> None:
    """A translator's msgstr with a script in it: refused, reported on every build."""
    po = polib.pofile(str(site / HOME_PO), wrapwidth=0)
    for entry in po:
        if entry.msgid == SENTENCE:
            entry.msgstr = "Ce cours <script>alert(1)</script>"
    po.save(str(site / HOME_PO))


def test_refused_translations_are_reported_on_every_run(
    site: Path, run: Run, syncs: Counted
) -> None:
    run(site, "sync", "--keep", "0")
    unsafe(site)
    age(site)
    first = run(site, "sync", "--keep", "0")
    assert "warning: translation not used, English kept" in first.stdout
    age(site)
    for _ in range(2):
        again = run(site, "sync", "--keep", "0")
        assert "warning: translation not used, English kept" in again.stdout
        assert "1 unsafe translations not used" in again.stdout
    assert not (site / STATE_DIR / quick.RECORD).exists()
    assert syncs[0] == 4


def test_config_warnings_are_never_replayed_away(site: Path, run: Run, syncs: Counted) -> None:
    with (site / "transpipe.toml").open("a") as config:
        config.write('colour = "blue"\n')
    run(site, "sync")
    age(site)
    for _ in range(2):
        assert "unknown key 'colour'" in run(site, "sync").stderr
    assert syncs[0] == 3


@pytest.fixture
def repo(site: Path, run: Run) -> Path:
    """The site in a git repository, its generated files committed."""
    git(site, "init", "-q", "-b", "main")
    run(site, "sync", "--keep", "0")
    git(site, "add", ".")
    git(site, "commit", "-q", "-m", "site")
    return site


def test_a_commit_runs_for_real(repo: Path, run: Run, syncs: Counted) -> None:
    settle(repo, run, "--keep", "0")
    assert replays(repo, run, syncs, "--keep", "0")
    git(repo, "commit", "-q", "--allow-empty", "-m", "nothing but a new HEAD")
    age(repo)
    assert not replays(repo, run, syncs, "--keep", "0")
    assert replays(repo, run, syncs, "--keep", "0")


def test_a_mailmap_change_runs_for_real(repo: Path, run: Run, syncs: Counted) -> None:
    """Credits name translators through the work tree's .mailmap (outside git: no credits)."""
    settle(repo, run, "--keep", "0")
    write(repo / ".mailmap", "Traductrice <t@x.org> T <t@y.org>\n")
    age(repo, 20)
    assert not replays(repo, run, syncs, "--keep", "0")


def test_a_staged_change_runs_for_real(repo: Path, run: Run, syncs: Counted) -> None:
    """Index-only changes touch no file of the site, but the index."""
    settle(repo, run, "--keep", "0")
    git(repo, "rm", "-q", "--cached", HOME_PO.as_posix())
    age(repo)
    assert not replays(repo, run, syncs, "--keep", "0")


def test_uncommitted_translation_then_its_commit(repo: Path, run: Run, syncs: Counted) -> None:
    """A translation edited (mtime), then committed (HEAD): each one runs for real."""
    settle(repo, run, "--keep", "0")
    po = polib.pofile(str(repo / HOME_PO), wrapwidth=0)
    for entry in po:
        if entry.msgid == SENTENCE:
            entry.msgstr = "Ce cours porte sur l'apprentissage profond."
    po.save(str(repo / HOME_PO))
    age(repo)
    assert not replays(repo, run, syncs, "--keep", "0")  # builds pages/fr/index.md
    settle(repo, run, "--keep", "0")
    git(repo, "commit", "-q", "-am", "French", who=("Traductrice", "t@x.org"))
    age(repo)
    assert not replays(repo, run, syncs, "--keep", "0")


def test_sync_commit_replays_nothing_to_commit(repo: Path, run: Run, syncs: Counted) -> None:
    real = settle(repo, run, "--commit", "--keep", "0")
    assert real.stdout.startswith("nothing to commit\n")
    again = run(repo, "sync", "--commit", "--keep", "0")
    assert again.stdout == real.stdout and syncs[0] == 2
    assert not replays(repo, run, syncs, "--keep", "0")  # without --commit: another command


def test_replay_keeps_the_pipeline_unimported(site: Path, run: Run) -> None:
    """An unchanged ``python -m transpipe sync`` imports neither the pipeline nor its parsers."""
    settle(site, run)
    probe = (
        "import runpy, sys\n"
        "try:\n"
        "    runpy.run_module('transpipe', run_name='__main__')\n"
        "except SystemExit as done:\n"
        "    assert not done.code, done.code\n"
        "heavy = ['transpipe.build', 'transpipe.page', 'transpipe.credits', 'markdown_it',\n"
        "         'babel', 'rapidfuzz', 'git', 'polib', 'yaml']\n"
        "print('loaded:', [m for m in heavy if m in sys.modules])\n"
    )

    def loaded() -> str:
        done = subprocess.run(
            [sys.executable, "-c", probe, "-C", str(site), "sync"],
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout.splitlines()[-1]

    assert loaded() == "loaded: []"
    (site / STATE_DIR / quick.RECORD).unlink()
    assert "'transpipe.page'" in loaded()  # (a real run does import it)
