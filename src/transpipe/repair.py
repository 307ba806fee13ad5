"""Repair damaged page text (see ``damage`` for what counts as damage and how it is found).

Re-encoding restores every character of a mojibake rendering whose bytes all survived; a
character with a lost byte is restored only when evidence settles which of the few possible
bytes it was (see `repair_text`). A BOM, CRLF line ends and a lost front-matter opening are
undone.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from transpipe.damage import (
    BOM,
    REPLACEMENT,
    Damage,
    DamageKind,
    Rendering,
    damage_at,
    damaged,
    lost_front_opening,
    scan,
)

_WORD_JOINERS = frozenset("\u200c\u200d\xad")
_ANCHOR = re.compile(r"[A-Za-z0-9_-]*[0-9][A-Za-z0-9_-]*")


@dataclass
class RepairResult:
    """Repaired text; ``fixed`` counts restored characters plus BOM, CRLF, front-matter fixes."""

    text: str
    fixed: int
    unresolved: list[Damage]


# --------------------------------------------------------------------------- evidence


def _is_word_char(char: str) -> bool:
    if char.isalnum() or char in _WORD_JOINERS:
        return True
    return char > "\x7f" and unicodedata.category(char)[0] in "MS"


def _words(text: str) -> Iterator[tuple[int, int]]:
    """Spans of maximal runs of word characters (letters, digits, marks, symbols, emoji)."""
    start = -1
    for index, char in enumerate(text):
        if _is_word_char(char):
            if start < 0:
                start = index
        elif start >= 0:
            yield start, index
            start = -1
    if start >= 0:
        yield start, len(text)


@dataclass(frozen=True)
class _Facts:
    """What clean text shows: its words (as written and casefolded) and, for substring search,
    the casefolded words one a line."""

    words: frozenset[str]
    folded: frozenset[str]
    blob: str

    @staticmethod
    def of(texts: Sequence[str]) -> _Facts:
        """The facts of ``texts``, leaving out words that touch a NUL (an unsettled spot)."""
        words = {
            text[start:end]
            for text in texts
            for start, end in _words(text)
            if "\0" not in text[max(start - 1, 0) : end + 1]
        }
        folded = frozenset(word.casefold() for word in words)
        return _Facts(frozenset(words), folded, "\n".join(sorted(folded)))


@dataclass(frozen=True)
class _Evidence:
    """Clean text to judge candidates by: the references (lines indexed by anchor tokens,
    words, non-letters with the kind of their neighbours) and the page's own clean words.

    The page's own text is weak evidence: a character with a lost byte never appears clean
    in it, so it only ever shows a candidate's other case (á for Á) or nothing."""

    lines: tuple[str, ...]  # reference lines, casefolded
    anchors: dict[str, tuple[int, ...]]  # anchor token (URL id, week01) -> indexes into lines
    shapes: frozenset[tuple[str, bool, bool]]  # (char, word char before, word char after)
    facts: _Facts  # of the references and the page

    @staticmethod
    def of(page: str, references: Sequence[str]) -> _Evidence:
        lines: list[str] = []
        anchors: dict[str, list[int]] = {}
        shapes: set[tuple[str, bool, bool]] = set()
        for text in references:
            for line in text.split("\n"):
                for token in set(_ANCHOR.findall(line)):
                    if len(token) >= 4:
                        anchors.setdefault(token, []).append(len(lines))
                lines.append(line.casefold())
            shapes.update(_shapes(text))
        return _Evidence(
            tuple(lines),
            {token: tuple(found) for token, found in anchors.items()},
            frozenset(shapes),
            _Facts.of([page, *references]),
        )


def _shapes(text: str) -> Iterator[tuple[str, bool, bool]]:
    """Each non-ASCII non-letter of ``text`` with whether a word char precedes and follows it."""
    for index, char in enumerate(text):
        if char > "\x7f" and char != "\0" and not _is_letter(char):
            before = index > 0 and _is_word_char(text[index - 1])
            after = index + 1 < len(text) and _is_word_char(text[index + 1])
            yield char, before, after


@dataclass(frozen=True)
class _Spot:
    """An unsettled rendering in the provisional text: its surroundings on its line."""

    before: str  # the line up to the spot
    after: str  # the line after the spot

    @functools.cached_property
    def left(self) -> str:
        """The word characters just before the spot."""
        start = len(self.before)
        while start > 0 and _is_word_char(self.before[start - 1]):
            start -= 1
        return self.before[start:]

    @functools.cached_property
    def right(self) -> str:
        """The word characters just after the spot."""
        end = 0
        while end < len(self.after) and _is_word_char(self.after[end]):
            end += 1
        return self.after[:end]

    def word(self, candidate: str) -> str:
        """The word the candidate would make (or the candidate, if it is not a word char)."""
        if all(_is_word_char(c) for c in candidate):
            return self.left + candidate + self.right
        return candidate

    @property
    def upper(self) -> bool | None:
        """The case the neighbours call for (True: capital), None if they do not tell;
        a word's first letter may be a capital either way."""
        before = "" if len(self.left) == 1 and self.left.isupper() else self.left[-1:]
        after = self.right[:1]
        cased = {c.isupper() for c in (before, after) if _is_cased(c)}
        if len(cased) != 1 or (not self.left and after.islower()):
            return None
        return cased.pop()

    @property
    def sentence_start(self) -> bool:
        """Whether the spot's word begins a sentence (where a capital is expected)."""
        head = self.before[: len(self.before) - len(self.left)].rstrip(" \t*_#>|([\"'“«¿¡-")
        return not head or head.endswith((".", "!", "?"))

    @property
    def closing(self) -> bool:
        """Whether the spot is where a closing quote goes: after a word, before a non-word."""
        return (
            bool(self.before)
            and (_is_word_char(self.before[-1]) or self.before[-1] in ".,!?")
            and not (self.after and _is_word_char(self.after[0]))
        )

    def shape(self, candidate: str) -> tuple[str, bool, bool]:
        """The candidate with the kind of its neighbours (word character or not)."""
        before = bool(self.before) and _is_word_char(self.before[-1])
        return candidate, before, bool(self.after) and _is_word_char(self.after[0])


def _is_letter(char: str) -> bool:
    return unicodedata.category(char).startswith("L")


def _is_cased(char: str) -> bool:
    return char.isupper() or char.islower()


def _by_case(cands: Sequence[str], spot: _Spot, ev: _Evidence) -> list[str]:
    """Drop letters of the case the neighbours rule out (``vÃdeo``, ``TÃtulo`` -> lower
    case, ``PRÃTICAS`` -> upper case)."""
    upper = spot.upper
    if upper is None:
        return []
    return [c for c in cands if not _is_cased(c) or c.isupper() == upper]


def _by_spot(cands: Sequence[str], spot: _Spot, ev: _Evidence) -> list[str]:
    """Non-letters found in a reference line sharing an anchor (URL id, week14) with the spot."""
    tokens = _ANCHOR.findall(spot.before + spot.after)
    lines = [ev.lines[i] for i in {i for token in tokens for i in ev.anchors.get(token, ())}]
    return [
        c
        for c in cands
        if not _is_letter(c) and any(spot.word(c).casefold() in line for line in lines)
    ]


def _has_context(candidate: str, spot: _Spot) -> bool:
    """Whether a candidate's word is long enough to be evidence: a letter needs three more
    word characters around it (a short word like ``sí`` or ``cố`` matches by chance)."""
    return not _is_letter(candidate) or len(spot.left) + len(spot.right) >= 3


def _by_word(cands: Sequence[str], spot: _Spot, ev: _Evidence) -> list[str]:
    """Candidates whose word occurs, clean, in the references or the page (any case)."""
    words = ev.facts.folded
    return [c for c in cands if _has_context(c, spot) and spot.word(c).casefold() in words]


def _by_written_word(cands: Sequence[str], spot: _Spot, ev: _Evidence) -> list[str]:
    """Candidates whose word occurs exactly as written (índice, not Índice); at a sentence
    start, only if no lower-case form of the word occurs."""
    words = ev.facts.words
    found = [c for c in cands if _has_context(c, spot) and spot.word(c) in words]
    if not spot.left and spot.sentence_start and any(c.islower() for c in found):
        return []  # a capital is expected here, but the lower-case word may be meant
    return found


_PAIRS = {"”": "“", "»": "«", "』": "『", "」": "「"}


def _by_pairing(cands: Sequence[str], spot: _Spot, ev: _Evidence) -> list[str]:
    """A closing mark where one closes, after its opening mark on the same line (“learningâ€)."""
    if not spot.closing:
        return []
    before = spot.before
    return [c for c in cands if c in _PAIRS and before.count(_PAIRS[c]) > before.count(c)]


def _by_shape(cands: Sequence[str], spot: _Spot, ev: _Evidence) -> list[str]:
    """Non-letters found in the references between the same kinds of neighbours."""
    return [c for c in cands if not _is_letter(c) and spot.shape(c) in ev.shapes]


def _by_ngram(cands: Sequence[str], spot: _Spot, ev: _Evidence) -> list[str]:
    """Letters whose surroundings (at least 4 letters of context) occur in a clean word."""
    for radius in (3, 2):
        left, right = spot.left[-radius:], spot.right[:radius]
        if len(left) + len(right) < 4:
            continue
        blob = ev.facts.blob
        found = [c for c in cands if _is_letter(c) and (left + c + right).casefold() in blob]
        if found:
            return found
    return []


_LEVELS: tuple[Callable[[Sequence[str], _Spot, _Evidence], list[str]], ...] = (
    _by_case,
    _by_spot,
    _by_word,
    _by_written_word,
    _by_pairing,
    _by_shape,
    _by_ngram,
)


def _decide(cands: Sequence[str], spot: _Spot, ev: _Evidence) -> str | None:
    """The candidate the evidence settles on, or None; each level narrows the next."""
    if len(cands) == 1:
        return cands[0]
    current = list(cands)
    for level in _LEVELS:
        found = level(current, spot, ev)
        if len(found) == 1:
            return found[0]
        if found:
            current = found
    return None


# --------------------------------------------------------------------------- repair


def _render(
    text: str, seqs: Sequence[Rendering], chosen: dict[int, str], unsettled: str | None
) -> tuple[str, list[tuple[int, int]]]:
    """``text`` with settled renderings replaced; unsettled ones kept (plus ``unsettled``
    per missing byte) or, when ``unsettled`` is None, replaced by a NUL."""
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    done = 0
    size = 0
    for index, seq in enumerate(seqs):
        parts.append(text[done : seq.start])
        size += seq.start - done
        if index in chosen:
            piece = chosen[index]
        elif unsettled is None:
            piece = "\0"
        else:
            marks = text[seq.start : seq.end].count(REPLACEMENT)
            piece = text[seq.start : seq.end] + unsettled * (seq.gaps - marks)
        parts.append(piece)
        spans.append((size, size + len(piece)))
        size += len(piece)
        done = seq.end
    parts.append(text[done:])
    return "".join(parts), spans


def _spot(text: str, span: tuple[int, int]) -> _Spot:
    """The spot at ``span`` (its NUL) of ``text``."""
    start, end = span
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    return _Spot(text[line_start:start], text[end : line_end if line_end >= 0 else len(text)])


def _settled(text: str) -> str:
    """``text`` with the renderings that need no evidence restored, unsettled ones as NUL."""
    seqs = damaged(text)
    chosen = {i: s.candidates[0] for i, s in enumerate(seqs) if len(s.candidates) == 1}
    return _render(text, seqs, chosen, None)[0]


def _choose(text: str, seqs: Sequence[Rendering], references: Sequence[str]) -> dict[int, str]:
    """Index of rendering -> the character it stands for, where that is settled."""
    chosen = {i: s.candidates[0] for i, s in enumerate(seqs) if len(s.candidates) == 1}
    page, spans = _render(text, seqs, chosen, None)  # each unsettled spot a NUL
    ev = _Evidence.of(page, references)
    for index, seq in enumerate(seqs):
        if index not in chosen:
            pick = _decide(seq.candidates, _spot(page, spans[index]), ev)
            if pick is not None:
                chosen[index] = pick
    return chosen


def _repair_layer(text: str, references: Sequence[str]) -> tuple[str, int, list[tuple[int, int]]]:
    """One layer of mojibake repaired: new text, characters restored, unsettled spans."""
    seqs = damaged(text)
    chosen = _choose(text, seqs, references)
    out, spans = _render(text, seqs, chosen, REPLACEMENT)
    return out, len(chosen), [span for i, span in enumerate(spans) if i not in chosen]


def repair_text(text: str, references: Sequence[str] = ()) -> RepairResult:
    """Repair ``text``; ``references`` are clean related texts (source, sibling translations).

    Strips a BOM, turns CRLF into LF, restores a lost front-matter opening, and re-encodes
    mojibake (up to three layers deep). A character with a lost byte is settled by evidence,
    each step narrowing the candidates for the next: being the only plausible one; for
    letters, the case its neighbours call for; for symbols, a reference line sharing an
    anchor (a URL id, ``week14``) with its line; its word occurring clean in the references
    or the page (letters need three more letters; then exactly as written, a capital at a
    sentence start); a closing quote after its opening one; for symbols, occurring in the
    references between the same kinds of neighbours; for letters, four letters around it
    occurring in a clean word. What stays unsettled keeps its damaged text, marked with one
    U+FFFD per lost byte (so `find_damage` still reports it), and is listed in ``unresolved``.
    """
    fixed = 0
    if text.startswith(BOM):
        text, fixed = text[1:], fixed + 1
    if "\r\n" in text:
        text, fixed = text.replace("\r\n", "\n"), fixed + 1
    lost = lost_front_opening(text)
    if lost is not None:
        text, fixed = "---\n" + text[lost:], fixed + 1
    refs = [_settled(ref.lstrip(BOM).replace("\r\n", "\n")) for ref in references]
    unsettled: list[tuple[int, int]] = []
    for _layer in range(3):
        text, restored, unsettled = _repair_layer(text, refs)
        fixed += restored
        if not any(s.strong and not s.gaps for s in scan(text)):
            break
    if text.startswith(BOM):  # a BOM that was itself mojibake (ï»¿)
        text, fixed = text[1:], fixed + 1
        unsettled = [(start - 1, end - 1) for start, end in unsettled]
    unresolved = [
        damage_at(text, start, text[start:end], DamageKind.MOJIBAKE) for start, end in unsettled
    ]
    unresolved += [
        damage_at(text, m.start(), m.group(), DamageKind.REPLACEMENT_CHAR)
        for m in re.finditer(REPLACEMENT + "+", text)
        if not any(start <= m.start() < end for start, end in unsettled)
    ]
    return RepairResult(text, fixed, sorted(unresolved, key=lambda d: (d.line, d.column)))
