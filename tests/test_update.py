"""merge() follows GNU ``msgmerge --previous``: compared with the real tool on the same files."""

from __future__ import annotations

import copy
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from transpipe.catalog import Catalog, Message
from transpipe.update import FUZZY_THRESHOLD, MergeResult, merge, merge_headers

MSGMERGE = shutil.which("msgmerge")
MSGMERGE_OPTIONS = ["--previous", "--no-wrap", "--force-po", "--quiet"]
needs_msgmerge = pytest.mark.skipif(
    MSGMERGE is None, reason="GNU msgmerge (gettext) is not installed: nothing to compare with"
)

POT_HEADERS = {
    "Project-Id-Version": "dlsp20",
    "Report-Msgid-Bugs-To": "",
    "POT-Creation-Date": "2024-05-05 10:00+0000",
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
}
PO_HEADERS = {
    "Project-Id-Version": "dlsp20",
    "Report-Msgid-Bugs-To": "",
    "POT-Creation-Date": "2020-01-01 09:00+0000",
    "PO-Revision-Date": "2020-02-02 12:00+0100",
    "Last-Translator": "Marie Curie <marie@example.org>",
    "Language-Team": "French",
    "Language": "fr",
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
}

# What a merged entry is, for comparison: everything msgmerge decides.
Row = tuple[
    str | None,  # msgctxt
    str,  # msgid
    str,  # msgstr
    tuple[str, ...],  # flags: fuzzy first
    str | None,  # previous msgctxt
    str | None,  # previous msgid
    bool,  # obsolete
    tuple[str, ...],  # translator comments
    tuple[str, ...],  # extracted comments
    tuple[tuple[str, int], ...],  # locations
]


def rows(catalog: Catalog) -> list[Row]:
    return [
        (
            m.msgctxt,
            m.msgid,
            m.msgstr,
            tuple(m.flags),
            m.previous_msgctxt,
            m.previous_msgid,
            m.obsolete,
            tuple(m.user_comments),
            tuple(m.auto_comments),
            tuple(m.locations),
        )
        for m in catalog.messages
    ]


def to_po(catalog: Catalog) -> polib.POFile:
    """The catalog as polib writes it (obsolete entries last, so keep them last in tests)."""
    po = polib.POFile(wrapwidth=0)
    po.header = catalog.header_comment
    po.metadata = dict(catalog.headers)
    po.metadata_is_fuzzy = catalog.header_fuzzy
    for m in catalog.messages:
        po.append(
            polib.POEntry(
                msgid=m.msgid,
                msgstr=m.msgstr,
                msgctxt=m.msgctxt,
                occurrences=[(path, str(line)) for path, line in m.locations],
                comment="\n".join(m.auto_comments),
                tcomment="\n".join(m.user_comments),
                flags=list(m.flags),
                previous_msgid=m.previous_msgid,
                previous_msgctxt=m.previous_msgctxt,
                obsolete=m.obsolete,
            )
        )
    return po


def from_po(po: polib.POFile) -> Catalog:
    return Catalog(
        header_comment=po.header,
        headers=dict(po.metadata),
        header_fuzzy=bool(po.metadata_is_fuzzy),
        messages=[
            Message(
                msgid=e.msgid,
                msgstr=e.msgstr,
                msgctxt=e.msgctxt,
                locations=[(path, int(line)) for path, line in e.occurrences],
                auto_comments=e.comment.split("\n") if e.comment else [],
                user_comments=e.tcomment.split("\n") if e.tcomment else [],
                flags=list(e.flags),
                previous_msgid=e.previous_msgid,
                previous_msgctxt=e.previous_msgctxt,
                obsolete=e.obsolete,
            )
            for e in po
        ],
    )


def msgmerge(template: Catalog, catalog: Catalog, folder: Path) -> Catalog:
    """Run ``msgmerge --previous`` on the two catalogs written as files."""
    assert MSGMERGE is not None
    to_po(catalog).save(str(folder / "old.po"))
    to_po(template).save(str(folder / "new.pot"))
    out = folder / "out.po"
    subprocess.run(
        [MSGMERGE, *MSGMERGE_OPTIONS, "old.po", "new.pot", "-o", out.name],
        cwd=folder,
        check=True,
        capture_output=True,
    )
    # polib 1.2 does not read "#~|" (the previous msgid of an obsolete entry) but reads "#|".
    text = re.sub(r"^#~\| ", "#| ", out.read_text(encoding="utf-8"), flags=re.MULTILINE)
    return from_po(polib.pofile(text, wrapwidth=0))


def gnu(template: Catalog, catalog: Catalog) -> Catalog:
    with tempfile.TemporaryDirectory() as folder:
        return msgmerge(template, catalog, Path(folder))


def assert_like_msgmerge(template: Catalog, catalog: Catalog) -> Catalog:
    """merge() gives msgmerge's entries and header, in its order, and leaves its inputs alone."""
    before = copy.deepcopy((template, catalog))
    ours = merge(template, catalog).catalog
    assert (template, catalog) == before
    theirs = gnu(template, catalog)
    assert rows(ours) == rows(theirs)
    assert list(ours.headers.items()) == list(theirs.headers.items())
    assert (ours.header_comment, ours.header_fuzzy) == (theirs.header_comment, theirs.header_fuzzy)
    return ours


def counts(result: MergeResult) -> dict[str, int]:
    return {k: v for k, v in vars(result).items() if k != "catalog"}


def pot(*msgids: str, page: str = "en/week01/01.md") -> Catalog:
    """A template: one entry a paragraph, at lines 1, 3, 5…, with an extracted comment."""
    return Catalog(
        headers=dict(POT_HEADERS),
        messages=[
            Message(msgid, locations=[(page, 2 * i + 1)], auto_comments=[f"paragraph {i + 1}"])
            for i, msgid in enumerate(msgids)
        ],
    )


def translated(template: Catalog, translate: dict[str, str]) -> Catalog:
    """A catalog of the template with the given translations."""
    return Catalog(
        header_comment="French translation of the course.\nMarie Curie <marie@example.org>, 2020.",
        headers=dict(PO_HEADERS),
        messages=[
            Message(
                m.msgid,
                translate.get(m.msgid, ""),
                locations=list(m.locations),
                auto_comments=list(m.auto_comments),
            )
            for m in template.messages
        ],
    )


TITLE = "History and motivation"
P1 = "Deep learning is inspired by the brain, but it is not a model of how the brain works."
P2 = "The course covers supervised learning, energy-based models and self-supervised learning."
P3 = "Hubel and Wiesel studied the visual cortex of cats in the 1960s."
P4 = "Convolutional networks were trained with back-propagation by the end of the 1980s."
FR = {
    TITLE: "Histoire et motivation",
    P1: "L'apprentissage profond s'inspire du cerveau, sans en être un modèle.",
    P2: "Le cours couvre l'apprentissage supervisé et les modèles à base d'énergie.",
    P3: "Hubel et Wiesel ont étudié le cortex visuel des chats dans les années 1960.",
    P4: "Les réseaux convolutifs étaient entraînés par rétropropagation à la fin des années 1980.",
}


@needs_msgmerge
def test_update_after_the_english_changed() -> None:
    """One word changed, a paragraph added, one removed, the title changed."""
    catalog = translated(pot(TITLE, P1, P2, P3, P4), FR)
    p2 = P2.replace("covers", "introduces")
    added = "Yann LeCun joined Bell Labs in 1988, where he worked on handwriting recognition."
    title = "History and motivation of deep learning"
    template = pot(title, P1, p2, added, P4)

    result = merge(template, catalog)
    merged = assert_like_msgmerge(template, catalog)

    assert [m.msgid for m in merged.active()] == [title, P1, p2, added, P4]
    by_id = {m.msgid: m for m in merged.messages}
    assert by_id[title].fuzzy and by_id[title].previous_msgid == TITLE
    assert by_id[title].msgstr == FR[TITLE]
    assert by_id[p2].fuzzy and by_id[p2].previous_msgid == P2 and by_id[p2].msgstr == FR[P2]
    assert not by_id[P1].fuzzy and by_id[P1].previous_msgid is None
    assert by_id[added].msgstr == "" and not by_id[added].fuzzy
    assert by_id[P3].obsolete and by_id[P3].msgstr == FR[P3] and by_id[P3].locations == []
    assert by_id[P3].auto_comments == []
    assert by_id[P1].locations == [("en/week01/01.md", 3)]
    assert counts(result) == {"kept": 2, "fuzzy": 2, "new": 1, "obsoleted": 1, "revived": 0}
    # The translator's header stays; the template dates it.
    assert merged.headers["Last-Translator"] == PO_HEADERS["Last-Translator"]
    assert merged.headers["POT-Creation-Date"] == POT_HEADERS["POT-Creation-Date"]
    assert merged.header_comment == catalog.header_comment


@needs_msgmerge
def test_header_fields_as_msgmerge_writes_them() -> None:
    template = pot(P1)
    catalog = translated(pot(P1), FR)
    catalog.header_fuzzy = True
    catalog.headers = {"Content-Type": "text/plain; charset=UTF-8", "X-Generator": "Poedit 3.0"}
    catalog.headers |= {"Last-Translator": "Ada", "POT-Creation-Date": "2000-01-01 00:00+0000"}
    ours = assert_like_msgmerge(template, catalog)
    assert list(ours.headers) == [
        "Report-Msgid-Bugs-To",
        "POT-Creation-Date",
        "Last-Translator",
        "Content-Type",
        "X-Generator",
    ]


@needs_msgmerge
def test_flags_come_from_the_template_fuzziness_from_the_catalog() -> None:
    catalog = translated(pot(P1, P2, P3), FR)
    catalog.messages[0].flags = ["fuzzy", "no-wrap"]
    catalog.messages[2].flags = ["no-wrap"]
    template = pot(P1, P2, P3 + " Again.")
    template.messages[1].flags = ["no-wrap"]
    merged = assert_like_msgmerge(template, catalog)
    assert [m.flags for m in merged.messages] == [["fuzzy"], ["no-wrap"], ["fuzzy"]]


def test_a_catalog_without_header_gets_none_like_msgmerge() -> None:
    assert merge_headers(POT_HEADERS, {}) == {}


@needs_msgmerge
def test_moved_paragraph_is_not_fuzzy() -> None:
    catalog = translated(pot(TITLE, P1, P2, P3), FR)
    template = pot(TITLE, P3, P1, P2)
    result = merge(template, catalog)
    merged = assert_like_msgmerge(template, catalog)
    assert [m.msgid for m in merged.messages] == [TITLE, P3, P1, P2]
    assert not any(m.fuzzy or m.obsolete for m in merged.messages)
    assert [m.msgstr for m in merged.messages] == [FR[TITLE], FR[P3], FR[P1], FR[P2]]
    assert merged.messages[1].locations == [("en/week01/01.md", 3)]
    assert counts(result) == {"kept": 4, "fuzzy": 0, "new": 0, "obsoleted": 0, "revived": 0}


@needs_msgmerge
def test_removed_then_restored_paragraph_is_revived() -> None:
    catalog = translated(pot(TITLE, P1, P2, P3), FR)
    without = pot(TITLE, P1, P3)
    once = merge(without, catalog)
    assert once.obsoleted == 1
    assert [m.msgid for m in once.catalog.obsolete()] == [P2]
    assert_like_msgmerge(without, catalog)

    restored = pot(TITLE, P1, P2, P3)
    again = merge(restored, once.catalog)
    merged = assert_like_msgmerge(restored, once.catalog)
    assert counts(again) == {"kept": 3, "fuzzy": 0, "new": 0, "obsoleted": 0, "revived": 1}
    assert merged.obsolete() == []
    revived = merged.messages[2]
    assert (revived.msgid, revived.msgstr, revived.fuzzy) == (P2, FR[P2], False)
    assert revived.locations == [("en/week01/01.md", 5)]


@needs_msgmerge
def test_fuzzy_stays_fuzzy_and_translator_comments_stay() -> None:
    catalog = translated(pot(TITLE, P1, P2), FR)
    old_p1 = P1.replace("brain,", "human brain,")
    catalog.messages[1].fuzzy = True
    catalog.messages[1].previous_msgid = old_p1
    catalog.messages[1].user_comments = ["check the second clause"]
    catalog.messages[2].user_comments = ["reviewed", "by Pierre"]
    template = pot(TITLE, P1, P2.replace("covers", "presents"))
    merged = assert_like_msgmerge(template, catalog)
    p1, p2 = merged.messages[1], merged.messages[2]
    assert p1.fuzzy and p1.previous_msgid == old_p1 and p1.msgstr == FR[P1]
    assert p1.user_comments == ["check the second clause"]
    assert p2.fuzzy and p2.previous_msgid == P2 and p2.user_comments == ["reviewed", "by Pierre"]


@needs_msgmerge
def test_untranslated_entries_are_not_matched_nor_kept() -> None:
    """Only translated entries are fuzzy candidates; unused untranslated ones are dropped."""
    catalog = translated(pot(P1, P2, P3), {P1: FR[P1]})
    catalog.messages[2].fuzzy = True  # fuzzy but empty: shows as neither
    template = pot(P1, P2 + " Really.", P3)
    merged = assert_like_msgmerge(template, catalog)
    assert [m.msgid for m in merged.messages] == [P1, P2 + " Really.", P3]
    assert merged.messages[1].msgstr == "" and not merged.messages[1].fuzzy
    assert not merged.messages[2].fuzzy


@needs_msgmerge
def test_fuzzy_match_against_obsolete_entry() -> None:
    catalog = translated(pot(P1, P2), FR)
    catalog.messages[1].obsolete = True
    catalog.messages[1].locations = []
    template = pot(P1, P2.replace("learning.", "learning too."))
    result = merge(template, catalog)
    merged = assert_like_msgmerge(template, catalog)
    assert merged.messages[1].fuzzy and merged.messages[1].msgstr == FR[P2]
    assert merged.obsolete() == [] and result.fuzzy == 1 and result.obsoleted == 0


@needs_msgmerge
def test_one_translation_can_seed_several_new_entries() -> None:
    """msgmerge searches each new msgid on its own: a used entry is still a candidate."""
    catalog = translated(pot(P1), FR)
    template = pot(P1, P1 + " Mostly.", P1.replace("Deep", "Shallow"))
    merged = assert_like_msgmerge(template, catalog)
    assert [m.fuzzy for m in merged.messages] == [False, True, True]
    assert {m.msgstr for m in merged.messages} == {FR[P1]}


@needs_msgmerge
def test_context_counts_but_does_not_forbid() -> None:
    catalog = translated(pot("Open", "Open file now"), {"Open": "Ouvrir", "Open file now": "Ouvre"})
    catalog.messages[0].msgctxt = "verb"
    template = pot("Open", "Open file now")
    template.messages[0].msgctxt = "adjective"
    template.messages[1].msgctxt = "menu"
    merged = assert_like_msgmerge(template, catalog)
    assert merged.messages[0].fuzzy and merged.messages[0].previous_msgctxt == "verb"
    assert merged.messages[1].fuzzy and merged.messages[1].previous_msgctxt is None


BASE = "Train the network for ten epochs"  # 32 characters


def edited(n: int) -> str:
    """BASE with its last n characters replaced: Indel ratio (64 - 2n) / 64."""
    return BASE[: len(BASE) - n] + "#" * n


@needs_msgmerge
@pytest.mark.parametrize(
    ("old", "new"),
    [
        (BASE, edited(12)),  # 40/64 = 0.625: above
        (BASE, edited(13)),  # 38/64 = 0.594: below
        ("abcdefghij", "abcdefXXXX"),  # 12/20 = 0.6 exactly: not above
        ("abcdefghij", "abcdefgXXX"),  # 14/20 = 0.7
        ("Hom", "Home"),  # short strings: lengths in bytes, no 4-grams
        ("Home", "Hom"),  # 6/7, but "Hom" has no 4-gram in common: no match
        ("abcd", "abxd"),  # 0.75, but no 4-gram in common: no match
        ("Yes", "Ye"),
        ("Oui", "Ouï"),  # bytes: "ï" is two
        ("Ça va très bien", "Ça va tres bien"),
        ("café crème", "cafe creme"),
    ],
)
def test_threshold_agrees_with_msgmerge(old: str, new: str) -> None:
    catalog = translated(pot(old), {old: "T"})
    template = pot(new)
    merged = assert_like_msgmerge(template, catalog)
    assert FUZZY_THRESHOLD == 0.6
    if old == BASE:
        assert merged.messages[0].fuzzy == (new == edited(12))


@needs_msgmerge
def test_ties_go_to_more_shared_grams_then_to_the_earlier_entry() -> None:
    old = ["Save the file now", "Save the file n0w", "Save thX file now", "Sbve the file now"]
    catalog = translated(pot(*old), {m: f"T{i}" for i, m in enumerate(old)})
    for new in ["Save the file nqw", "Save tXe file now", "Save the filZ now", "Szve the file now"]:
        merged = assert_like_msgmerge(pot(new), catalog)
        assert merged.messages[0].fuzzy


# Random catalogs: sentences of a small vocabulary, with word and letter edits, so that many
# pairs land near the threshold and ties happen.
SENTENCES = [
    "The network learns a representation of the data.",
    "The network learns representations of the input data.",
    "Gradient descent minimises the loss function.",
    "Stochastic gradient descent minimises the average loss.",
    "Convolutions share weights across positions.",
    "Attention weighs every token against every other token.",
    "Energy-based models assign low energy to correct answers.",
    "Home",
    "Next",
    "Exercises",
    "Résumé",
    "See also",
]
WORDS = ["the", "a", "model", "deep", "very", "data", "loss", "é", "network"]


@st.composite
def variant(draw: st.DrawFn) -> str:
    words = draw(st.sampled_from(SENTENCES)).split(" ")
    for _ in range(draw(st.integers(0, 3))):
        i = draw(st.integers(0, len(words) - 1))
        kind = draw(st.sampled_from(["replace", "delete", "insert", "letter"]))
        if kind == "replace":
            words[i] = draw(st.sampled_from(WORDS))
        elif kind == "delete" and len(words) > 1:
            del words[i]
        elif kind == "insert":
            words.insert(i, draw(st.sampled_from(WORDS)))
        elif kind == "letter" and words[i]:
            j = draw(st.integers(0, len(words[i]) - 1))
            words[i] = words[i][:j] + draw(st.sampled_from("xyzé")) + words[i][j + 1 :]
    return " ".join(words)


CONTEXTS = st.sampled_from([None, None, None, "menu", "title"])


@st.composite
def template_and_catalog(draw: st.DrawFn) -> tuple[Catalog, Catalog]:
    keys = draw(st.lists(st.tuples(CONTEXTS, variant()), max_size=8, unique=True))
    template = Catalog(
        headers=dict(POT_HEADERS),
        messages=[
            Message(msgid, msgctxt=ctxt, locations=[("p.md", i + 1)])
            for i, (ctxt, msgid) in enumerate(keys)
        ],
    )
    old_keys = draw(st.lists(st.tuples(CONTEXTS, variant()), max_size=10, unique=True))
    old_keys += draw(st.lists(st.sampled_from(keys), unique=True)) if keys else []
    old_keys = list(dict.fromkeys(old_keys))
    messages = []
    for i, (ctxt, msgid) in enumerate(draw(st.permutations(old_keys))):
        message = Message(
            msgid,
            draw(st.sampled_from(["", f"T{i}", f"T{i}"])),
            msgctxt=ctxt,
            user_comments=draw(st.sampled_from([[], [f"note {i}"]])),
            obsolete=draw(st.booleans()),
        )
        if draw(st.booleans()) and draw(st.booleans()):
            message.fuzzy = True
            message.previous_msgid = draw(st.none() | variant())
            if message.previous_msgid is not None:
                message.previous_msgctxt = draw(CONTEXTS)
        if not message.obsolete:
            message.locations = [("p.md", 100 + i)]
        messages.append(message)
    messages.sort(key=lambda m: m.obsolete)  # polib writes obsolete entries last
    return template, Catalog(headers=dict(PO_HEADERS), messages=messages)


@needs_msgmerge
@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(template_and_catalog())
def test_random_merges_agree_with_msgmerge(pair: tuple[Catalog, Catalog]) -> None:
    template, catalog = pair
    assert_like_msgmerge(template, catalog)


def test_merging_again_changes_nothing() -> None:
    catalog = translated(pot(TITLE, P1, P2, P3), FR)
    template = pot(TITLE, P1.replace("brain", "mind"), P2)
    once = merge(template, catalog).catalog
    twice = merge(template, once)
    assert twice.catalog == once
    assert counts(twice) == {"kept": 3, "fuzzy": 0, "new": 0, "obsoleted": 0, "revived": 0}


def test_inputs_are_not_shared_with_the_result() -> None:
    catalog = translated(pot(P1, P2), FR)
    template = pot(P1)
    merged = merge(template, catalog).catalog
    merged.messages[0].locations.append(("x.md", 9))
    merged.messages[0].user_comments.append("mine")
    merged.messages[1].flags.append("no-wrap")
    merged.headers["Language"] = "xx"
    assert template.messages[0].locations == [("en/week01/01.md", 1)]
    assert catalog.messages[0].user_comments == [] and catalog.messages[1].flags == []
    assert catalog.headers["Language"] == "fr"


def test_every_paragraph_edited_becomes_fuzzy() -> None:
    """Every paragraph of a 300-entry page edited: each finds its own old translation."""
    texts = [
        f"Page 0, paragraph {i}: the network learns a representation of the data, "
        f"and gradient descent minimises the loss over {i} batches of examples."
        for i in range(300)
    ]
    catalog = translated(pot(*texts), {t: t.upper() for t in texts})
    template = pot(*(t.replace("network", "model") for t in texts))
    result = merge(template, catalog)
    assert result.fuzzy == 300
    assert [m.msgstr for m in result.catalog.messages] == [t.upper() for t in texts]
