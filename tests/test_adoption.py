"""Adopting hand-made pages: a build right after import never shows a reader less.

Each defect has its own small hand-written fixture (tests/fixtures/adopt/CASE.en.md, the
English page, and CASE.fr.md, the hand-made French page), run through the CLI with real
GNU gettext where a translator's tools are involved.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import polib
import pytest

from conftest import FIXTURES, Run

ADOPT = FIXTURES / "adopt"
PAGE = Path("week01") / "01-1.md"


def adopt_site(
    tmp_path: Path, case: str, *, hand_made: str | None = None, flag: bool = False
) -> Path:
    """A site whose English page is CASE.en.md and whose French page is the hand-made one."""
    root = tmp_path / "site"
    (root / "pages" / "en" / "week01").mkdir(parents=True)
    (root / "pages" / "fr" / "week01").mkdir(parents=True)
    (root / "transpipe.toml").write_text(
        'source-language = "en"\nlanguages = ["fr"]\npages = "pages"\nlocales = "locales"\n'
        'sources = ["en/**/*.md"]\n' + ("outdated-flag = true\n" if flag else "")
    )
    shutil.copy(ADOPT / f"{case}.en.md", root / "pages" / "en" / PAGE)
    shutil.copy(ADOPT / f"{hand_made or case}.fr.md", root / "pages" / "fr" / PAGE)
    return root


def catalog(root: Path) -> dict[str, polib.POEntry]:
    po = polib.pofile(str(root / "locales" / "fr" / PAGE.with_suffix(".po")))
    return {e.msgid: e for e in po if not e.obsolete}


def built(root: Path) -> str:
    return (root / "pages" / "fr" / PAGE).read_text(encoding="utf-8")


def adopt(root: Path, run: Run) -> str:
    """import, update, build: what adopting the site does; the import's output."""
    output = run(root, "-v", "import", "fr").output
    run(root, "update")
    run(root, "build")
    return output


# 1. fuzzy imported entries are shown (and the page marked outdated) until reviewed


def test_imported_fuzzy_entries_are_built(tmp_path: Path, run: Run) -> None:
    root = adopt_site(tmp_path, "outdated", flag=True)
    hand = (root / "pages" / "fr" / PAGE).read_text(encoding="utf-8")
    output = adopt(root, run)
    entry = catalog(root)[
        "Both animals need water, food and a quiet corner where nobody disturbs them at night."
    ]
    assert entry.fuzzy and entry.previous_msgid  # the older English it translated
    assert "transpipe: imported from the hand-made page, shown until reviewed" in entry.tcomment
    page = built(root)
    paragraphs = re.findall(r"^Les .*$", hand, re.M)
    assert len(paragraphs) == 4
    for paragraph in paragraphs:
        assert paragraph in page  # every French paragraph the reader had
    assert "Both animals need water" not in page
    assert "translation-outdated: true" in page
    assert "another edition" not in output


def test_imported_fuzzy_entries_survive_msgmerge(tmp_path: Path, run: Run) -> None:
    if shutil.which("msgmerge") is None:
        pytest.skip("GNU gettext's msgmerge is not installed")
    root = adopt_site(tmp_path, "outdated")
    run(root, "import", "fr")
    run(root, "extract")
    po = root / "locales" / "fr" / PAGE.with_suffix(".po")
    pot = root / "locales" / "templates" / PAGE.with_suffix(".pot")
    subprocess.run(
        ["msgmerge", "-q", "--previous", "-U", "--backup=off", str(po), str(pot)], check=True
    )
    run(root, "build")
    assert "Les deux animaux ont besoin d'eau" in built(root)


def test_msgmerge_fuzzy_matches_are_not_built(tmp_path: Path, run: Run) -> None:
    """A fuzzy entry made by an English change is not shown, imported or not."""
    root = adopt_site(tmp_path, "outdated")
    run(root, "import", "fr")
    english = root / "pages" / "en" / PAGE
    text = english.read_text(encoding="utf-8")
    text = text.replace("quiet corner where nobody", "quiet and dark corner where nobody")
    text = text.replace("## Cats", "## The Cats")
    english.write_text(text, encoding="utf-8")
    run(root, "extract")
    run(root, "update")
    entries = catalog(root)
    changed = next(e for e in entries.values() if "quiet and dark corner" in e.msgid)
    assert (
        changed.fuzzy and changed.msgstr
    )  # merged again: no longer the English it was imported for
    assert entries["The Cats"].fuzzy  # was exact, now a msgmerge fuzzy match
    run(root, "build", "--keep", "0")
    page = built(root)
    assert "## The Cats" in page and "## Chats" not in page
    assert "quiet and dark corner" in page and "Les deux animaux" not in page
    assert "Les chats dorment presque" in page  # still the English it was imported for


def test_reviewed_entries_stay_built_and_the_page_is_no_longer_outdated(
    tmp_path: Path, run: Run
) -> None:
    root = adopt_site(tmp_path, "outdated", flag=True)
    run(root, "import", "fr")
    path = root / "locales" / "fr" / PAGE.with_suffix(".po")
    po = polib.pofile(str(path))
    for entry in po:
        if entry.fuzzy:
            entry.flags.remove("fuzzy")  # what "needs work" off in Poedit does
            entry.previous_msgid = None
    po.save()
    run(root, "build")
    assert "Les deux animaux ont besoin d'eau" in built(root)
    assert "translation-outdated" not in built(root)


# 2. nothing doubled or lost: images, reference links, merged paragraphs


def test_images_are_neither_doubled_nor_lost(tmp_path: Path, run: Run) -> None:
    root = adopt_site(tmp_path, "placing")
    adopt(root, run)
    page = built(root)
    assert page.count("dog.png") == 1  # the msgstr carried the cell's image: not twice
    assert page.count("bird.png") == 1  # the msgid swallowed the image: not lost
    assert "(b) Un chien qui court après une balle" in page
    assert "Figure 2. Un oiseau sur une branche" in page
    entries = catalog(root)
    assert (
        entries["(b) A dog running after a ball"].msgstr == "(b) Un chien qui court après une balle"
    )


def test_reference_links_only_the_hand_made_page_defines_are_written_inline(
    tmp_path: Path, run: Run
) -> None:
    root = adopt_site(tmp_path, "placing")
    adopt(root, run)
    assert "Les cours ont lieu dans la [salle 95](http://example.org/rooms/95) le lundi." in built(
        root
    )


def test_paragraphs_translated_as_one_are_shown_once(tmp_path: Path, run: Run) -> None:
    root = adopt_site(tmp_path, "placing")
    adopt(root, run)
    page = built(root)
    for english in ("The cat sleeps on the chair", "When the sun goes down", "At night the cat"):
        assert english not in page  # three English paragraphs, translated as one of 3 lines
    french = ("Le chat dort sur la chaise", "Quand le soleil se couche", "La nuit, le chat sort")
    assert all(line in page for line in french)
    entries = catalog(root)
    assert entries["At night the cat goes out and walks around the garden until dawn."].msgstr == (
        "La nuit, le chat sort et se promène dans le jardin jusqu'à l'aube."
    )


def test_what_cannot_be_placed_is_reported_with_its_line(tmp_path: Path, run: Run) -> None:
    root = adopt_site(tmp_path, "placing")
    output = run(root, "-v", "import", "fr").output
    hand = (root / "pages" / "fr" / PAGE).read_text(encoding="utf-8").split("\n")
    line = hand.index("Un paragraphe que la page anglaise n'a pas.") + 1
    assert f"pages/fr/week01/01-1.md:{line}: no English counterpart today: Un paragraphe" in output


# 3. English left untranslated in a hand-made page is imported as untranslated


def test_english_left_in_a_hand_made_page_is_untranslated(tmp_path: Path, run: Run) -> None:
    root = adopt_site(tmp_path, "english")
    output = adopt(root, run)
    assert "1 still in English (left untranslated)" in output
    entries = catalog(root)
    left = entries["The learning rate is divided by ten after every third epoch of training."]
    assert left.msgstr == "" and not left.fuzzy
    assert entries["Yann LeCun"].msgstr == "Yann LeCun"  # a name: the same in French
    page = built(root)
    assert "The learning rate is divided by ten" in page  # the reader still has it
    assert "Nous entraînons le réseau" in page
    status = json.loads(run(root, "status", "--format", "json").output)
    assert (status[0]["translated"], status[0]["untranslated"]) == (3, 1)  # counts for --keep


# 4. outdated anchors on a same-structure page are not another edition


def test_outdated_anchors_are_not_another_edition(tmp_path: Path, run: Run) -> None:
    root = adopt_site(tmp_path, "outdated")
    output = run(root, "-v", "import", "fr").output
    assert "another edition" not in output
    title = catalog(root)["Cats and dogs"]
    assert title.msgstr == "Chats et chiens" and not title.fuzzy


def test_another_edition_is_still_said_so(tmp_path: Path, run: Run) -> None:
    root = adopt_site(tmp_path, "outdated", hand_made="english")  # a different page entirely
    output = run(root, "-v", "import", "fr").output
    assert "mostly does not match its English page (another edition?)" in output


# 5. a front matter whose opening --- became a blank line


def test_front_matter_with_a_blank_opening_is_detected_and_repaired(
    tmp_path: Path, run: Run
) -> None:
    root = adopt_site(tmp_path, "english", hand_made="blank-opening")
    result = run(root, "import", "fr", ok=False)
    assert result.exit_code != 0
    assert (
        "pages/fr/week01/01-1.md:1: front matter has no opening '---' line (its first line is "
        "blank); run `transpipe repair pages/fr/week01/01-1.md`"
    ) in result.stderr
    assert not (root / "locales" / "fr" / PAGE.with_suffix(".po")).exists()
    run(root, "repair", "pages/fr/week01/01-1.md")
    page = (root / "pages" / "fr" / PAGE).read_text(encoding="utf-8")
    assert page.startswith("---\nlang-ref: ch.05-1\ntitle: Entraînement\n")
    run(root, "import", "fr")
    assert catalog(root)["Training"].msgstr == "Entraînement"
    assert "Ana Lima" in polib.pofile(str(root / "locales" / "fr" / PAGE.with_suffix(".po"))).header


# 6. comments are never rewritten


def test_build_leaves_comments_byte_for_byte(tmp_path: Path, run: Run) -> None:
    root = adopt_site(tmp_path, "comments", hand_made="english")
    (root / "pages" / "fr" / PAGE).unlink()
    run(root, "extract")
    run(root, "init", "fr")
    run(root, "build", "--keep", "0")
    english = (root / "pages" / "en" / PAGE).read_text(encoding="utf-8")
    page = built(root)
    for comment in re.findall(r"<!--.*?-->|\{% comment %\}.*?\{% endcomment %\}", english, re.S):
        assert comment in page
    for line in english.split("\n"):
        if line.startswith(("[comment]:", "[//]:")):
            assert line in page.split("\n")
    assert "Read [the first lecture]({{site.baseurl}}/fr/week01/01-1) again." in page


def test_one_english_text_translated_two_ways_is_reported(tmp_path: Path, run: Run) -> None:
    """One msgid, one msgstr: the other translation cannot be placed, and is said so."""
    root = adopt_site(tmp_path, "twice")
    output = run(root, "-v", "import", "fr").output
    assert (
        "pages/fr/week01/01-1.md:12: same English as line 8, translated differently there "
        "(kept): Que nous apprennent les questions"
    ) in output
    assert catalog(root)["What do the questions and the answers below tell us?"].msgstr == (
        "Que nous disent les questions et les réponses ci-dessous ?"
    )


def test_a_list_written_as_lines_of_one_paragraph_is_placed(tmp_path: Path, run: Run) -> None:
    """``1.Texte`` (no space) is no list: one paragraph the alignment leaves alone, facing
    three English list items left alone: its lines are shared out between them."""
    root = adopt_site(tmp_path, "list")
    output = adopt(root, run)
    assert "no English counterpart" not in output
    page = built(root)
    assert "1. Il y a beaucoup d'information redondante" in page
    assert "3. Elle est beaucoup moins chère à calculer" in page
    assert "There is a lot of redundant information" not in page
