"""Pairs of an import: an English unit, the translated unit paired with it, and how."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import Enum

from transpipe.align import Side
from transpipe.page import Unit


class How(Enum):
    """How a pair is known."""

    ANCHOR = "anchor"  # the comment beside the translation is this English text
    OUTDATED = "outdated"  # ... is an older version of it (fuzzy)
    STRUCTURE = "structure"  # certain by alignment
    GUESS = "guess"  # aligned, not certain (fuzzy)
    ENGLISH = "english"  # the translated unit is still the English text: untranslated


@dataclass(frozen=True)
class Pair:
    """An English unit, the translated unit paired with it, and how they were paired.

    ``how``: see :class:`How`; ``outdated`` and ``guess`` are fuzzy.
    """

    english: Unit
    translated: Unit
    msgstr: str
    how: How
    previous: str | None = None
    score: float = math.inf  # log-odds of the pair (front-matter pairs: paired by key)
    margin: float = math.inf  # how much worse the best alignment without the pair is

    @property
    def fuzzy(self) -> bool:
        return self.how in (How.OUTDATED, How.GUESS)


def agreeing(pairs: Sequence[Pair]) -> list[Pair]:
    """Guesses made certain by repetition: an English text found at several places, every
    time paired with the same translation (a table's "Lecture" rows)."""
    msgstrs: dict[str, set[str]] = {}
    counts: Counter[str] = Counter()
    for pair in pairs:
        msgstrs.setdefault(pair.english.msgid, set()).add(pair.msgstr)
        counts[pair.english.msgid] += pair.how in (How.GUESS, How.STRUCTURE)
    return [
        replace(pair, how=How.STRUCTURE)
        if pair.how is How.GUESS
        and counts[pair.english.msgid] > 1
        and len(msgstrs[pair.english.msgid]) == 1
        else pair
        for pair in pairs
    ]


def chosen_pairs(pairs: Sequence[Pair]) -> dict[str, Pair]:
    """The pair whose msgstr an English text gets: the first one not fuzzy, else the first."""
    chosen: dict[str, Pair] = {}
    for pair in pairs:
        if pair.how is How.ENGLISH:
            continue
        known = chosen.get(pair.english.msgid)
        if known is None or (known.fuzzy and not pair.fuzzy):
            chosen[pair.english.msgid] = pair
    return chosen


def unit_context(side: Side, index: int) -> tuple[str, str]:
    """The English text around unit ``index``: since the previous unit, up to the next one
    (what a build shows around the unit's translation)."""
    unit, text = side.units[index], side.text
    lo = side.units[index - 1].end if index else 0
    hi = side.units[index + 1].start if index + 1 < len(side.units) else len(text)
    return text[lo : unit.start], text[unit.end : hi]
