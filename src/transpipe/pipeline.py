"""The site-wide commands: extract, init, update, status, sync (``build``: ``sitebuild``).

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
from transpipe import paths
from transpipe.catalog import Catalog
from transpipe.completeness import SOURCE_REVISION, complete, staleness
from transpipe.config import Config
from transpipe.configedit import register_language
from transpipe.console import track
from transpipe.errors import TranspipeError
from transpipe.extract import make_template, new_catalog, po_date, template_messages
from transpipe.files import (
    ChangedOnDisk,
    Snapshot,
    ensure_gitignore,
    read_if_present,
    write_if_changed,
)
from transpipe.memo import (
    CATALOG_BUDGET,
    PAGE_BUDGET,
    Bounded,
    catalog_budget,
    catalog_weight,
    page_weight,
)
from transpipe.memory import Filled, Memory
from transpipe.page import Page, parse_page, read_text
from transpipe.pofile import decode_catalog, dump_catalog, read_catalog, write_catalog
from transpipe.reports import Row, progress, totals
from transpipe.runreport import Report, attempt, each, joined
from transpipe.sitebuild import build, history_credits, remember_share
from transpipe.state import RunState
from transpipe.update import merge

Key = tuple[str | None, str]


class Site:
    """A configured site during one run: what it read, kept for its later steps (bounded)."""

    def __init__(self, config: Config):
        self.config = config
        paths.confine(config.root)  # every read and write stays inside the site
        self.state = RunState(config.root)
        self._pages: Bounded[Path, Page] = Bounded(PAGE_BUDGET, page_weight)
        self._templates: Bounded[Path, Catalog] = Bounded(CATALOG_BUDGET // 8, catalog_weight)
        self._catalogs: Bounded[Path, Catalog | None] = Bounded(CATALOG_BUDGET, catalog_weight)
        self._snapshots: dict[Path, Snapshot | None] = {}  # catalogs as read: update compares
        self._revisions: dict[Path, credit_lib.Revision] | None = None
        self._sources: list[Path] | None = None
        self._memories: dict[str, Memory] = {}
        # A language shard (``sync --lang``) writes no template: templates newer than their
        # file stay here, for this run only.
        self.shard = False
        self.unwritten_templates: dict[Path, Catalog] = {}
        config_files = [config.root / "transpipe.toml", config.root / "pyproject.toml"]
        self.config_files = [p for p in config_files if p.exists()][:1]
        # the site's own URL (links) lives there: pages follow it
        jekyll = [config.pages_dir / "_config.yml", config.root / "_config.yml"]
        self.config_files += [p for p in jekyll if p.exists()][:1]

    def sources(self, selected: Sequence[str] = ()) -> list[Path]:
        """English pages, all or those named (relative to the site root or to ``pages``)."""
        if self._sources is None:
            pages = self.config.pages_dir
            if not pages.is_dir():
                raise TranspipeError(
                    "no such folder: the site's pages (setting 'pages')", self.config.display(pages)
                )
            self._sources = self.config.source_paths()
            if not self._sources:
                raise TranspipeError(
                    f"no English page matches 'sources' ({', '.join(self.config.sources)})",
                    self.config.display(pages),
                )
            catalogs = len(self._sources) * len(self.config.languages)
            self._catalogs.budget = catalog_budget(catalogs)  # the site's size is known now
        if not selected:
            return self._sources
        chosen: list[Path] = []
        for name in selected:
            wanted = {(self.config.root / name).resolve(), (self.config.pages_dir / name).resolve()}
            match = [p for p in self._sources if p.resolve() in wanted]
            if not match:
                raise TranspipeError("not one of the site's English pages (see 'sources')", name)
            chosen.extend(match)
        return chosen

    def rel(self, source: Path) -> str:
        return self.config.target_rel(source).as_posix()

    def page(self, source: Path) -> Page:
        """An English page, parsed once per run; damaged text stops it with file and line."""
        if source not in self._pages:
            text = read_text(source)
            check_damage(self, source, text)
            self._pages[source] = parse_page(source, text, self.config.front_matter_keys)
        return self._pages[source]

    def catalog(self, path: Path, keep: bool = True) -> Catalog | None:
        """A language catalog, read once per run while it stays in memory; None when there
        is none. The last reader of a run passes ``keep=False``: what it reads then does not
        push out of memory the catalogs still to come."""
        if path in self._catalogs:
            return self._catalogs[path]
        if not keep:  # (nor a snapshot: nothing will be compared with it)
            found = read_if_present(path)
            return None if found is None else _nonempty(decode_catalog(found[1], path), path)
        taken = Snapshot.read(path)
        catalog = None if taken is None else _nonempty(decode_catalog(taken[1], path), path)
        self._snapshots[path] = None if taken is None else taken[0]
        self._catalogs[path] = catalog
        return catalog

    def forget_catalogs(self) -> None:
        """Read the catalogs again when next needed (another process wrote them)."""
        self._catalogs = Bounded(self._catalogs.budget, catalog_weight)
        self._snapshots.clear()
        self._memories.clear()

    def memory(self, lang: str) -> Memory:
        """The translation memory of ``lang``: its catalogs' translations (read once)."""
        if lang not in self._memories:
            catalogs = []
            for source in self.sources():
                path = self.config.catalog_path(source, lang)
                try:
                    catalog = self.catalog(path) if path.exists() else None
                except TranspipeError:
                    catalog = None  # a bad catalog is reported by the step that needs it
                if catalog is not None:
                    catalogs.append(catalog)
            self._memories[lang] = Memory(catalogs)
        return self._memories[lang]

    def save_catalog(self, path: Path, catalog: Catalog) -> bool:
        """Write a catalog unless it equals the one on disk; True when the file changed."""
        if self._catalogs.get(path) == catalog and path.exists():
            return False
        self._catalogs[path] = catalog
        expect = self._snapshots.pop(path, None)
        if expect is None:
            return write_catalog(path, catalog)
        return write_if_changed(path, dump_catalog(catalog), expect)  # unless changed since

    def revision(self, source: Path) -> credit_lib.Revision | None:
        """The last commit of an English page (None outside git or when it has changes)."""
        if self._revisions is None:
            self._revisions = credit_lib.last_revisions(self.config.root, self.sources())
        return self._revisions.get(source)

    def fresh_template(self, source: Path) -> Catalog:
        """The template as the page is now (not read from disk)."""
        name = self.config.display(source)
        messages = template_messages(self.page(source), name)
        return make_template(messages, name, self.config.project, po_date())

    def template(self, source: Path) -> Catalog:
        """The template on disk, or a fresh one when there is none yet (or a shard's own)."""
        if source in self.unwritten_templates:
            return self.unwritten_templates[source]
        if source not in self._templates:
            path = self.config.template_path(source)
            self._templates[source] = (
                _read_nonempty(path) if path.exists() else self.fresh_template(source)
            )
        return self._templates[source]


def _read_nonempty(path: Path) -> Catalog:
    """A catalog or template; an empty file is an error (it would empty every catalog)."""
    return _nonempty(read_catalog(path), path)


def _nonempty(catalog: Catalog, path: Path) -> Catalog:
    if not catalog.messages and not catalog.headers:
        raise TranspipeError(
            "empty catalog: no header and no entries (delete it and run 'transpipe update' "
            "to recreate it)",
            path,
        )
    return catalog


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
        site._templates[source] = old  # unchanged text: keep the file and its date
        report.count("unchanged")
    elif site.shard:
        site.unwritten_templates[source] = template
        report.say(f"not written by a language shard: {config.display(path)}")
        return  # not recorded: the file is still behind the page
    else:
        write_catalog(path, template)
        site._templates[source] = template
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
    page = site._pages.get(source)
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


def check_damage(site: Site, path: Path, text: str) -> None:
    """Stop with file and line at damaged text (CRLF is not: pages keep their line endings)."""
    from transpipe.damage import DamageKind, check_clean

    check_clean(text, site.config.display(path), ignore={DamageKind.CRLF})
