"""What the alignment of an import left alone: a translated unit in a gap between two pairs,
and a translation the translator wrote for several English paragraphs at once.

Both are placed as fuzzy guesses: shown, for a translator to review.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable

from transpipe import placing
from transpipe.align import Scorer, Side, prose_size
from transpipe.page import Unit, UnitKind
from transpipe.pairs import How, Pair, unit_context

MERGED_GAIN = 1.0  # log-odds a cut must gain to split a translated unit between English ones
MERGED_MOST = 4  # English paragraphs one translated paragraph may be cut between


def fill_gaps(
    pairs: dict[int, Pair],
    english: Side,
    translated: Side,
    scorer: Scorer,
    msgstr_for: Callable[[Unit, int], str],
) -> None:
    """Place a translated unit the alignment left alone between two pairs when English
    units are left alone there too: with one English unit when its length fits, shared out
    by lines between up to four (a list the translator wrote as lines of one paragraph)."""
    where = {id(unit): j for j, unit in enumerate(translated.units)}
    used = {where[id(p.translated)] for p in pairs.values()}
    bounds = [-1, *sorted(pairs), len(english.units)]
    for lo, hi in itertools.pairwise(bounds):
        run = list(range(lo + 1, hi))
        if not run or len(run) > MERGED_MOST:
            continue
        if not all(english.units[i].kind.is_text for i in run):
            continue
        t_lo = where[id(pairs[lo].translated)] if lo >= 0 else -1
        t_hi = where[id(pairs[hi].translated)] if hi < len(english.units) else len(translated.units)
        gap = [j for j in range(t_lo + 1, t_hi) if j not in used]
        if len(gap) != 1 or not translated.units[gap[0]].kind.is_text:
            continue
        other = translated.units[gap[0]]
        msgstr = msgstr_for(other, run[0])
        sizes = [english.feats[i].size for i in run]
        if len(run) == 1:
            if scorer.length(sizes[0], prose_size(msgstr)) <= 0:
                continue
            parts = [msgstr]
        else:
            cut = placing.partition(msgstr, sizes, scorer.length, prose_size)
            if cut is None:
                continue
            parts = cut[1]
        for i, part in zip(run, parts, strict=True):
            unit = english.units[i]
            if unit.kind is UnitKind.LIST_ITEM:
                part = _LIST_MARKER.sub("", part, count=1)
            part = placing.fit_edges(part, unit.msgid, *unit_context(english, i))
            pairs[i] = Pair(unit, other, part, How.GUESS, None, 0.0, 0.0)


_LIST_MARKER = re.compile(r"^(?:\d{1,9}[.)](?!\d)|[-*+](?=\s))\s*")


def split_merged(pairs: dict[int, Pair], english: Side, scorer: Scorer) -> None:
    """Give English paragraphs left without translation their part of a neighbour's
    translation when the translator wrote them as one (lines of one paragraph).

    The lines are shared out in order so that each part fits the pages' length ratio, and
    much better than the whole did (the parts become fuzzy guesses: shown, for a translator
    to review)."""
    index = 0
    while index < len(english.units):
        end = index
        while end < len(english.units) and end not in pairs:
            end += 1
        run = [i for i in range(index, end) if english.units[i].kind.is_text]
        if run:
            _share_out(pairs, english, scorer, run)
        index = end + 1


def _share_out(pairs: dict[int, Pair], english: Side, scorer: Scorer, run: list[int]) -> None:
    """Cut the translation beside a run of untranslated English units between them."""
    for host, after in ((run[0] - 1, False), (run[-1] + 1, True)):
        pair = pairs.get(host)
        if pair is None or not pair.english.kind.is_text or pair.how is How.ENGLISH:
            continue
        whole = scorer.length(english.feats[host].size, prose_size(pair.msgstr))
        best: tuple[float, list[int], list[str]] | None = None
        for count in range(1, min(len(run), MERGED_MOST - 1) + 1):
            taken = run[-count:] if after else run[:count]  # the units nearest the host
            order = [*taken, host] if after else [host, *taken]
            if order != list(range(order[0], order[0] + len(order))):
                break  # a unit of another kind between them
            sizes = [english.feats[i].size for i in order]
            cut = placing.partition(pair.msgstr, sizes, scorer.length, prose_size)
            if cut is None or cut[0] < whole + MERGED_GAIN:
                continue
            if best is None or cut[0] > best[0]:
                best = (cut[0], order, cut[1])
        if best is None:
            continue
        for i, part in zip(best[1], best[2], strict=True):
            unit = english.units[i]
            part = placing.fit_edges(part, unit.msgid, *unit_context(english, i))
            pairs[i] = Pair(unit, pair.translated, part, How.GUESS, None, pair.score, 0.0)
        return
