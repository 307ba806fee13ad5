"""Find and repair damaged page text: mojibake, lost bytes, BOM, CRLF, lost front-matter opening.

The mojibake handled here is UTF-8 that was decoded as Windows-1254 (or Windows-1252 /
Latin-1) and saved again as UTF-8: ``é`` became ``Ã©``, ``🎥`` became ``ğŸ¥``. Bytes the
code page does not define (0x81 0x8D 0x8E 0x8F 0x90 0x9D 0x9E) were dropped on the way, and
so were soft hyphens (0xAD, invisible after decoding): ``ğŸ¥`` is F0 9F _ A5. Re-encoding
restores every character whose bytes all survived; a character with a lost byte is restored
only when evidence settles which of the few possible bytes it was (see `repair_text`).

Detection is built for no false positives on clean text: a sequence counts as mojibake only if it is
the code-page rendering of a valid UTF-8 sequence of an assigned character; weak signs
(truncated sequences, an accented capital before punctuation as in CAFÉ…) count only on
lines made of nothing but such renderings, in a text that also holds a strong sign (Ã©,
ğŸ, â€“) or a line with three signs.
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass
from itertools import combinations, product
from pathlib import Path

from transpipe.errors import TranspipeError, line_of

BOM = "\ufeff"
REPLACEMENT = "\ufffd"
#: Byte values lost on the way: undefined in Windows-1254, plus 0xAD (soft hyphen, stripped).
LOST_BYTES: tuple[int, ...] = (0x81, 0x8D, 0x8E, 0x8F, 0x90, 0x9D, 0x9E, 0xAD)

KINDS = ("bom", "crlf", "front-matter-opening", "mojibake", "replacement-char")


def _byte_table() -> dict[str, int]:
    """Character -> byte for Windows-1254, Windows-1252 and Latin-1 (C1 controls)."""
    table: dict[str, int] = {}
    for value in range(0x80, 0x100):
        for codec in ("cp1254", "cp1252"):
            char = bytes([value]).decode(codec, errors="replace")
            if char != REPLACEMENT:
                table[char] = value
        if value < 0xA0:
            table[chr(value)] = value
    return table


_BYTE = _byte_table()
# Continuation renderings that may follow a letter or a closing mark in clean text: quotes,
# dashes, spaces, soft hyphen, Spanish ¡ ¿ (été’¿Qué?).
_PUNCT = frozenset("\xa0\xad‚„‘’“”‹›«»–—…•†‡´·¡¿")
# Closing marks: what may follow a word-final letter.
_CLOSERS = frozenset("\xa0’”…»—–")
# Symbols that may follow a word or number in clean text (Å², Ø½, Nestlé®).
_SYMBOLS = frozenset("™©®°±²³¹¼½¾")
# Letters among the continuation renderings (Czech ÍŠ is clean; ÃŠ is not).
_LETTERS = frozenset("ŠŒŽšœžŸµ")
_PRONE_LEADS = frozenset("ÂÃ")
_PRONE_LETTER_LEADS = frozenset("ÂÃÄÅÆ")
_WORD_JOINERS = frozenset("\u200c\u200d\xad")
_KNOWN_FRONT_KEYS = frozenset(
    {"layout", "title", "lang", "lang-ref", "author", "permalink", "date", "translator"}
)
_FRONT_KEY = re.compile(r"[A-Za-z_][\w.-]*[ \t]*:(?:[ \t].*)?")
_ANCHOR = re.compile(r"[A-Za-z0-9_-]*[0-9][A-Za-z0-9_-]*")


@dataclass(frozen=True)
class Damage:
    """One damaged spot: 1-based line and column, the damaged text, and its kind."""

    line: int
    column: int
    snippet: str
    kind: str


@dataclass
class RepairResult:
    """Repaired text; ``fixed`` counts restored characters plus BOM, CRLF, front-matter fixes."""

    text: str
    fixed: int
    unresolved: list[Damage]


@dataclass(frozen=True)
class _Seq:
    """A code-page rendering of one UTF-8 sequence: ``text[start:end]``."""

    start: int
    end: int
    gaps: int  # bytes missing (lost, or marked by U+FFFD)
    evident: bool  # complete, or has a continuation, or is a capital where clean words have none
    sign: bool  # counts towards a line's signs of damage (see `_damaged_lines`)
    candidates: tuple[str, ...]  # the characters it can stand for
    strong: bool  # mojibake even in a text with no other sign of it


# --------------------------------------------------------------------------- detection


def _plausible(char: str) -> bool:
    """An assigned character that real text may hold (no controls, private use, surrogates)."""
    code = ord(char)
    if 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE:
        return False
    return unicodedata.category(char) not in {"Cc", "Cn", "Co", "Cs"}


def _decode(data: bytes) -> str | None:
    """The single plausible character ``data`` encodes in UTF-8, else None."""
    try:
        char = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return char if len(char) == 1 and _plausible(char) else None


@functools.lru_cache(maxsize=4096)
def _completions(lead: int, conts: tuple[int, ...], gaps: int) -> tuple[str, ...]:
    """Characters made by inserting ``gaps`` lost bytes anywhere after ``lead``."""
    slots = len(conts) + gaps
    found: set[str] = set()
    for places in combinations(range(slots), gaps):
        for fill in product(LOST_BYTES, repeat=gaps):
            known = iter(conts)
            filler = iter(fill)
            tail = [next(filler) if slot in places else next(known) for slot in range(slots)]
            char = _decode(bytes([lead, *tail]))
            if char is not None:
                found.add(char)
    return tuple(sorted(found))


def _is_hard(char: str) -> bool:
    """A continuation rendering that never follows a letter in clean text (§, £, ¶, C1...)."""
    return char not in _PUNCT and char not in _SYMBOLS and char not in _LETTERS


def _is_strong(before: str, lead: str, conts: str) -> bool:
    """Whether a complete rendering ``lead + conts`` (after ``before``) cannot be clean text."""
    if len(conts) == 3 or any(_is_hard(c) for c in conts):
        return True
    if len(conts) == 2:  # a symbol then a quote may end a word (Nestlé®’s), ’œ a word start
        first, second = conts[0], conts[1]
        if first in _LETTERS or (second in _LETTERS and first not in _PUNCT):
            return True
        return lead in "âï" and first not in _CLOSERS  # hâlâ… ends a word
    if lead.isupper() and before.islower():  # a capital inside a word: siÄ™, bÅ‚Ä…d
        return True
    if conts in _LETTERS:
        return lead in _PRONE_LETTER_LEADS
    if conts in _SYMBOLS:
        return lead in _PRONE_LEADS
    # a quote, dash or space: clean after a capital ending a word (SÃO—, CAFÉ…), but Â / Ã
    # never end a word after anything else
    return lead in _PRONE_LEADS and not before.isupper()


def _odd_capital(text: str, index: int) -> bool:
    """Whether the capital at ``index`` sits where clean words have none: after a letter and
    before a lower-case one (TÃtulo, KÄbul), Â / Ã next to a lower-case letter (vÃdeo), or
    Ã before a capital other than the O, E, S, N of NÃO, MÃE, IRMÃS, MÃN (MÃQUINA)."""
    char = text[index]
    before = text[index - 1] if index else ""
    after = text[index + 1] if index + 1 < len(text) else ""
    if not char.isupper():
        return False
    if before.islower() or (before.isalpha() and after.islower()):
        return True
    if char in _PRONE_LEADS and after.islower():
        return True
    return char == "Ã" and after.isupper() and after not in "OESN"


def _lone_in_latin_word(text: str, index: int) -> bool:
    """Whether the lone lead at ``index`` (no continuation) sits in a Latin word, as é in été
    (damaged, it would read Ã©); not next to another code-page character (Rosenblattæå‡º is
    damaged Chinese)."""
    near = [text[i] for i in (index - 1, index + 1) if 0 <= i < len(text)]
    return any(c < "\x80" and c.isalpha() for c in near) and not any(c in _BYTE for c in near)


def _after_latin_word(text: str, start: int, end: int) -> bool:
    """Whether a rendering may be a Latin word's last letter and its punctuation (café…,
    Nestlé®’s): after an ASCII letter, with nothing but punctuation or symbols after it."""
    before = text[start - 1] if start else ""
    return (
        before < "\x80"
        and before.isalpha()
        and all(text[i] in _PUNCT or text[i] in _SYMBOLS for i in range(start + 1, end))
    )


def _sequence_at(text: str, start: int) -> _Seq | None:
    """The rendering of a UTF-8 sequence that starts at ``text[start]``, if any."""
    lead = _BYTE.get(text[start], 0)
    if not 0xC2 <= lead <= 0xF4:
        return None
    need = 1 if lead < 0xE0 else 2 if lead < 0xF0 else 3
    conts: list[int] = []
    marks = 0
    end = start + 1
    while end < len(text) and len(conts) + marks < need:
        char = text[end]
        value = _BYTE.get(char, 0)
        if char == REPLACEMENT:
            marks += 1
        elif 0x80 <= value <= 0xBF:
            conts.append(value)
        else:
            break
        end += 1
    gaps = need - len(conts)
    if gaps == 0:
        decoded = _decode(bytes([lead, *conts]))
        if decoded is None:
            return None
        strong = _is_strong(text[start - 1 : start], text[start], text[start + 1 : end])
        sign = strong or (end - start > 2 and not _after_latin_word(text, start, end))
        return _Seq(start, end, 0, True, sign, (decoded,), strong)
    if gaps > 2 or (gaps == 2 and end == start + 1 and _lone_in_latin_word(text, start)):
        return None
    candidates = _completions(lead, tuple(conts), gaps)
    if not candidates:
        return None
    evident = bool(conts or marks) or _odd_capital(text, start)
    strong = (
        marks > 0
        or any(_is_hard(text[i]) for i in range(start + 1, end))
        or (
            text[start] in "ğð" and conts[:1] == [0x9F]  # the start of every emoji: ğŸ
        )
    )
    sign = strong or (evident and not _after_latin_word(text, start, end))
    return _Seq(start, end, gaps, evident, sign, candidates, strong)


def _scan(text: str) -> list[_Seq]:
    """Every code-page rendering of a UTF-8 sequence in ``text``, strong or weak."""
    found: list[_Seq] = []
    candidate = _byte_pattern().search(text)
    while candidate is not None:  # (from one possible start to the next: ASCII text is skipped)
        index = candidate.start()
        seq = _sequence_at(text, index)
        if seq is None:
            candidate = _byte_pattern().search(text, index + 1)
        else:
            found.append(seq)
            candidate = _byte_pattern().search(text, seq.end)
    return found


@functools.lru_cache(maxsize=1)
def _byte_pattern() -> re.Pattern[str]:
    """Any character that renders a byte of a UTF-8 sequence in a code page."""
    return re.compile("[" + "".join(re.escape(char) for char in sorted(_BYTE)) + "]")


def _line_numbers(text: str, offsets: Sequence[int]) -> list[int]:
    """1-based line numbers of sorted ``offsets`` in ``text``."""
    starts = [0, *(m.end() for m in re.finditer("\n", text))]
    return [bisect.bisect_right(starts, offset) for offset in offsets]


def _damaged_lines(text: str, seqs: Sequence[_Seq], lines: Sequence[int]) -> dict[int, int]:
    """Line number -> signs of damage on it, for the lines that look damaged throughout:
    every non-ASCII character belongs to a rendering, and one is evident (see `_Seq`). Signs
    leave out what may end a clean word: a capital before punctuation (CAFÉ…, IRMÃ”), a letter
    after an ASCII one before punctuation or symbols (café…, Nestlé®’s)."""
    covered = bytearray(len(text))
    evident: dict[int, int] = {}
    for seq, line in zip(seqs, lines, strict=True):
        covered[seq.start : seq.end] = b"\x01" * (seq.end - seq.start)
        if seq.evident:
            evident[line] = evident.get(line, 0) + seq.sign
    offset = 0
    for number, line_text in enumerate(text.split("\n"), start=1):
        if number in evident and not all(
            char < "\x80" or covered[offset + i] or char == REPLACEMENT
            for i, char in enumerate(line_text)
        ):
            del evident[number]
        offset += len(line_text) + 1
    return evident


def _damaged(text: str) -> list[_Seq]:
    """The renderings that count as mojibake: strong ones, and weak ones on damaged lines,
    in a text with a strong one or a damaged line with three or more signs of damage."""
    seqs = _scan(text)
    if not seqs:
        return []
    lines = _line_numbers(text, [seq.start for seq in seqs])
    damaged = _damaged_lines(text, seqs, lines)
    if not any(seq.strong for seq in seqs) and max(damaged.values(), default=0) < 3:
        return []
    return [seq for seq, line in zip(seqs, lines, strict=True) if seq.strong or line in damaged]


def _lost_front_opening(text: str) -> int | None:
    """Where a front matter lost its opening ``---``: None when it did not, else the length
    of what stands in its place (0: nothing, or a blank first line and its newline)."""
    first, newline, rest = text.partition("\n")
    if newline and not first.strip():  # the opening line became a blank line
        return len(first) + 1 if _missing_front_opening(rest) else None
    return 0 if _missing_front_opening(text) else None


def _missing_front_opening(text: str) -> bool:
    """Whether ``text`` starts with ``key: value`` lines closed by ``---`` but no opening."""
    lines = text.split("\n", 60)
    if not lines or lines[0].rstrip() == "---":
        return False
    try:
        close = next(i for i, line in enumerate(lines) if line.rstrip() == "---")
    except StopIteration:
        return False
    head = lines[:close]
    if not head or not _FRONT_KEY.fullmatch(head[0]):
        return False
    keys = [line.split(":", 1)[0].strip() for line in head if _FRONT_KEY.fullmatch(line)]
    others = [line for line in head if not _FRONT_KEY.fullmatch(line)]
    if any(not line.startswith((" ", "\t", "- ")) for line in others):
        return False
    return len(keys) >= 2 or keys[0] in _KNOWN_FRONT_KEYS


def _runs(seqs: Sequence[_Seq]) -> Iterator[tuple[int, int]]:
    """Maximal spans of adjacent renderings."""
    start = end = -1
    for seq in seqs:
        if seq.start != end:
            if start >= 0:
                yield start, end
            start = seq.start
        end = seq.end
    if start >= 0:
        yield start, end


def _damage(text: str, offset: int, snippet: str, kind: str) -> Damage:
    line = line_of(text, offset)
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return Damage(line, column, snippet, kind)


def find_damage(text: str) -> list[Damage]:
    """Every damaged spot in ``text``, in order (one entry per mojibake run, BOM, CRLF...)."""
    found: list[Damage] = []
    if text.startswith(BOM):
        found.append(Damage(1, 1, BOM, "bom"))
    if _lost_front_opening(text.lstrip(BOM).replace("\r\n", "\n")) is not None:
        found.append(Damage(1, 1, text.lstrip(BOM).split("\n", 1)[0], "front-matter-opening"))
    crlf = text.find("\r\n")
    if crlf >= 0:
        found.append(_damage(text, crlf, "\r\n", "crlf"))
    seqs = _damaged(text)
    covered: set[int] = set()
    for start, end in _runs(seqs):
        found.append(_damage(text, start, text[start:end], "mojibake"))
        covered.update(range(start, end))
    for match in re.finditer(REPLACEMENT + "+", text):
        if match.start() not in covered:
            found.append(_damage(text, match.start(), match.group(), "replacement-char"))
    return sorted(found, key=lambda d: (d.line, d.column, KINDS.index(d.kind)))


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
    text: str, seqs: Sequence[_Seq], chosen: dict[int, str], unsettled: str | None
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
    seqs = _damaged(text)
    chosen = {i: s.candidates[0] for i, s in enumerate(seqs) if len(s.candidates) == 1}
    return _render(text, seqs, chosen, None)[0]


def _choose(text: str, seqs: Sequence[_Seq], references: Sequence[str]) -> dict[int, str]:
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
    seqs = _damaged(text)
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
    lost = _lost_front_opening(text)
    if lost is not None:
        text, fixed = "---\n" + text[lost:], fixed + 1
    refs = [_settled(ref.lstrip(BOM).replace("\r\n", "\n")) for ref in references]
    unsettled: list[tuple[int, int]] = []
    for _layer in range(3):
        text, restored, unsettled = _repair_layer(text, refs)
        fixed += restored
        if not any(s.strong and not s.gaps for s in _scan(text)):
            break
    if text.startswith(BOM):  # a BOM that was itself mojibake (ï»¿)
        text, fixed = text[1:], fixed + 1
        unsettled = [(start - 1, end - 1) for start, end in unsettled]
    unresolved = [_damage(text, start, text[start:end], "mojibake") for start, end in unsettled]
    unresolved += [
        _damage(text, m.start(), m.group(), "replacement-char")
        for m in re.finditer(REPLACEMENT + "+", text)
        if not any(start <= m.start() < end for start, end in unsettled)
    ]
    return RepairResult(text, fixed, sorted(unresolved, key=lambda d: (d.line, d.column)))


# --------------------------------------------------------------------------- messages


def _show(snippet: str) -> str:
    """``snippet`` with invisible characters escaped."""
    return "".join(c if c.isprintable() else ascii(c)[1:-1] for c in snippet)


def _describe(path: Path | str, damage: Damage) -> str:
    fix = f"run `transpipe repair {path}`"
    where = f" at column {damage.column}" if damage.column > 1 else ""
    if damage.kind == "mojibake":
        return (
            f"text looks like UTF-8 read as Windows-1254 ('{_show(damage.snippet)}'{where}); {fix}"
        )
    if damage.kind == "replacement-char":
        return (
            f"U+FFFD replacement character{where}: bytes were lost when this text was decoded;"
            f" restore it from the original, or {fix} with references"
        )
    if damage.kind == "bom":
        return f"text starts with a UTF-8 byte-order mark; {fix}"
    if damage.kind == "crlf":
        return f"text has Windows (CRLF) line endings; {fix}"
    if damage.kind == "front-matter-opening":
        blank = "" if damage.snippet.strip() else " (its first line is blank)"
        return f"front matter has no opening '---' line{blank}; {fix}"
    return f"{damage.kind} ('{_show(damage.snippet)}'{where}); {fix}"


def damage_message(path: Path | str, damage: Damage) -> str:
    """One line, ``path:line: what is wrong; how to fix it``."""
    return str(TranspipeError(_describe(path, damage), path, damage.line))


def check_clean(text: str, path: Path | str, ignore: Collection[str] = ()) -> None:
    """Raise `TranspipeError` for the first damaged spot in ``text`` (read from ``path``).

    ``ignore`` names kinds of damage to let through (e.g. ``crlf`` for a reader that keeps it).
    """
    found = [damage for damage in find_damage(text) if damage.kind not in ignore]
    if found:
        raise TranspipeError(_describe(path, found[0]), path, found[0].line)
