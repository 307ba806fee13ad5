"""Merge a page's new template into a language's catalog, as GNU ``msgmerge --previous`` does.

The entries follow the template; a translation is kept where the English is unchanged, offered
as fuzzy (with ``#| msgid``, the English it was made for) where the English is similar, and kept
as obsolete (``#~``) where the English is gone. The fuzzy search reproduces gettext 0.21's
``message_fuzzy_index_search``: candidates are the catalog's translated entries (obsolete ones
too) sharing a 4-character n-gram with the new msgid (for msgids under 4 characters: those of a
plausible length in bytes); the score is gnulib's ``fstrcmp`` on the UTF-8 bytes, matched
characters over the average length, i.e. the Indel similarity; a candidate without msgctxt or
with the same one gets a 0.00001 bonus; the best score above 0.6 wins, ties going to the
candidate sharing more n-grams, then to the earlier entry.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import groupby

from transpipe.catalog import Catalog, Message

FUZZY_THRESHOLD = 0.6
"""A fuzzy match must score strictly above this (msgmerge's ``FUZZY_THRESHOLD``)."""

_CONTEXT_BONUS = 0.00001  # for a candidate valid in any context, or in the same one
_GRAM = 4  # msgl-fsearch.c indexes 4-grams of characters
_SHORT_RATIO = 2 / FUZZY_THRESHOLD - 1  # length ratio beyond which no score reaches the threshold
_PREFILTER = FUZZY_THRESHOLD - 0.001  # below the bonus-lowered bound; exact scores are redone

# Header fields in the order msgmerge writes them; other fields follow in their own order.
_HEADER_ORDER = (
    "Project-Id-Version",
    "Report-Msgid-Bugs-To",
    "POT-Creation-Date",
    "PO-Revision-Date",
    "Last-Translator",
    "Language-Team",
    "Language",
    "MIME-Version",
    "Content-Type",
    "Content-Transfer-Encoding",
)
_FROM_TEMPLATE = ("Report-Msgid-Bugs-To", "POT-Creation-Date")


@dataclass
class MergeResult:
    """The merged catalog and what happened to its entries."""

    catalog: Catalog = field(default_factory=Catalog)
    kept: int = 0  # exact matches to active entries
    fuzzy: int = 0  # new msgids given a similar entry's translation, marked fuzzy
    new: int = 0  # new msgids without a translation
    obsoleted: int = 0  # translated entries no longer in the template, now obsolete
    revived: int = 0  # exact matches to obsolete entries, active again


def merge(template: Catalog, catalog: Catalog) -> MergeResult:
    """Update ``catalog`` to ``template`` like ``msgmerge --previous``; the inputs are not changed.

    Entries follow the template's order and take its msgid, msgctxt, ``#:`` locations, ``#.``
    comments and flags (other than fuzzy); they keep the catalog's ``# `` comments, msgstr and
    fuzzy state. Unused catalog entries with a translation follow as obsolete, in catalog order,
    without locations or extracted comments; unused untranslated ones are dropped.
    """
    defs = catalog.messages
    exact: dict[tuple[str | None, str], int] = {}
    for position, message in enumerate(defs):
        exact.setdefault((message.msgctxt, message.msgid), position)
    used = [False] * len(defs)
    finder: _FuzzyFinder | None = None
    result = MergeResult()
    messages: list[Message] = []

    for ref in template.messages:
        if ref.obsolete:
            continue
        index = exact.get((ref.msgctxt, ref.msgid))
        if index is not None:  # the common case, kept cheap
            old = defs[index]
            used[index] = True
            if old.obsolete:
                result.revived += 1
            else:
                result.kept += 1
            messages.append(_merged(ref, old, similar=False))
            continue
        if ref.msgctxt is not None or ref.msgid:  # a header-like entry is never fuzzy-matched
            if finder is None:
                finder = _FuzzyFinder(defs)
            index = finder.best(ref.msgctxt, ref.msgid)
        if index is None:
            result.new += 1
            messages.append(_new(ref))
        else:
            result.fuzzy += 1
            used[index] = True
            messages.append(_merged(ref, defs[index], similar=True))

    for position, old in enumerate(defs):
        if not used[position] and old.msgstr:
            if not old.obsolete:
                result.obsoleted += 1
            messages.append(_obsolete(old))

    result.catalog = Catalog(
        header_comment=catalog.header_comment,
        headers=merge_headers(template.headers, catalog.headers),
        header_fuzzy=catalog.header_fuzzy,
        messages=messages,
    )
    return result


def merge_headers(template: dict[str, str], catalog: dict[str, str]) -> dict[str, str]:
    """The catalog's header fields with the template's POT-Creation-Date and Report-Msgid-Bugs-To.

    Fields are put in msgmerge's order. A catalog without a header keeps none, as in msgmerge.
    """
    if not catalog:
        return {}
    fields = dict(catalog)
    for name in _FROM_TEMPLATE:
        if name in template:
            fields[name] = template[name]
    ordered = {name: fields.pop(name) for name in _HEADER_ORDER if name in fields}
    ordered.update(fields)
    return ordered


def _merged(ref: Message, old: Message, *, similar: bool) -> Message:
    """``message_merge``: the template's entry with ``old``'s translation (fuzzy if ``similar``)."""
    was_fuzzy = "fuzzy" in old.flags
    fuzzy = bool(old.msgstr) and (was_fuzzy or similar)
    previous_msgctxt = previous_msgid = None
    if fuzzy:  # the English the msgstr was made for: old's msgid, unless old was fuzzy already
        if was_fuzzy:
            previous_msgctxt, previous_msgid = old.previous_msgctxt, old.previous_msgid
        else:
            previous_msgctxt, previous_msgid = old.msgctxt, old.msgid
    return Message(
        ref.msgid,
        old.msgstr,
        ref.msgctxt,
        ref.locations.copy(),
        ref.auto_comments.copy(),
        old.user_comments.copy(),
        _flags(ref.flags, fuzzy),
        previous_msgid,
        previous_msgctxt,
    )


def _new(ref: Message) -> Message:
    """A template entry without a translation in the catalog."""
    return Message(
        msgid=ref.msgid,
        msgstr=ref.msgstr,
        msgctxt=ref.msgctxt,
        locations=list(ref.locations),
        auto_comments=list(ref.auto_comments),
        user_comments=list(ref.user_comments),
        flags=_flags(ref.flags, ref.fuzzy and bool(ref.msgstr)),
    )


def _obsolete(old: Message) -> Message:
    """An unused translated entry, kept as ``#~`` without its locations and extracted comments."""
    return Message(
        msgid=old.msgid,
        msgstr=old.msgstr,
        msgctxt=old.msgctxt,
        user_comments=list(old.user_comments),
        flags=list(old.flags),
        previous_msgid=old.previous_msgid,
        previous_msgctxt=old.previous_msgctxt,
        obsolete=True,
    )


def _flags(flags: Sequence[str], fuzzy: bool) -> list[str]:
    if not flags:
        return ["fuzzy"] if fuzzy else []
    rest = [flag for flag in flags if flag != "fuzzy"]
    return ["fuzzy", *rest] if fuzzy else rest


def _bytes(text: str) -> str:
    """``text``'s UTF-8 bytes, one character each: fstrcmp compares bytes."""
    return text.encode("utf-8").decode("latin-1")


def _grams(text: str) -> list[str]:
    return [text[i : i + _GRAM] for i in range(len(text) - _GRAM + 1)]


class _FuzzyFinder:
    """msgmerge's fuzzy search over one catalog's translated entries (active and obsolete)."""

    def __init__(self, messages: Sequence[Message]) -> None:
        self.messages = messages
        self.positions = [i for i, m in enumerate(messages) if m.msgstr]
        self.choices = [_bytes(messages[i].msgid) for i in self.positions]
        self.gram_sets: dict[int, frozenset[str]] = {}

    def best(self, msgctxt: str | None, msgid: str) -> int | None:
        """Index in ``messages`` of the entry msgmerge would choose for ``msgid``, if any."""
        if not self.choices:
            return None
        # (imported here: most merges look nothing up, and rapidfuzz is slow to import)
        from rapidfuzz import process
        from rapidfuzz.distance import Indel

        query = _bytes(msgid)
        grams = _grams(msgid)
        # Under 4 characters, msgmerge looks at entries by length in bytes, not by shared 4-grams.
        low, high = math.ceil(len(query) / _SHORT_RATIO), int(len(query) * _SHORT_RATIO)
        scored: list[tuple[float, int, int]] = []  # weight, position, length
        for choice, score, slot in process.extract(
            query, self.choices, scorer=Indel.normalized_similarity,
            score_cutoff=_PREFILTER, limit=None,
        ):  # fmt: skip
            if not grams and not low <= len(choice) <= high:
                continue
            position = self.positions[slot]
            total = len(query) + len(choice)
            distance = round((1.0 - score) * total)  # exact: the score is 1 - distance / total
            weight = _weight(total, distance, msgctxt, self.messages[position].msgctxt)
            if weight > FUZZY_THRESHOLD:
                scored.append((weight, position, len(choice)))
        scored.sort(key=lambda item: item[0], reverse=True)
        # msgmerge keeps the first best weight in its candidate order: more shared 4-grams
        # first (or shorter, for short msgids), then earlier entries.
        for _, group in groupby(scored, key=lambda item: item[0]):
            if not grams:
                return min(group, key=lambda item: (item[2], item[1]))[1]
            ranked = [(-self._shared(grams, position), position) for _, position, _ in group]
            if reachable := [rank for rank in ranked if rank[0]]:
                return min(reachable)[1]
        return None

    def _shared(self, grams: Sequence[str], position: int) -> int:
        """How many of the query's 4-grams (with repeats) occur in an entry's msgid."""
        found = self.gram_sets.get(position)
        if found is None:
            found = self.gram_sets[position] = frozenset(_grams(self.messages[position].msgid))
        return sum(1 for gram in grams if gram in found)


def _weight(total: int, distance: int, msgctxt: str | None, candidate_ctxt: str | None) -> float:
    """``fuzzy_search_goal_function``: fstrcmp's ratio plus the context bonus, as C computes it."""
    ratio = (total - distance) / total
    same_context = candidate_ctxt is None or (msgctxt is not None and msgctxt == candidate_ctxt)
    return ratio + _CONTEXT_BONUS if same_context else ratio
