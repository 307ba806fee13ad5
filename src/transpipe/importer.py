"""Import a hand-made translated page into a catalog: pair its units with the English ones.

Anchors come first: translators often keep the English text in an HTML comment beside its
translation (``<!-- English -->`` then the translation, or the other way round). Each
comment unit is paired with a translated unit next to it (:func:`anchors.attach_anchors`);
the whole page is then aligned with the English one (:func:`align.align`), an anchor equal
to the English unit making an exact pair and a similar one a fuzzy pair whose
``previous_msgid`` is the English that was translated. Other pairs rest on structure and
invariants alone: translated only when the alignment margin is wide, otherwise fuzzy. A
page that mostly does not match its English page imports only its certain pairs.

Nothing a reader had is lost: a translated unit covering several English units is shared
out between them, one left alone between two pairs is placed when it fits, and each
msgstr is fitted to its English unit (:mod:`placing`). Fuzzy entries are marked as
imported (:mod:`provisional`): the build shows them until a translator reviews them.
English left untranslated in the page is imported as untranslated.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from rapidfuzz.distance import Indel

from transpipe import placing, provisional
from transpipe.align import Features, Scorer, Side, align, features, normal_text
from transpipe.anchors import SIMILAR, anchor_comments, attach_anchors, block_comments, within
from transpipe.catalog import Catalog
from transpipe.extract import new_catalog, po_date
from transpipe.gaps import fill_gaps, split_merged
from transpipe.imported import IMPORTED_DATE
from transpipe.msgstr import clean_msgstr, in_english
from transpipe.page import Page, Unit, UnitKind, parse_page
from transpipe.pagecredits import page_credits, page_date_text
from transpipe.pairs import How, Pair, agreeing, chosen_pairs, unit_context

ANCHOR_EXACT = 25.0  # alignment bonus: the comment beside a translation is this English unit
ANCHOR_SIMILAR = 10.0  # ... is similar to it (times the similarity)
ANCHOR_OTHER = -4.0  # ... is some other text
CERTAIN_MARGIN = 3.0  # alignment margin (log-odds) above which a structural pair is certain
CERTAIN_SCORE = 2.0  # ... and its own score
STRUCTURE_SHARE = 0.9  # share of units paired, of pairs of one kind: the English structure
LOW_MATCH = 0.5  # below this share of certain pairs, the page mostly does not match: ...
STRONG = 6.0  # ... only anchors and pairs this strong (shared invariants) are imported


@dataclass(frozen=True)
class Unpaired:
    """A unit left without a counterpart, with its line in its own page."""

    text: str
    kind: str  # as in the catalog (``Unit.label``)
    line: int


@dataclass(frozen=True)
class ImportReport:
    """What an import found."""

    exact: int  # English units given a translation, not fuzzy
    anchored: int  # ... of which through an English comment
    fuzzy: int  # English units given a fuzzy translation
    untranslated: tuple[Unpaired, ...]  # English units without translation (English lines)
    extra: tuple[Unpaired, ...]  # translated units without English counterpart (their lines)
    match: float  # share of the units of both pages that are paired
    matches_structure: bool  # few units unpaired, pairs of like kinds: the English structure
    low_match: bool  # few certain pairs: another edition? only anchors and strong pairs kept
    english: int = 0  # English units whose translated unit is still English (left untranslated)
    # translated units whose English text is translated differently elsewhere in the page
    # (one msgstr per msgid: the other translation is kept), with the line of the one kept
    conflicts: tuple[tuple[Unpaired, int], ...] = ()


@dataclass(frozen=True)
class ImportResult:
    """The catalog of an imported page, the pairs it came from and the report."""

    catalog: Catalog
    pairs: tuple[Pair, ...]
    report: ImportReport
    anchors: tuple[tuple[int, int], ...] = ()  # spans of the anchor comments in the page


def import_page(
    english: Page,
    translated_text: str,
    translated_path: Path,
    template: Catalog,
    lang: str,
    *,
    source_language: str = "en",
    use_anchors: bool = True,
    now: str | None = None,
) -> ImportResult:
    """The catalog of ``lang`` for ``template`` filled from a hand-made translated page.

    ``use_anchors=False`` ignores English-in-comment anchors (to measure the structural
    alignment alone); ``now`` is the ``PO-Revision-Date`` when the page gives no date.
    """
    keys = [u.detail for u in english.units if _is_front(u)]
    translated = parse_page(translated_path, translated_text, keys)
    langs = {lang, source_language}
    comments = block_comments(translated_text, translated.units)
    e_units = [u for u in english.units if not _is_front(u)]
    t_units = [  # a unit inside a comment is an artefact of an HTML block cut short
        u for u in translated.units if not _is_front(u) and not within(u.start, comments)
    ]
    e_side = Side(english.text, e_units, features(e_units, english.text, langs))
    t_side = Side(translated_text, t_units, features(t_units, translated_text, langs))
    scorer = Scorer(e_side.feats, t_side.feats)
    found = anchor_comments(translated_text, comments, english, translated_path)
    anchors = attach_anchors(found, t_side, scorer, langs) if use_anchors else {}
    pairs = list(_front_matter_pairs(english.units, translated.units))
    english_refs = placing.definitions(english.text)
    references = {
        key: url
        for key, url in placing.definitions(translated_text).items()
        if key not in english_refs
    }
    pairs.extend(_body_pairs(e_side, t_side, scorer, anchors, langs, references))
    pairs = agreeing(pairs)
    # an anchor to an older version of the English unit is the same edition, only outdated
    matched = sum(1 for p in pairs if not p.fuzzy or p.how is How.OUTDATED)
    low = matched < LOW_MATCH * max(len(e_units), len(t_units))
    if low:
        pairs = list(_low_match(pairs))
    pairs = [
        replace(p, how=How.ENGLISH) if in_english(p.msgstr, p.english.msgid) else p for p in pairs
    ]
    report = _report(english.units, translated.units, pairs, low)
    catalog = _catalog(template, lang, pairs, translated.front.data, now)
    return ImportResult(catalog, tuple(pairs), report, tuple((c.start, c.end) for c in found))


def _is_front(unit: Unit) -> bool:
    return unit.kind is UnitKind.FRONT_MATTER


def _low_match(pairs: Sequence[Pair]) -> Iterator[Pair]:
    """What to keep of a page that mostly does not match its English page: anchors and
    strong pairs; front-matter values (a title of another edition?) only as fuzzy."""
    for pair in pairs:
        if _is_front(pair.english):
            yield replace(pair, how=How.GUESS)
        elif pair.how in (How.ANCHOR, How.OUTDATED) or pair.score >= STRONG:
            yield pair


def _front_matter_pairs(english: Sequence[Unit], translated: Sequence[Unit]) -> Iterator[Pair]:
    by_key = {u.detail: u for u in translated if _is_front(u)}
    for unit in english:
        other = by_key.get(unit.detail)
        if _is_front(unit) and other is not None:
            yield Pair(unit, other, " ".join(other.msgid.split("\n")), How.STRUCTURE)


def _anchor_bonus(anchor: str, english: Features) -> float:
    """Alignment bonus for a unit whose comment holds ``anchor`` (normalised) to pair with
    an English unit: large when they are equal, smaller when similar, negative otherwise."""
    if anchor == english.text:
        return ANCHOR_EXACT
    if 2 * min(len(anchor), len(english.text)) <= SIMILAR * (len(anchor) + len(english.text)):
        return ANCHOR_OTHER  # lengths too far apart for the similarity to pass
    similarity = Indel.normalized_similarity(anchor, english.text)
    return ANCHOR_SIMILAR * similarity if similarity > SIMILAR else ANCHOR_OTHER


def _body_pairs(
    english: Side,
    translated: Side,
    scorer: Scorer,
    anchors: Mapping[int, Unit],
    langs: Collection[str],
    references: Mapping[str, str],
) -> Iterator[Pair]:
    """Pairs of the best alignment, anchors counting, each labelled by its evidence;
    ``references``: link definitions only the translated page has."""
    named = {j: normal_text(unit.msgid) for j, unit in anchors.items()}
    scores = []
    for feats in english.feats:
        row = scorer.row(feats, translated.feats)
        for j, text in named.items():
            row[j] += _anchor_bonus(text, feats)
        scores.append(row)

    def msgstr_for(other: Unit, index: int) -> str:
        context = unit_context(english, index)
        unit = english.units[index]
        return clean_msgstr(
            other.msgid, unit, english.text, langs, context=context, references=references
        )

    pairs: dict[int, Pair] = {}
    for link in align(scores):
        unit, other = english.units[link.english], translated.units[link.translated]
        msgstr = msgstr_for(other, link.english)
        anchor = anchors.get(link.translated)
        how = _evidence(anchor, english.feats[link.english], link.score, link.margin)
        previous = anchor.msgid if anchor is not None and how is How.OUTDATED else None
        pairs[link.english] = Pair(unit, other, msgstr, how, previous, link.score, link.margin)
    fill_gaps(pairs, english, translated, scorer, msgstr_for)
    split_merged(pairs, english, scorer)
    yield from (pairs[i] for i in sorted(pairs))


def _evidence(anchor: Unit | None, english: Features, score: float, margin: float) -> How:
    """How a pair of the alignment is known (see :class:`Pair`)."""
    if anchor is not None:
        bonus = _anchor_bonus(normal_text(anchor.msgid), english)
        return How.ANCHOR if bonus == ANCHOR_EXACT else How.OUTDATED if bonus > 0 else How.GUESS
    return How.STRUCTURE if score >= CERTAIN_SCORE and margin >= CERTAIN_MARGIN else How.GUESS


def _report(
    english: Sequence[Unit], translated: Sequence[Unit], pairs: Sequence[Pair], low: bool
) -> ImportReport:
    untranslated = _unpaired(english, {id(p.english) for p in pairs})
    extra = _unpaired(translated, {id(p.translated) for p in pairs})
    left = sum(1 for p in pairs if p.how is How.ENGLISH)
    exact = sum(1 for p in pairs if not p.fuzzy) - left
    match = 2 * len(pairs) / max(1, len(english) + len(translated))
    same_kind = sum(1 for p in pairs if _kind_family(p.english) == _kind_family(p.translated))
    structure = (
        len(untranslated) <= (1 - STRUCTURE_SHARE) * len(english)
        and len(extra) <= (1 - STRUCTURE_SHARE) * len(translated)
        and same_kind >= STRUCTURE_SHARE * len(pairs)
    )
    return ImportReport(
        exact,
        sum(1 for p in pairs if p.how is How.ANCHOR),
        len(pairs) - exact - left,
        untranslated,
        extra,
        match,
        structure and not low,
        low,
        left,
        _conflicts(pairs),
    )


def _conflicts(pairs: Sequence[Pair]) -> tuple[tuple[Unpaired, int], ...]:
    chosen = chosen_pairs(pairs)
    return tuple(
        (_unpaired_unit(p.translated), kept.translated.line)
        for p in pairs
        if (kept := chosen.get(p.english.msgid)) is not None
        and p.how is not How.ENGLISH
        and p.msgstr != kept.msgstr
    )


def _unpaired(units: Sequence[Unit], paired: set[int]) -> tuple[Unpaired, ...]:
    return tuple(_unpaired_unit(u) for u in units if id(u) not in paired)


def _unpaired_unit(unit: Unit) -> Unpaired:
    return Unpaired(unit.msgid, unit.label, unit.line)


def _kind_family(unit: Unit) -> str:
    """Paragraphs, list items, quotes and HTML text are alike; headings keep their level."""
    return "text" if unit.kind.is_text else unit.label


def _catalog(
    template: Catalog,
    lang: str,
    pairs: Sequence[Pair],
    front: Mapping[str, Any],
    now: str | None,
) -> Catalog:
    names, when = page_credits(front)
    revised = po_date(when) if when else (now or po_date())
    catalog = new_catalog(template, lang, template.headers.get("Project-Id-Version", ""), revised)
    written = page_date_text(front)
    if written:
        catalog.headers[IMPORTED_DATE] = written
    chosen = chosen_pairs(pairs)
    for message in catalog.messages:
        best = chosen.get(message.msgid)
        if best is not None and best.msgstr:
            message.msgstr = best.msgstr
            message.fuzzy = best.fuzzy
            message.previous_msgid = best.previous
            if best.fuzzy:
                provisional.mark(message)
    if names:
        catalog.headers["Last-Translator"] = names[0]
        catalog.header_comment += "\nTranslators: " + ", ".join(names)
    return catalog
