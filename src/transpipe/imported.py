"""Catalogs imported from hand-made pages: the header that says so, and what it vouches for.

``import`` writes two header fields into each catalog it fills:

* ``X-Imported-From: <page> <hash>``: the hand-made page and a hash of the translations the
  import put into the catalog. A commit whose catalog holds exactly those translations (and
  that brought the field in or changed it) is an import, not a translation: it credits
  nobody and dates nothing, whoever commits it. Later changes to the translations no
  longer match the hash, so their authors are credited as usual.
* ``X-Imported-Date: <the page's translation-date, as the page wrote it>`` (when it had
  one): the page's date until a later translation moves it; written back verbatim.

The hash covers the active, translated (non-empty, not fuzzy) entries only, so re-wrapping,
header edits, fuzzy marks from a merge or an editor's save change nothing it vouches for.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

from transpipe.catalog import Catalog
from transpipe.dates import written_date

IMPORTED_FROM = "X-Imported-From"
IMPORTED_DATE = "X-Imported-Date"

Pair = tuple[tuple[str | None, str], str]


def translations_hash(pairs: Iterable[Pair]) -> str:
    """A short, order-independent hash of ``((msgctxt, msgid), msgstr)`` translations."""
    digest = hashlib.blake2b(digest_size=10)
    for (context, msgid), msgstr in sorted(
        ((c, i), s)
        for (c, i), s in set(pairs)
        if i or c is not None  # never the header
    ):
        digest.update(repr((context, msgid, msgstr)).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def catalog_pairs(catalog: Catalog) -> set[Pair]:
    """The translations a build uses: active entries, non-empty and not fuzzy."""
    return {(m.key, m.msgstr) for m in catalog.messages if m.translated}


def mark_imported(catalog: Catalog, page: str) -> None:
    """Record in ``catalog`` that its translations come from the hand-made ``page``."""
    vouched = translations_hash(catalog_pairs(catalog))
    catalog.headers[IMPORTED_FROM] = f"{' '.join(page.split())} {vouched}"


def vouched_hash(value: str | None) -> str | None:
    """The hash an ``X-Imported-From`` value vouches for (None when there is none)."""
    if not value:
        return None
    found = value.strip().rpartition(" ")[2]
    return found if re.fullmatch(r"[0-9a-f]{20}", found) else None


def is_imported(catalog: Catalog) -> bool:
    """Whether the catalog's translations are exactly those its import recorded."""
    vouched = vouched_hash(catalog.headers.get(IMPORTED_FROM))
    return vouched is not None and vouched == translations_hash(catalog_pairs(catalog))


def imported_date(catalog: Catalog) -> str | None:
    """The ``translation-date`` the hand-made page had, verbatim, if it is a readable date."""
    return written_date(catalog.headers.get(IMPORTED_DATE, ""))


_FIELD = re.compile(r'^"' + IMPORTED_FROM + r':[ \t]*(.*?)(?:\\n)?"$', re.MULTILINE)


def raw_imported_from(text: str) -> str | None:
    """The ``X-Imported-From`` value in a catalog's text, found without parsing it."""
    found = _FIELD.search(text)
    return found[1].strip() if found else None
