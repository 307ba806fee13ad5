"""Adopting transpipe on a site with hand-made pages: one command, and no credit taken.

Each defect has its own small fixture, on real git repositories: committing imported
catalogs (by anyone) credits nobody and moves no date; later translations credit their
authors; header-only saves move nothing; dates are read in every spelling and written back
as the page wrote them; a shallow clone stops before anything is written.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path

import polib
import pytest

from conftest import Run
from conftest import git as run_git
from transpipe.credits import read_history, uncommitted_translations
from transpipe.dates import parse_date
from transpipe.files import ensure_gitignore
from transpipe.imported import IMPORTED_DATE, IMPORTED_FROM, translations_hash

MAINTAINER = ("Site Maintainer", "maintainer@example.org")
AUTHOR = ("Page Author", "author@example.org")
ANA = ("Ana Lima", "ana@example.org")

FRENCH_HOME = """\
---
layout: default
title: APPRENTISSAGE PROFOND
author: Alfredo Canziani
lang-ref: home
lang: fr
translation-date: {date}
translator: Loïck Bourdois
---

**DS-GA 1008 · PRINTEMPS 2020 · [CENTRE DE SCIENCE DES DONNÉES DE NYU](http://cds.nyu.edu/)**

## Descriptif

Ce cours porte sur les dernières techniques d'apprentissage profond.

<table>
  <tr>
    <td><a href="fr/week01/01-1">Histoire et motivation</a></td>
    <td><a href="https://www.youtube.com/watch?v=0bMe_vCZo30">🎥</a></td>
  </tr>
</table>

![Yann](images/Yann.png)
"""


def git(repo: Path, *args: str, who: tuple[str, str] = AUTHOR, when: str = "") -> str:
    return run_git(repo, *args, who=who, when=when)


def commit_all(repo: Path, who: tuple[str, str], when: str = "") -> None:
    git(repo, "add", "-A", who=who)
    git(repo, "commit", "-qm", "change", who=who, when=when)


def front(page: Path) -> dict[str, str]:
    head = page.read_text(encoding="utf-8").split("\n---", 1)[0]
    return dict(line.split(": ", 1) for line in head.splitlines()[1:] if ": " in line)


@pytest.fixture
def handmade(site: Path) -> Path:
    """The two-page site with a hand-made French home page, committed by its author."""
    (site / "pages" / "fr").mkdir()
    (site / "pages" / "fr" / "index.md").write_text(
        FRENCH_HOME.format(date="1 Aug 2020"), encoding="utf-8"
    )
    git(site, "init", "-q", "-b", "main")
    commit_all(site, AUTHOR, "2021-01-01T10:00:00+00:00")
    return site


def adopt_commit_sync(site: Path, run: Run) -> dict[str, str]:
    """What the maintainer does: adopt, commit it as themselves, then sync --commit."""
    run(site, "adopt")
    commit_all(site, MAINTAINER)
    run(site, "sync", "--commit", "--keep", "0")
    return front(site / "pages" / "fr" / "index.md")


# --- the command ---------------------------------------------------------------------------


def test_adopt_prints_one_table_and_writes_the_details(handmade: Path, run: Run) -> None:
    result = run(handmade, "adopt")
    lines = result.output.splitlines()
    assert lines[0].split()[:4] == ["lang", "pages", "exact", "fuzzy"]
    assert [line.split()[0] for line in lines[1:3]] == ["fr", "pt"]
    assert len(lines) == 4  # header, fr, pt, where the details are
    assert "details in locales/ADOPTION.md" in lines[-1]
    report = (handmade / "locales" / "ADOPTION.md").read_text(encoding="utf-8")
    assert "| fr | 1 |" in report and "imported pages/fr/index.md" in report
    assert (handmade / "locales" / ".gitignore").read_text() == "*.mo\n"
    po = polib.pofile(str(handmade / "locales" / "fr" / "index.po"))
    assert po.metadata[IMPORTED_FROM].startswith("pages/fr/index.md ")
    assert po.metadata[IMPORTED_DATE] == "1 Aug 2020"


def test_adopt_report_path_and_flagged_pages(handmade: Path, run: Run) -> None:
    other = handmade / "pages" / "pt" / "index.md"
    other.parent.mkdir()
    other.write_text("---\ntitle: Outra coisa\n---\n\nUm texto sem relação.\n", encoding="utf-8")
    result = run(handmade, "adopt", "--report", "out/report.md")
    row = next(line for line in result.output.splitlines() if line.startswith("pt"))
    assert "another edition?" in row or "structure drifted" in row
    assert (handmade / "out" / "report.md").exists()


def test_damaged_pages_are_reported_and_the_others_imported(handmade: Path, run: Run) -> None:
    (handmade / "pages" / "pt").mkdir()
    for number in range(12):  # more damaged pages than the terminal shows errors for
        english = handmade / "pages" / "en" / f"w{number:02}.md"
        english.write_text("---\ntitle: Page\n---\n\nSome text.\n", encoding="utf-8")
        page = handmade / "pages" / "pt" / f"w{number:02}.md"
        page.write_text("---\ntitle: Página\n---\n\nTexto \ufffd.\n", encoding="utf-8")
    result = run(handmade, "adopt", ok=False)
    assert result.exit_code == 1
    errors = result.stderr.splitlines()
    assert len(errors) == 11 and errors[-1] == "error: 2 more in locales/ADOPTION.md"
    assert errors[0].startswith("error: pages/pt/w00.md:5: ")
    assert (handmade / "locales" / "fr" / "index.po").exists()  # the others went on
    report = (handmade / "locales" / "ADOPTION.md").read_text(encoding="utf-8")
    assert "error: pages/pt/w11.md:5:" in report
    assert "| pt | 0 |" in report and "12 not imported (errors)" in report


def test_ensure_gitignore_adds_a_line_once(tmp_path: Path) -> None:
    (tmp_path / ".gitignore").write_text("*.tmp", encoding="utf-8")
    assert ensure_gitignore(tmp_path, "*.mo")
    assert not ensure_gitignore(tmp_path, "*.mo")
    assert (tmp_path / ".gitignore").read_text() == "*.tmp\n*.mo\n"


# --- credits survive adoption --------------------------------------------------------------


def test_committing_imported_catalogs_credits_nobody(handmade: Path, run: Run) -> None:
    credits = adopt_commit_sync(handmade, run)
    assert credits["translator"] == "Loïck Bourdois"
    assert credits["translation-date"] == "1 Aug 2020"  # as the page wrote it


def test_imported_catalogs_not_yet_committed_keep_the_page_credits(
    handmade: Path, run: Run
) -> None:
    run(handmade, "adopt")
    run(handmade, "build", "--keep", "0")
    credits = front(handmade / "pages" / "fr" / "index.md")
    assert (credits["translator"], credits["translation-date"]) == ("Loïck Bourdois", "1 Aug 2020")


def test_a_later_translation_credits_its_author(handmade: Path, run: Run) -> None:
    adopt_commit_sync(handmade, run)
    path = handmade / "locales" / "fr" / "index.po"
    po = polib.pofile(str(path))
    entry = next(e for e in po if e.msgid == "Description")
    entry.msgstr = "Présentation"
    po.save()
    commit_all(handmade, ANA, "2022-03-05T10:00:00+00:00")
    run(handmade, "sync", "--commit", "--keep", "0")
    credits = front(handmade / "pages" / "fr" / "index.md")
    assert credits["translator"] == "Loïck Bourdois, Ana Lima"
    assert credits["translation-date"] == "05 Mar 2022"  # computed by transpipe: its format


@pytest.mark.parametrize("committed", [False, True])
def test_a_header_only_save_moves_no_date(handmade: Path, run: Run, committed: bool) -> None:
    adopt_commit_sync(handmade, run)
    path = handmade / "locales" / "fr" / "index.po"
    po = polib.pofile(str(path))
    po.metadata["PO-Revision-Date"] = "2030-06-01 12:00+0000"  # Poedit saving, no change
    po.metadata["Last-Translator"] = "Loïck Bourdois"
    po.save()
    if committed:
        commit_all(handmade, ANA)
    run(handmade, "sync", "--keep", "0")
    credits = front(handmade / "pages" / "fr" / "index.md")
    assert (credits["translator"], credits["translation-date"]) == ("Loïck Bourdois", "1 Aug 2020")


def test_a_catalog_imported_before_it_was_marked_credits_nobody(handmade: Path, run: Run) -> None:
    """The bundled site's case: catalogs committed by an import without the header, marked later."""
    run(handmade, "adopt")
    path = handmade / "locales" / "fr" / "index.po"
    marked = path.read_text(encoding="utf-8")
    unmarked = "".join(
        line for line in marked.splitlines(keepends=True) if "X-Imported-" not in line
    )
    path.write_text(unmarked, encoding="utf-8")
    commit_all(handmade, MAINTAINER)  # an old import: no header
    path.write_text(marked, encoding="utf-8")
    commit_all(handmade, MAINTAINER)  # the header added, translations unchanged
    run(handmade, "sync", "--keep", "0")
    assert front(handmade / "pages" / "fr" / "index.md")["translator"] == "Loïck Bourdois"


def test_someone_elses_mark_never_takes_the_creators_credit(handmade: Path, run: Run) -> None:
    """Ana added a translated catalog; a later pull request marks it as imported."""
    run(handmade, "adopt")
    path = handmade / "locales" / "fr" / "index.po"
    marked = path.read_text(encoding="utf-8")
    path.write_text(
        "".join(line for line in marked.splitlines(keepends=True) if "X-Imported-" not in line),
        encoding="utf-8",
    )
    commit_all(handmade, ANA, "2022-03-05T10:00:00+00:00")
    path.write_text(marked, encoding="utf-8")
    commit_all(handmade, ("Mallory", "m@example.org"))
    run(handmade, "sync", "--keep", "0")
    credits = front(handmade / "pages" / "fr" / "index.md")
    assert "Ana Lima" in credits["translator"] and "Mallory" not in credits["translator"]
    assert credits["translation-date"] == "05 Mar 2022"


def test_a_stale_import_header_does_not_hide_a_translator(handmade: Path, run: Run) -> None:
    """The header stays in the catalog; a commit changing translations is still credited."""
    adopt_commit_sync(handmade, run)
    path = handmade / "locales" / "fr" / "index.po"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('msgstr "Descriptif"', 'msgstr "Présentation"'), encoding="utf-8")
    commit_all(handmade, ANA, "2022-03-05T10:00:00+00:00")
    run(handmade, "sync", "--keep", "0")
    assert "Ana Lima" in front(handmade / "pages" / "fr" / "index.md")["translator"]


def test_the_same_adoption_writes_the_same_bytes(handmade: Path, run: Run, tmp_path: Path) -> None:
    first = adopt_commit_sync(handmade, run)
    pages = {p: p.read_bytes() for p in (handmade / "pages" / "fr").rglob("*.md")}
    git(handmade, "reset", "-q", "--hard", "HEAD~2")
    git(handmade, "clean", "-qfdx")
    assert adopt_commit_sync(handmade, run) == first
    assert {p: p.read_bytes() for p in pages} == pages
    today = date.today()
    assert first["translation-date"] not in (f"{today:%d %b %Y}", f"{today.day} {today:%b %Y}")


def test_a_page_without_a_date_gets_none_from_the_clock(handmade: Path, run: Run) -> None:
    page = handmade / "pages" / "fr" / "index.md"
    page.write_text(
        page.read_text(encoding="utf-8").replace("translation-date: 1 Aug 2020\n", ""),
        encoding="utf-8",
    )
    commit_all(handmade, AUTHOR)
    credits = adopt_commit_sync(handmade, run)
    assert "translation-date" not in credits
    assert credits["translator"] == "Loïck Bourdois"


# --- dates ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "day"),
    [
        ("1 Aug 2020", date(2020, 8, 1)),
        ("01 Aug 2020", date(2020, 8, 1)),
        ("16 August 2020", date(2020, 8, 16)),
        ("Aug 16 2020", date(2020, 8, 16)),
        ("August 16, 2020", date(2020, 8, 16)),
        ("Aug 16th, 2020", date(2020, 8, 16)),
        ("July 2020", date(2020, 7, 1)),
        ("5 March 2021", date(2021, 3, 5)),
        ("28 Fev 2021", date(2021, 2, 28)),
        ("16 de agosto de 2020", date(2020, 8, 16)),
        ("16. August 2020", date(2020, 8, 16)),
        ("2020-08-16", date(2020, 8, 16)),
        ("2020/08/16", date(2020, 8, 16)),
        ("16.08.2020", date(2020, 8, 16)),
        ("2020年8月16日", date(2020, 8, 16)),
        (date(2020, 8, 16), date(2020, 8, 16)),
    ],
)
def test_every_date_spelling_is_read(written: object, day: date) -> None:
    found = parse_date(written)
    assert found is not None and found.date() == day


@pytest.mark.parametrize("written", ["08/09/2020", "soon", "32 Aug 2020", "Smarch 2020", ""])
def test_ambiguous_or_impossible_dates_are_not_guessed(written: str) -> None:
    assert parse_date(written) is None


@pytest.mark.parametrize("written", ["Aug 16 2020", "July 2020", "16 August 2020", "2020-08-16"])
def test_dates_are_written_back_as_the_page_wrote_them(
    handmade: Path, run: Run, written: str
) -> None:
    page = handmade / "pages" / "fr" / "index.md"
    page.write_text(FRENCH_HOME.format(date=written), encoding="utf-8")
    commit_all(handmade, AUTHOR)
    assert adopt_commit_sync(handmade, run)["translation-date"] == written


def test_a_hostile_imported_date_is_not_written(handmade: Path, run: Run) -> None:
    adopt_commit_sync(handmade, run)
    path = handmade / "locales" / "fr" / "index.po"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("X-Imported-Date: 1 Aug 2020", "X-Imported-Date: {{ evil }} x: y"),
        encoding="utf-8",
    )
    run(handmade, "sync", "--keep", "0")
    assert "evil" not in (handmade / "pages" / "fr" / "index.md").read_text(encoding="utf-8")


# --- a shallow clone stops before anything is written --------------------------------------


@pytest.mark.parametrize("command", [["update"], ["sync"], ["sync", "--commit"], ["build"]])
def test_a_shallow_clone_stops_with_one_line(
    handmade: Path, run: Run, tmp_path: Path, command: list[str]
) -> None:
    adopt_commit_sync(handmade, run)
    (handmade / "pages" / "index.md").write_text(
        (handmade / "pages" / "index.md").read_text() + "\nA new English paragraph.\n"
    )
    commit_all(handmade, MAINTAINER)
    shallow = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{handmade}", str(shallow))
    before = git(shallow, "status", "--porcelain")  # (its own cache is ignored by git)
    result = run(shallow, *command, ok=False)
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and "shallow" in result.stderr
    assert git(shallow, "status", "--porcelain") == before


def test_history_dates_are_read_in_the_authors_offset() -> None:
    found = parse_date("2020-08-16 23:30+0200")
    assert found == datetime(2020, 8, 16, 21, 30, tzinfo=timezone.utc)


# --- the history walk itself -----------------------------------------------------------------


def catalog_text(translations: dict[str, str], vouch: dict[str, str] | None) -> str:
    """A catalog; ``vouch`` gives the translations its X-Imported-From hash vouches for."""
    head = ['msgid ""', 'msgstr ""', '"Content-Type: text/plain; charset=UTF-8\\n"']
    if vouch is not None:
        digest = translations_hash(((None, k), v) for k, v in vouch.items() if v)
        head.append(f'"X-Imported-From: pages/fr/intro.md {digest}\\n"')
    body = [f'msgid "{k}"\nmsgstr "{v}"\n' for k, v in translations.items()]
    return "\n".join(head) + "\n\n" + "\n".join(body)


@pytest.mark.parametrize(
    ("imported", "vouched", "credited"),
    [
        ({"Hello": "Bonjour", "World": ""}, {"Hello": "Bonjour"}, ()),  # an import
        ({"Hello": "Bonjour", "World": "Monde"}, {"Hello": "Bonjour"}, ("Site Maintainer",)),
        ({"Hello": "Bonjour", "World": ""}, None, ("Site Maintainer",)),  # no mark: as before
    ],
)
def test_an_import_commit_is_told_by_its_hash(
    tmp_path: Path,
    imported: dict[str, str],
    vouched: dict[str, str] | None,
    credited: tuple[str, ...],
) -> None:
    git(tmp_path, "init", "-q", "-b", "main")
    path = tmp_path / "locales" / "fr" / "intro.po"
    path.parent.mkdir(parents=True)
    path.write_text(catalog_text(imported, vouched), encoding="utf-8")
    commit_all(tmp_path, MAINTAINER, "2021-01-01T10:00:00+00:00")
    rel = Path("locales/fr/intro.po")
    assert read_history(tmp_path, [rel])[rel].translators == credited
    later = {**imported, "World": "Le monde"}  # the mark stays, the translations move on
    path.write_text(catalog_text(later, vouched), encoding="utf-8")
    commit_all(tmp_path, ANA, "2022-03-05T10:00:00+00:00")
    history = read_history(tmp_path, [rel])[rel]
    assert history.translators == (*credited, "Ana Lima")
    assert history.last_changed is not None and history.last_changed.year == 2022


def test_a_rewritten_header_is_not_an_uncommitted_translation(tmp_path: Path) -> None:
    """The old timing bug: a catalog ``update`` re-headed (a later POT-Creation-Date) whose
    multi-line ``#|`` the fast reader cannot read was taken for new translations, so its
    page's date depended on whether a minute had passed between import and sync."""
    git(tmp_path, "init", "-q", "-b", "main")
    path = tmp_path / "fr.po"
    entry = (
        '#, fuzzy\n#| msgid ""\n#| "An older English text that was long enough "\n#| "to wrap."\n'
        'msgid "Hello"\nmsgstr "Bonjour"\n\nmsgid "World"\nmsgstr "Monde"\n'
    )
    header = 'msgid ""\nmsgstr ""\n"POT-Creation-Date: 2026-12-01 10:{}+0000\\n"\n\n'
    path.write_text(header.format("00") + entry, encoding="utf-8")
    commit_all(tmp_path, MAINTAINER)
    path.write_text(header.format("01") + entry, encoding="utf-8")
    assert uncommitted_translations(tmp_path, [path]) == set()
    path.write_text(header.format("01") + entry.replace("Monde", "Le monde"), encoding="utf-8")
    assert uncommitted_translations(tmp_path, [path]) == {path}


def test_status_makes_no_staleness_claim_in_a_shallow_clone(
    handmade: Path, run: Run, tmp_path: Path
) -> None:
    """A shallow clone's one commit would pass for the English page's last change."""
    adopt_commit_sync(handmade, run)
    path = handmade / "locales" / "fr" / "index.po"
    po = polib.pofile(str(path))
    for entry in po:
        entry.msgstr, entry.flags, entry.previous_msgid = entry.msgstr or entry.msgid, [], None
    po.save()
    commit_all(handmade, ANA)
    run(handmade, "sync", "--commit", "--keep", "0")  # complete: records the English revision
    assert "X-Source-Revision" in path.read_text(encoding="utf-8")
    po = polib.pofile(str(path))
    po[0].msgstr = ""  # incomplete again, the English unchanged
    po.save()
    commit_all(handmade, ANA)
    assert "outdated" not in run(handmade, "status").output
    shallow = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{handmade}", str(shallow))
    result = run(shallow, "status")  # a pull request's default checkout: read-only, allowed
    assert "outdated" not in result.output and "fr" in result.output
