"""A per-run cache whose size stays within a budget, so memory does not grow with the site.

A run keeps what it read (pages, templates, catalogs) for the later steps of the same run; on
a small site everything stays, on a large one only what fits and the entry at hand, the rest
is read again when needed. Sizes are weighed in characters of text, a stand-in for the memory
the parsed objects take (about two to three bytes for each).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from transpipe.catalog import Catalog
from transpipe.page import Page

K = TypeVar("K")
V = TypeVar("V")

# Characters of text kept per cache. The course site's 60 pages and their templates fit.
PAGE_BUDGET = 4_000_000
# Catalogs get what the rest of a run leaves of its memory: the rest grows with the site (run
# state, plans, link maps: about 5.7 KB a catalog), a parsed catalog takes about 2 bytes a
# character of its weight. A small site keeps every catalog (the course site's 900, 15
# languages: 19 M characters), so its build reads none again; one of 1,000 pages × 15
# languages keeps 8 M and peaks at 140 MB (with 12 M: 148 MB).
CATALOG_BUDGET = 8_000_000  # the least, and the budget until the site's size is known
_MOST_CATALOGS = 24_000_000
_PER_CATALOG = 1_100  # characters of budget each catalog of the site takes from the most


def catalog_budget(catalogs: int) -> int:
    """The characters of catalogs a run over a site of ``catalogs`` catalogs keeps."""
    return max(CATALOG_BUDGET, _MOST_CATALOGS - _PER_CATALOG * catalogs)


class Bounded(Generic[K, V]):
    """A mapping that keeps the first entries whose weights fit ``budget``, and past it the
    newest one only (in a place of its own, until the next comes).

    A run goes over the site's files in the same order again and again (merge, build, language
    menus): a cache that forgot its oldest entries first would forget each one just before it
    is asked for again and have none left for the next pass; this one keeps the beginning of
    every pass, and the entry at hand for the steps that follow one another on it.
    """

    def __init__(self, budget: int, weigh: Callable[[V], int]):
        self.budget, self.weigh = budget, weigh
        self._items: dict[K, tuple[V, int]] = {}
        self._total = 0
        self._newest: tuple[K, V] | None = None  # past the budget

    def __contains__(self, key: object) -> bool:
        return key in self._items or self._is_newest(key)

    def __getitem__(self, key: K) -> V:
        item = self._items.get(key)
        if item is not None:
            return item[0]
        if self._newest is not None and self._is_newest(key):
            return self._newest[1]
        raise KeyError(key)

    def get(self, key: K) -> V | None:
        try:
            return self[key]
        except KeyError:
            return None

    def _is_newest(self, key: object) -> bool:
        return self._newest is not None and self._newest[0] == key

    def __setitem__(self, key: K, value: V) -> None:
        self.pop(key)
        weight = self.weigh(value)
        if self._total + weight <= self.budget:
            self._items[key] = (value, weight)
            self._total += weight
        else:
            self._newest = (key, value)

    def pop(self, key: K) -> None:
        item = self._items.pop(key, None)
        if item is not None:
            self._total -= item[1]
        if self._is_newest(key):
            self._newest = None


def catalog_weight(catalog: Catalog | None) -> int:
    """Characters of a catalog's strings (a missing one weighs as one entry: it is kept too)."""
    if catalog is None:
        return 64
    return sum(len(m.msgid) + len(m.msgstr) + 64 for m in catalog.messages)


def page_weight(page: Page) -> int:
    """Characters of a page's text, with its units."""
    return 2 * len(page.text)
