"""A per-run cache whose size stays within a budget, so memory does not grow with the site.

A run keeps what it read (pages, templates, catalogs) for the later steps of the same run; on
a small site everything stays, on a large one the oldest entries go and are read again when
needed. Sizes are weighed in characters of text, a stand-in for the memory the parsed objects
take (about two to three bytes for each).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from transpipe.catalog import Catalog
from transpipe.page import Page

K = TypeVar("K")
V = TypeVar("V")

# Characters of text kept per cache: the 60 pages × 15 languages of the course site nearly fit.
PAGE_BUDGET = 4_000_000
CATALOG_BUDGET = 12_000_000


class Bounded(Generic[K, V]):
    """A mapping that forgets its oldest entries once their weight passes ``budget``."""

    def __init__(self, budget: int, weigh: Callable[[V], int]):
        self.budget, self.weigh = budget, weigh
        self._items: dict[K, tuple[V, int]] = {}
        self._total = 0

    def __contains__(self, key: object) -> bool:
        return key in self._items

    def __getitem__(self, key: K) -> V:
        return self._items[key][0]

    def get(self, key: K) -> V | None:
        item = self._items.get(key)
        return None if item is None else item[0]

    def __setitem__(self, key: K, value: V) -> None:
        self.pop(key)
        weight = self.weigh(value)
        self._items[key] = (value, weight)
        self._total += weight
        while self._total > self.budget and len(self._items) > 1:
            oldest = next(iter(self._items))
            self._total -= self._items.pop(oldest)[1]

    def pop(self, key: K) -> None:
        item = self._items.pop(key, None)
        if item is not None:
            self._total -= item[1]


def catalog_weight(catalog: Catalog | None) -> int:
    """Characters of a catalog's strings."""
    if catalog is None:
        return 0
    return sum(len(m.msgid) + len(m.msgstr) + 64 for m in catalog.messages)


def page_weight(page: Page) -> int:
    """Characters of a page's text, with its units."""
    return 2 * len(page.text)
