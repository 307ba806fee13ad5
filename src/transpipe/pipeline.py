"""The site-wide commands: extract, init, update, status, sync (``build``: ``sitebuild``),
each a loop over the site's pages that hands each step what the run read (``site``).

Each file is handled on its own: one bad file is reported and the others go on. The steps go
page by page: each English page is parsed once and handled in every language while it is at
hand, and what a run keeps for its later steps stays within a budget (``memo``), so memory
does not grow with the site. A step whose inputs did not change since the last run (see
``state``) is skipped without reading them.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path

from transpipe import credits as credit_lib
from transpipe.catalog import Catalog
from transpipe.completeness import SOURCE_REVISION, complete, staleness
from transpipe.configedit import register_language
from transpipe.console import track
from transpipe.errors import TranspipeError
from transpipe.extract import new_catalog, po_date
from transpipe.files import ChangedOnDisk, ensure_gitignore
from transpipe.memory import Filled
from transpipe.pofile import read_catalog, write_catalog
from transpipe.reports import Row, progress, totals
from transpipe.runreport import Report, attempt, each, joined
from transpipe.site import Site
from transpipe.sitebuild import build, history_credits, remember_share
from transpipe.update import merge

Key = tuple[str | None, str]


def extract(site: Site, selected: Sequence[str] = ()) -> Report:
    """Write or refresh the templates; an unchanged page leaves its template untouched.

    A shard (``site.shard``) writes none: a template newer than its file stays in memory.
    """
    report = Report()
    each(site.sources(selected), report, lambda s: _extract_one(site, s, report), "extract")
    return report


def _extract_one(site: Site, source: Path, report: Report) -> None:
    """Write one page's template if its text changed (a shard keeps it in memory)."""
    config = site.config
    path = config.template_path(source)
    key, files = f"extract:{site.rel(source)}", [source, path, *site.config_files]
    if site.state.lookup(key, files) is not None:
        report.count("unchanged")
        return
    template = site.fresh_template(source)
    old = read_catalog(path) if path.exists() else None
    if old is not None and old.messages == template.messages:
        site.keep_template(source, old)  # unchanged text: keep the file and its date
        report.count("unchanged")
    elif site.shard:
        site.unwritten_templates[source] = template
        report.say(f"not written by a language shard: {config.display(path)}")
        return  # not recorded: the file is still behind the page
    else:
        write_catalog(path, template)
        site.keep_template(source, template)
        report.wrote(path, f"extracted {config.display(path)} ({len(template.messages)} messages)")
    site.state.record(key, files)


def init(site: Site, lang: str, selected: Sequence[str] = ()) -> Report:
    """Create the catalogs of a new language; existing catalogs are never overwritten."""
    site.config.target_language(lang)
    report = Report()
    config = site.config

    def one(source: Path) -> None:
        path = config.catalog_path(source, lang)
        if path.exists():
            report.say(f"kept {config.display(path)}: it exists (use 'transpipe update')")
            report.count("kept (they exist: use 'transpipe update')")
            return
        _create_catalog(site, source, lang, report)

    each(site.sources(selected), report, one, f"init {lang}")
    registration = register_language(config, lang)
    if registration.message:
        report.tell(registration.message)
    if ensure_gitignore(config.locales_dir, "*.mo"):
        gitignore = config.locales_dir / ".gitignore"
        shown = config.display(gitignore)
        report.wrote(gitignore, f"wrote {shown}: ignore *.mo (Poedit's compiled files)")
    return report


def _create_catalog(site: Site, source: Path, lang: str, report: Report) -> None:
    """Write the ``lang`` catalog of a page from its template, filled from the memory."""
    path = site.config.catalog_path(source, lang)
    catalog = new_catalog(site.template(source), lang, site.config.project, po_date())
    filled = _fill_from_memory(site, lang, catalog, report)
    site.save_catalog(path, catalog)
    report.wrote(path, f"created {site.config.display(path)}" + _filled_note(filled))


def _fill_from_memory(
    site: Site, lang: str, catalog: Catalog, report: Report, only: set[Key] | None = None
) -> Filled:
    """Fill untranslated entries from ``lang``'s translations elsewhere; counted in ``report``."""
    if not any(not m.msgstr and (only is None or m.key in only) for m in catalog.active()):
        return Filled()
    filled = site.memory(lang).fill(catalog, only)
    report.count("filled from memory", filled.exact)
    report.count("suggested by memory (fuzzy)", filled.fuzzy)
    return filled


def _filled_note(filled: Filled) -> str:
    if not (filled.exact or filled.fuzzy):
        return ""
    return f" ({filled.exact} filled from memory, {filled.fuzzy} fuzzy suggestions)"


def update(site: Site, langs: Sequence[str]) -> Report:
    """Merge each template into each language's catalog (msgmerge semantics), page by page.

    A catalog that is complete after the merge records the English revision it is complete
    for (``X-Source-Revision``): status tells how far behind the others are.
    """
    credit_lib.require_full_history(site.config.root)  # X-Source-Revision reads the history
    for lang in langs:
        site.config.target_language(lang)
    report = Report()
    _extract_stale(site, report)
    report.extend(joined(update_languages(site, langs).values()))
    return report


def update_languages(site: Site, langs: Sequence[str]) -> dict[str, Report]:
    """``update`` without its checks and first extraction: one report per language."""
    reports = {lang: Report() for lang in langs}  # reported language by language
    for source in track(site.sources(), "update"):
        _update_page(site, source, reports)
    return reports


def _update_page(site: Site, source: Path, reports: dict[str, Report]) -> None:
    """One page's catalog in each language of ``reports``, reported in its language's."""
    for lang, report in reports.items():
        attempt(report, source, functools.partial(_update_one, site, source, lang, report))


def _update_one(site: Site, source: Path, lang: str, report: Report) -> None:
    """Merge one page's template into one language's catalog (or create the catalog)."""
    config = site.config
    path = config.catalog_path(source, lang)
    key, files = f"update:{lang}:{site.rel(source)}", [config.template_path(source), path]
    remember = source not in site.unwritten_templates  # else the file is not what was merged
    if remember and site.state.lookup(key, files) is not None:
        report.count("unchanged")
        return
    if not path.exists():
        _create_catalog(site, source, lang, report)
        if remember:
            site.state.record(key, files)
            _remember_share(site, source, lang)
        return
    old = site.catalog(path) or Catalog()
    result = merge(site.template(source), old)
    before = {m.key for m in old.active()}
    fresh = {m.key for m in result.catalog.active() if m.key not in before}
    filled = _fill_from_memory(site, lang, result.catalog, report, fresh)
    revision = site.revision(source) if complete(result.catalog) else None
    if revision is not None:
        result.catalog.headers[SOURCE_REVISION] = revision.header()
    try:
        saved = site.save_catalog(path, result.catalog)
    except ChangedOnDisk as error:
        raise TranspipeError(
            "changed while updating (saved by someone else?): kept as it is; run update again",
            error.path,
        ) from None
    if saved:
        report.wrote(
            path,
            f"updated {config.display(path)}: {result.fuzzy} fuzzy, {result.new} new, "
            f"{result.obsoleted} obsolete" + _filled_note(filled),
        )
    else:
        report.count("unchanged")
    if remember:
        site.state.record(key, files)
        _remember_share(site, source, lang)


def _remember_share(site: Site, source: Path, lang: str) -> None:
    """What share of the page the merged catalog translates, for the build (page at hand)."""
    page = site.page_at_hand(source)
    if page is not None:
        remember_share(
            site, source, lang, page, site.catalog(site.config.catalog_path(source, lang))
        )


def _extract_stale(site: Site, report: Report) -> None:
    """Extract the templates older than their English pages (or missing), and say so."""
    config = site.config
    if site.shard:
        return  # its templates were made in memory
    stale = [
        config.display(source)
        for source in site.sources()
        if _mtime(config.template_path(source)) < _mtime(source)
    ]
    if not stale:
        return
    extracted = extract(site, stale)
    extracted.counts.clear()  # what update left unchanged is what its summary counts
    report.extend(extracted)
    if extracted.written:
        n = len(extracted.written)
        report.tell(f"extracted {n} template{'s' * (n != 1)} older than their English pages first")


def _mtime(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except FileNotFoundError:
        return -1


def status(site: Site, langs: Sequence[str]) -> tuple[list[Row], Report]:
    """Progress rows per language and page, with a total per language."""
    report = Report()
    config = site.config
    rows: list[Row] = []
    for lang in langs:
        site.config.target_language(lang)
        for source in site.sources():
            path = config.catalog_path(source, lang)
            try:
                template = site.template(source)
                catalog = site.catalog(path)
            except TranspipeError as error:
                report.errors.append(error)
                continue
            target = config.display(config.target_path(source, lang))
            row = Row(lang, target, progress(catalog, template))
            if catalog is None:
                row.notes.append("no catalog")
            else:
                row.notes += staleness(catalog, site.revision(source), row.progress)
            rows.append(row)
    return totals(rows), report


def sync(site: Site, langs: Sequence[str], keep: int, shard: bool = False) -> Report:
    """extract + update + build in one run, each page parsed once, unchanged work skipped.

    A ``shard`` (``sync --lang``) writes only its languages' catalogs and pages: no template
    (a page whose template file is behind it is merged from one made in memory, and that
    merge is not remembered) and no language-menu data. One ``extract`` job and one shard
    per language then write disjoint files, together the files of one ``sync``.
    """
    begin_sync(site, langs, shard)
    report, updated = Report(), {lang: Report() for lang in langs}
    for source in track(site.sources(), "sync"):  # each page at hand for every language
        attempt(report, source, functools.partial(_extract_one, site, source, report))
        _update_page(site, source, updated)
    report.extend(joined(updated.values()))
    report.extend(build(site, langs, keep, *history_credits(site, langs)))
    return report


def begin_sync(site: Site, langs: Sequence[str], shard: bool) -> None:
    """What a sync checks before it writes anything: full history, the languages."""
    credit_lib.require_full_history(site.config.root)
    for lang in langs:
        site.config.target_language(lang)
    site.shard = shard
