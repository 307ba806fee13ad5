"""Find damaged page text: mojibake, lost bytes, a BOM, CRLF, a lost front-matter opening.

The mojibake found here is UTF-8 that was decoded as Windows-1254 (or Windows-1252 /
Latin-1) and saved again as UTF-8: ``é`` became ``Ã©``, ``🎥`` became ``ğŸ¥``. Bytes the
code page does not define (0x81 0x8D 0x8E 0x8F 0x90 0x9D 0x9E) were dropped on the way, and
so were soft hyphens (0xAD, invisible after decoding): ``ğŸ¥`` is F0 9F _ A5. ``repair``
restores what the renderings found here stand for.

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
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from enum import Enum
from itertools import combinations, product
from pathlib import Path

from transpipe.errors import TranspipeError, line_of

BOM = "\ufeff"
REPLACEMENT = "\ufffd"
#: Byte values lost on the way: undefined in Windows-1254, plus 0xAD (soft hyphen, stripped).
LOST_BYTES: tuple[int, ...] = (0x81, 0x8D, 0x8E, 0x8F, 0x90, 0x9D, 0x9E, 0xAD)


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
_KNOWN_FRONT_KEYS = frozenset(
    {"layout", "title", "lang", "lang-ref", "author", "permalink", "date", "translator"}
)
_FRONT_KEY = re.compile(r"[A-Za-z_][\w.-]*[ \t]*:(?:[ \t].*)?")


class DamageKind(Enum):
    """What is wrong at a damaged spot (``find_damage`` lists one place's in this order)."""

    BOM = "bom"
    CRLF = "crlf"
    FRONT_MATTER_OPENING = "front-matter-opening"
    MOJIBAKE = "mojibake"
    REPLACEMENT_CHAR = "replacement-char"


_ORDER = {kind: index for index, kind in enumerate(DamageKind)}


@dataclass(frozen=True)
class Damage:
    """One damaged spot: 1-based line and column, the damaged text, and its kind."""

    line: int
    column: int
    snippet: str
    kind: DamageKind


@dataclass(frozen=True)
class Rendering:
    """A code-page rendering of one UTF-8 sequence: ``text[start:end]`` (see `repair`)."""

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
    if any(_is_hard(c) for c in conts):
        return True
    if len(conts) == 3:  # a letter, then three signs of punctuation, is clean (dağ–\xa0»)
        return not all(c in _PUNCT for c in conts)
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


def _sequence_at(text: str, start: int) -> Rendering | None:
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
        return Rendering(start, end, 0, True, sign, (decoded,), strong)
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
    return Rendering(start, end, gaps, evident, sign, candidates, strong)


def scan(text: str) -> list[Rendering]:
    """Every code-page rendering of a UTF-8 sequence in ``text``, strong or weak."""
    found: list[Rendering] = []
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


def _damaged_lines(text: str, seqs: Sequence[Rendering], lines: Sequence[int]) -> dict[int, int]:
    """Line number -> signs of damage on it, for the lines that look damaged throughout:
    every non-ASCII character belongs to a rendering, and one is evident (see `Rendering`). Signs
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


def damaged(text: str) -> list[Rendering]:
    """The renderings that count as mojibake: strong ones, and weak ones on damaged lines,
    in a text with a strong one or a damaged line with three or more signs of damage."""
    seqs = scan(text)
    if not seqs:
        return []
    lines = _line_numbers(text, [seq.start for seq in seqs])
    damaged = _damaged_lines(text, seqs, lines)
    if not any(seq.strong for seq in seqs) and max(damaged.values(), default=0) < 3:
        return []
    return [seq for seq, line in zip(seqs, lines, strict=True) if seq.strong or line in damaged]


def lost_front_opening(text: str) -> int | None:
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


def _runs(seqs: Sequence[Rendering]) -> Iterator[tuple[int, int]]:
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


def damage_at(text: str, offset: int, snippet: str, kind: DamageKind) -> Damage:
    """The damaged spot at ``offset`` in ``text``, with its line and column."""
    line = line_of(text, offset)
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return Damage(line, column, snippet, kind)


def find_damage(text: str) -> list[Damage]:
    """Every damaged spot in ``text``, in order (one entry per mojibake run, BOM, CRLF...)."""
    found: list[Damage] = []
    if text.startswith(BOM):
        found.append(Damage(1, 1, BOM, DamageKind.BOM))
    if lost_front_opening(text.lstrip(BOM).replace("\r\n", "\n")) is not None:
        found.append(
            Damage(1, 1, text.lstrip(BOM).split("\n", 1)[0], DamageKind.FRONT_MATTER_OPENING)
        )
    crlf = text.find("\r\n")
    if crlf >= 0:
        found.append(damage_at(text, crlf, "\r\n", DamageKind.CRLF))
    seqs = damaged(text)
    covered: set[int] = set()
    for start, end in _runs(seqs):
        found.append(damage_at(text, start, text[start:end], DamageKind.MOJIBAKE))
        covered.update(range(start, end))
    for match in re.finditer(REPLACEMENT + "+", text):
        if match.start() not in covered:
            found.append(damage_at(text, match.start(), match.group(), DamageKind.REPLACEMENT_CHAR))
    return sorted(found, key=lambda d: (d.line, d.column, _ORDER[d.kind]))


# --------------------------------------------------------------------------- messages


def _show(snippet: str) -> str:
    """``snippet`` with invisible characters escaped."""
    return "".join(c if c.isprintable() else ascii(c)[1:-1] for c in snippet)


def _describe(path: Path | str, damage: Damage) -> str:
    fix = f"run `transpipe repair {path}`"
    where = f" at column {damage.column}" if damage.column > 1 else ""
    if damage.kind is DamageKind.MOJIBAKE:
        return (
            f"text looks like UTF-8 read as Windows-1254 ('{_show(damage.snippet)}'{where}); {fix}"
        )
    if damage.kind is DamageKind.REPLACEMENT_CHAR:
        return (
            f"U+FFFD replacement character{where}: bytes were lost when this text was decoded;"
            f" restore it from the original, or {fix} with references"
        )
    if damage.kind is DamageKind.BOM:
        return f"text starts with a UTF-8 byte-order mark; {fix}"
    if damage.kind is DamageKind.CRLF:
        return f"text has Windows (CRLF) line endings; {fix}"
    blank = "" if damage.snippet.strip() else " (its first line is blank)"
    return f"front matter has no opening '---' line{blank}; {fix}"  # FRONT_MATTER_OPENING


def damage_message(path: Path | str, damage: Damage) -> str:
    """One line, ``path:line: what is wrong; how to fix it``."""
    return str(TranspipeError(_describe(path, damage), path, damage.line))


def check_clean(text: str, path: Path | str, ignore: Collection[DamageKind] = ()) -> None:
    """Raise `TranspipeError` for the first damaged spot in ``text`` (read from ``path``).

    ``ignore`` names kinds of damage to let through (e.g. CRLF, for a reader that keeps it).
    """
    found = [damage for damage in find_damage(text) if damage.kind not in ignore]
    if found:
        raise TranspipeError(_describe(path, found[0]), path, found[0].line)
