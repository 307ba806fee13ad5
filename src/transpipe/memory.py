"""Translation memory: fill new entries from a language's translations elsewhere in the site.

The memory of a language is every translated (non-fuzzy) entry of its catalogs. An entry
with no translation whose English is in the memory gets that translation (the one most
often used, when translators differed); one whose English is similar (≥ 80 %, the Indel
similarity of UTF-8 bytes that ``update`` scores with, as msgmerge does) gets the similar
entry's translation as a fuzzy suggestion, with ``#| msgid`` the English it translates.
An entry that has a translation, fuzzy or not, is never touched.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from transpipe.catalog import Catalog, Message

SIMILAR = 0.8
"""A memory entry is offered as a fuzzy suggestion from this similarity on."""


@dataclass
class Filled:
    """How many entries a memory filled: exact translations and fuzzy suggestions."""

    exact: int = 0
    fuzzy: int = 0

    def add(self, other: Filled) -> None:
        self.exact += other.exact
        self.fuzzy += other.fuzzy


class Memory:
    """The translations of one language, by English text."""

    def __init__(self, catalogs: Iterable[Catalog]) -> None:
        seen: dict[str, Counter[str]] = {}
        for catalog in catalogs:
            for message in catalog.messages:
                if message.translated and message.msgctxt is None:
                    seen.setdefault(message.msgid, Counter())[message.msgstr] += 1
        self.exact = {msgid: counts.most_common(1)[0][0] for msgid, counts in seen.items()}
        self._sources = list(self.exact)
        self._choices: list[str] | None = None

    def __len__(self) -> int:
        return len(self.exact)

    def suggest(self, msgid: str) -> tuple[str, str, bool] | None:
        """``(source msgid, translation, fuzzy)`` for ``msgid``, or None."""
        if msgid in self.exact:
            return msgid, self.exact[msgid], False
        if not self._sources:
            return None
        from rapidfuzz import process  # (lazy: slow to import)
        from rapidfuzz.distance import Indel

        from transpipe.update import _bytes

        if self._choices is None:
            self._choices = [_bytes(source) for source in self._sources]
        found = process.extractOne(
            _bytes(msgid), self._choices, scorer=Indel.normalized_similarity, score_cutoff=SIMILAR
        )
        if found is None:
            return None
        source = self._sources[found[2]]
        return source, self.exact[source], True

    def fill(
        self, catalog: Catalog, only: Collection[tuple[str | None, str]] | None = None
    ) -> Filled:
        """Fill ``catalog``'s untranslated entries (those keyed in ``only``, if given) in place."""
        filled = Filled()
        for message in catalog.messages:
            if not _open(message) or (only is not None and message.key not in only):
                continue
            suggestion = self.suggest(message.msgid)
            if suggestion is None:
                continue
            source, translation, fuzzy = suggestion
            message.msgstr = translation
            if fuzzy:
                message.fuzzy = True
                message.previous_msgid = source
                filled.fuzzy += 1
            else:
                filled.exact += 1
        return filled


def _open(message: Message) -> bool:
    """An entry with nothing a translator made: no translation, not fuzzy, not obsolete."""
    return not message.msgstr and not message.fuzzy and not message.obsolete and bool(message.msgid)
