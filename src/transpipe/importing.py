"""Bringing hand-made pages in, and repairing damaged ones: ``import`` and ``repair``.

A hand-made page is never rewritten by an import; damaged text is repaired only from
evidence (the English source and the page's other language versions).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from transpipe.catalog import Catalog
from transpipe.config import Config
from transpipe.errors import TranspipeError
from transpipe.extract import po_date
from transpipe.files import write_if_changed
from transpipe.imported import mark_imported
from transpipe.page import read_text
from transpipe.paths import inside_site
from transpipe.pofile import read_catalog, write_catalog
from transpipe.runreport import Report, each
from transpipe.site import Site, check_damage

if TYPE_CHECKING:
    from transpipe.importer import ImportReport


def related_pages(site: Site, path: Path) -> tuple[Path | None, list[Path]]:
    """The English source of a page (English or translated) and its other language versions."""
    config = site.config
    try:
        rel = path.resolve().relative_to(config.pages_dir.resolve())
    except ValueError:  # a file from elsewhere (import --from): no relatives by place
        return None, []
    source: Path | None = None
    for candidate in site.sources():
        target_rel = config.target_rel(candidate)
        if (
            candidate.resolve() == path.resolve()
            or "/".join(rel.parts[1:]) == target_rel.as_posix()
        ):
            source = candidate
            break
    if source is None:
        return None, []
    versions = [config.target_path(source, lang) for lang in _language_folders(config)]
    return source, [p for p in versions if p.exists() and p.resolve() != path.resolve()]


def _language_folders(config: Config) -> list[str]:
    """Folders of ``pages`` that may hold a language version (not Jekyll's ``_data`` & co)."""
    found = (
        {p.name for p in config.pages_dir.iterdir() if p.is_dir() and p.name[:1] not in "_."}
        if config.pages_dir.is_dir()
        else set()
    )
    return sorted((found | set(config.languages)) - {config.source_language})


def _references(site: Site, path: Path, source: Path | None = None) -> list[str]:
    """Clean texts to repair ``path`` from: its English source and other language versions."""
    found, siblings = related_pages(site, path)
    source = source or found
    pages = ([source] if source and source.resolve() != path.resolve() else []) + siblings
    return [read_text(p) for p in pages]


def _repaired(site: Site, path: Path, text: str, source: Path, report: Report) -> str:
    """``text`` repaired in memory; what could not be settled is reported."""
    from transpipe.damage import DamageKind, find_damage
    from transpipe.repair import repair_text

    if not any(d.kind is not DamageKind.CRLF for d in find_damage(text)):
        return text
    result = repair_text(text, _references(site, path, source))
    for spot in result.unresolved:
        report.say(f"  {site.config.display(path)}:{spot.line}: could not repair '{spot.snippet}'")
    return result.text


def import_pages(
    site: Site,
    lang: str,
    selected: Sequence[str] = (),
    from_path: Path | None = None,
    rev: str | None = None,
    repair: bool = False,
    results: list[tuple[Path, ImportReport]] | None = None,
) -> Report:
    """Build catalogs of ``lang`` from its existing hand-made pages (never rewriting them).

    Each catalog records the page and the translations it imported (``imported``), so
    committing it credits nobody. ``results`` receives each page's import report.
    """
    from transpipe.gitstate import text_at_revision
    from transpipe.importer import import_page

    site.config.target_language(lang)
    config = site.config
    report = Report()
    sources = site.sources(selected)
    if from_path is not None and len(sources) != 1:
        raise TranspipeError("--from takes exactly one PAGE", from_path)

    def one(source: Path) -> None:
        page_path = from_path or config.target_path(source, lang)
        if rev is not None:
            text = text_at_revision(config.root, page_path, rev)
        elif page_path.is_file():
            text = read_text(page_path)
        elif from_path is not None or selected:
            raise TranspipeError(f"no such file to import ({lang} page)", page_path)
        else:
            report.count(f"English pages with no {lang} page")
            return
        if repair:
            text = _repaired(site, page_path, text, source, report)
        else:
            check_damage(site.config, page_path, text)
        template = site.template(source)
        result = import_page(
            site.page(source),
            text,
            page_path,
            template,
            lang,
            source_language=config.source_language,
            now=template.headers.get("POT-Creation-Date") or po_date(),  # not the clock
        )
        catalog_path = config.catalog_path(source, lang)
        catalog, kept = result.catalog, 0
        if catalog_path.exists():
            catalog, kept = keep_existing(read_catalog(catalog_path), catalog)
        shown = config.display(page_path) + (f"@{rev}" if rev else "")
        mark_imported(catalog, shown)
        changed = write_catalog(catalog_path, catalog)
        r = result.report
        if results is not None:
            results.append((page_path, r))
        line = (
            f"imported {shown} → {config.display(catalog_path)}: {r.exact} exact ({r.anchored} by "
            f"anchor), {r.fuzzy} fuzzy, {len(r.untranslated)} English units without translation, "
            f"{len(r.extra)} translated units without English"
            + (f", {r.english} still in English (left untranslated)" if r.english else "")
            + (f", {kept} existing kept" if kept else "")
        )
        if changed:
            report.wrote(catalog_path, line)
        else:
            report.say(line)
            report.count("unchanged")
        for what, n in (("exact", r.exact), ("fuzzy", r.fuzzy)):
            report.count(f"{what} entries", n)
        report.count("translated units without English (-v lists them)", len(r.extra))
        report.count("still in English (left untranslated)", r.english)
        report.count("English texts translated two ways (-v lists them)", len(r.conflicts))
        for unit in r.extra:
            report.say(f"  {shown}:{unit.line}: no English counterpart today: {_short(unit.text)}")
        for unit, kept_line in r.conflicts:
            report.say(
                f"  {shown}:{unit.line}: same English as line {kept_line}, translated "
                f"differently there (kept): {_short(unit.text)}"
            )
        if r.low_match:
            report.count("pages of low match (another edition?)")
            report.say(
                f"  {shown}: mostly does not match its English page (another edition?); "
                "imported only what matches, the hand-made page stays until --keep is reached"
            )

    each(sources, report, one, f"import {lang}")
    return report


def keep_existing(existing: Catalog, imported: Catalog) -> tuple[Catalog, int]:
    """``imported`` with every translation already in ``existing`` kept as it was."""
    old = {m.key: m for m in existing.messages if m.msgstr and not m.obsolete}
    kept = 0
    for message in imported.messages:
        before = old.get(message.key)
        if before is not None and (before.msgstr, before.flags) != (message.msgstr, message.flags):
            message.msgstr, message.flags = before.msgstr, list(before.flags)
            message.previous_msgid = before.previous_msgid
            message.user_comments = list(before.user_comments)
            kept += 1
    imported.messages += [m for m in existing.messages if m.obsolete]
    return imported, kept


def _short(text: str, size: int = 60) -> str:
    line = " ".join(text.split())
    return line if len(line) <= size else line[: size - 1] + "…"


def repair_pages(site: Site, paths: Sequence[Path]) -> Report:
    """Repair damaged pages in place, using their English source and siblings as evidence."""
    from transpipe.repair import repair_text

    report = Report()

    def one(path: Path) -> None:
        shown = site.config.display(path)
        if not inside_site(path):  # repair rewrites files: only the site's own
            raise TranspipeError(
                "not a page of this site (or a symlink out of it): not repaired", shown
            )
        if not path.is_file():
            raise TranspipeError("no such page", shown)
        result = repair_text(read_text(path), _references(site, path))
        if write_if_changed(path, result.text):
            report.wrote(path, f"repaired {shown}: {result.fixed} fixes")
        else:
            report.count("unchanged")
        for spot in result.unresolved:
            report.errors.append(
                TranspipeError(f"could not repair '{spot.snippet}' (left marked)", shown, spot.line)
            )

    each(paths, report, one)
    return report
