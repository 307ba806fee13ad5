"""Translation memory: init and update fill new entries from the language's other catalogs."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from rapidfuzz.distance import Indel

from conftest import Run
from transpipe.catalog import Catalog, Message
from transpipe.memory import SIMILAR, Memory

KNOWN = "Deep learning is inspired by the brain."


def catalog(*pairs: tuple[str, str], fuzzy: bool = False) -> Catalog:
    return Catalog(messages=[Message(i, s, flags=["fuzzy"] if fuzzy else []) for i, s in pairs])


def test_identical_english_gives_the_translation() -> None:
    memory = Memory([catalog((KNOWN, "Inspiré du cerveau."))])
    target = catalog((KNOWN, ""))
    filled = memory.fill(target)
    assert (filled.exact, filled.fuzzy) == (1, 0)
    message = target.messages[0]
    assert message.msgstr == "Inspiré du cerveau." and not message.fuzzy
    assert message.previous_msgid is None


def test_similar_english_gives_a_fuzzy_suggestion_with_its_source() -> None:
    memory = Memory([catalog((KNOWN, "Inspiré du cerveau."))])
    target = catalog(("Deep learning is inspired by the brains.", ""))
    filled = memory.fill(target)
    assert (filled.exact, filled.fuzzy) == (0, 1)
    message = target.messages[0]
    assert message.fuzzy and message.msgstr == "Inspiré du cerveau."
    assert message.previous_msgid == KNOWN


@pytest.mark.parametrize(
    "english",
    [
        "Deep learning is inspired by the brain!",
        "Deep learning was inspired by the brain.",
        "Machine learning is inspired by the brain.",
        "Deep learning is inspired by biology.",
        "Deep nets are inspired by the brain.",
        "学习 is inspired by the brain.",
    ],
)
def test_the_threshold_is_update_s_measure(english: str) -> None:
    """Suggested exactly when the Indel similarity of the UTF-8 bytes is at least 80 %."""
    as_bytes = [text.encode().decode("latin-1") for text in (english, KNOWN)]
    expected = Indel.normalized_similarity(*as_bytes) >= SIMILAR
    target = catalog((english, ""))
    Memory([catalog((KNOWN, "Inspiré du cerveau."))]).fill(target)
    assert (target.messages[0].msgstr != "") is expected


def test_never_over_a_translators_work() -> None:
    memory = Memory([catalog((KNOWN, "Inspiré du cerveau."), ("Supervised learning", "Supervisé"))])
    target = Catalog(
        messages=[
            Message(KNOWN, "Ma traduction"),
            Message("Supervised learning", "Brouillon", flags=["fuzzy"]),
            Message("Back to the start", "", obsolete=True),
        ]
    )
    before = [(m.msgstr, list(m.flags)) for m in target.messages]
    filled = memory.fill(target)
    assert (filled.exact, filled.fuzzy) == (0, 0)
    assert [(m.msgstr, m.flags) for m in target.messages] == before


def test_fuzzy_entries_are_not_memory() -> None:
    memory = Memory([catalog((KNOWN, "Peut-être"), fuzzy=True)])
    assert len(memory) == 0 and memory.suggest(KNOWN) is None


def test_the_most_used_translation_wins() -> None:
    memory = Memory(
        [catalog(("Week", "Semaine")), catalog(("Week", "Semaine")), catalog(("Week", "Sem."))]
    )
    assert memory.suggest("Week") == ("Week", "Semaine", False)


NEW_PAGE = """\
---
title: Evolution of CNNs
---

## Description

Deep learning is inspired by the brains.

A paragraph nobody has translated yet, anywhere in the site.
"""


def _translate(po: Path, table: dict[str, str]) -> None:
    catalog = polib.pofile(str(po))
    for entry in catalog:
        if entry.msgid in table:
            entry.msgstr = table[entry.msgid]
    catalog.save()


def test_init_fills_new_catalogs_from_memory(site: Path, run: Run) -> None:
    run(site, "init", "fr")
    _translate(site / "locales" / "fr" / "index.po", {"Description": "Description (fr)"})
    _translate(site / "locales" / "fr" / "week01" / "01-1.po", {KNOWN: "Inspiré du cerveau."})
    (site / "pages" / "en" / "week01" / "01-2.md").write_text(NEW_PAGE)
    result = run(site, "init", "fr")
    assert result.output.splitlines()[-1] == (
        "init fr: 1 catalog written; 2 kept (they exist: use 'transpipe update'); "
        "1 filled from memory; 1 suggested by memory (fuzzy)"
    )
    entries = {e.msgid: e for e in polib.pofile(str(site / "locales/fr/week01/01-2.po"))}
    assert entries["Description"].msgstr == "Description (fr)"
    assert "fuzzy" not in entries["Description"].flags
    suggestion = entries["Deep learning is inspired by the brains."]
    assert suggestion.msgstr == "Inspiré du cerveau." and "fuzzy" in suggestion.flags
    assert suggestion.previous_msgid == KNOWN
    assert entries["A paragraph nobody has translated yet, anywhere in the site."].msgstr == ""
    assert run(site, "init", "pt").output.splitlines()[-1].startswith("init pt: 3 catalogs")


def test_update_fills_only_new_entries(site: Path, run: Run) -> None:
    run(site, "init", "fr")
    _translate(site / "locales" / "fr" / "index.po", {"Description": "Description (fr)"})
    week = site / "pages" / "en" / "week01" / "01-1.md"
    week.write_text(week.read_text() + "\n## Description\n")
    result = run(site, "-v", "update", "--lang", "fr")
    assert "1 filled from memory" in result.output.splitlines()[-1]
    assert "(1 filled from memory, 0 fuzzy suggestions)" in result.output
    po = polib.pofile(str(site / "locales" / "fr" / "week01" / "01-1.po"))
    assert po.find("Description").msgstr == "Description (fr)"
    assert po.find("Supervised learning").msgstr == ""  # untranslated before: left to people
    again = run(site, "update", "--lang", "fr")
    assert "memory" not in again.output
