"""How much of a page a catalog translates, and how far a catalog is behind its English."""

from __future__ import annotations

from transpipe import credits as credit_lib
from transpipe import provisional
from transpipe.catalog import Catalog
from transpipe.page import Page
from transpipe.reports import Progress

SOURCE_REVISION = "X-Source-Revision"
"""The header of a complete catalog: the English revision it is complete for."""


def complete(catalog: Catalog) -> bool:
    """Whether every active entry has a translation that is not fuzzy."""
    return all(m.msgstr and not m.fuzzy for m in catalog.active())


def translation_share(page: Page, catalog: Catalog | None) -> tuple[dict[str, str], float]:
    """The usable translations of a page and the share of its distinct units they cover.

    Usable: translated, or fuzzy as imported from the hand-made page (``provisional``).
    """
    msgids = {unit.msgid for unit in page.units}
    if not msgids:
        return {}, 1.0
    if catalog is None:
        return {}, 0.0
    translations = {
        m.msgid: m.msgstr for m in catalog.messages if m.msgid in msgids and provisional.shown(m)
    }
    return translations, len(translations) / len(msgids)


def staleness(catalog: Catalog, english: credit_lib.Revision | None, counts: Progress) -> list[str]:
    """Notes on how far a catalog is behind its English page."""
    if complete(catalog):
        return []
    recorded = credit_lib.Revision.parse(catalog.headers.get(SOURCE_REVISION, ""))
    if recorded is None or english is None or recorded.commit == english.commit:
        return []
    return [
        f"outdated: complete for the English of {recorded.date:%Y-%m-%d} ({recorded.commit[:7]}), "
        f"English now {english.date:%Y-%m-%d} ({english.commit[:7]}): {counts.fuzzy} fuzzy, "
        f"{counts.untranslated} new"
    ]
