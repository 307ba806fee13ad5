"""The site-wide commands: extract, init, update, build, status.

Each file is handled on its own: one bad file is reported and the others go on. Each
English page is parsed at most once per run, and a step whose inputs did not change since
the last run (see ``state``) is skipped without reading them.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from transpipe import credits as credit_lib
from transpipe import paths, provisional
from transpipe.build import Credits, render_page
from transpipe.catalog import Catalog
from transpipe.config import Config
from transpipe.configedit import register_language
from transpipe.console import track
from transpipe.errors import TranspipeError
from transpipe.extract import make_template, new_catalog, po_date, template_messages
from transpipe.files import ChangedOnDisk, Snapshot, ensure_gitignore, write_if_changed
from transpipe.imported import IMPORTED_FROM, imported_date, is_imported
from transpipe.links import LinkMap, localiser, page_key, read_site
from transpipe.memory import Filled, Memory
from transpipe.page import Page, parse_page, read_text
from transpipe.pofile import dump_catalog, read_catalog, write_catalog
from transpipe.reports import Progress, Row, progress, totals
from transpipe.runreport import Report, each
from transpipe.safety import refuse_unsafe, site_hosts
from transpipe.state import RunState

CreditsSource = Callable[[Path, Catalog], Credits]
Key = tuple[str | None, str]


class Site:
    """A configured site during one run: pages parsed once, templates read once."""

    def __init__(self, config: Config):
        self.config = config
        paths.confine(config.root)  # every read and write stays inside the site
        self.state = RunState(config.root)
        self._pages: dict[Path, Page] = {}
        self._templates: dict[Path, Catalog] = {}
        self._catalogs: dict[Path, Catalog | None] = {}
        self._snapshots: dict[Path, Snapshot | None] = {}  # catalogs as read: update compares
        self._revisions: dict[Path, credit_lib.Revision] | None = None
        self._sources: list[Path] | None = None
        self._memories: dict[str, Memory] = {}
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

    def catalog(self, path: Path) -> Catalog | None:
        """A language catalog, read at most once per run; None when there is none."""
        if path not in self._catalogs:
            self._snapshots[path] = Snapshot.of(path) if path.exists() else None
            self._catalogs[path] = _read_nonempty(path) if path.exists() else None
        return self._catalogs[path]

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
        """The template on disk, or a fresh one when there is none yet."""
        if source not in self._templates:
            path = self.config.template_path(source)
            self._templates[source] = (
                _read_nonempty(path) if path.exists() else self.fresh_template(source)
            )
        return self._templates[source]


def _read_nonempty(path: Path) -> Catalog:
    """A catalog or template; an empty file is an error (it would empty every catalog)."""
    catalog = read_catalog(path)
    if not catalog.messages and not catalog.headers:
        raise TranspipeError(
            "empty catalog: no header and no entries (delete it and run 'transpipe update' "
            "to recreate it)",
            path,
        )
    return catalog


def extract(site: Site, selected: Sequence[str] = ()) -> Report:
    """Write or refresh the templates; an unchanged page leaves its template untouched."""
    report = Report()
    config = site.config

    def one(source: Path) -> None:
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
        else:
            write_catalog(path, template)
            site._templates[source] = template
            report.wrote(
                path, f"extracted {config.display(path)} ({len(template.messages)} messages)"
            )
        site.state.record(key, files)

    each(site.sources(selected), report, one, "extract")
    return report


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


SOURCE_REVISION = "X-Source-Revision"


def complete(catalog: Catalog) -> bool:
    """Whether every active entry has a translation that is not fuzzy."""
    return all(m.msgstr and not m.fuzzy for m in catalog.active())


def update(site: Site, langs: Sequence[str]) -> Report:
    """Merge each template into each language's catalog (msgmerge semantics).

    A catalog that is complete after the merge records the English revision it is complete
    for (``X-Source-Revision``): status tells how far behind the others are.
    """
    report = Report()
    config = site.config
    credit_lib.require_full_history(config.root)  # X-Source-Revision reads the history
    _extract_stale(site, report)
    for lang in langs:
        site.config.target_language(lang)

        def one(source: Path, lang: str = lang) -> None:
            path = config.catalog_path(source, lang)
            template_path = config.template_path(source)
            key, files = f"update:{lang}:{site.rel(source)}", [template_path, path]
            if site.state.lookup(key, files) is not None:
                report.count("unchanged")
                return
            if not path.exists():
                _create_catalog(site, source, lang, report)
            else:
                from transpipe.update import merge  # (lazy: rapidfuzz is slow to import)

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
                        "changed while updating (saved by someone else?): kept as it is; "
                        "run update again",
                        error.path,
                    ) from None
                if saved:
                    report.wrote(
                        path,
                        f"updated {config.display(path)}: {result.fuzzy} fuzzy, "
                        f"{result.new} new, {result.obsoleted} obsolete" + _filled_note(filled),
                    )
                else:
                    report.count("unchanged")
            site.state.record(key, files)

        each(site.sources(), report, one, f"update {lang}")
    return report


def _extract_stale(site: Site, report: Report) -> None:
    """Extract the templates older than their English pages (or missing), and say so."""
    config = site.config
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


def catalog_credits(_path: Path, catalog: Catalog) -> Credits:
    """The default credits source: the catalog's own header."""
    return header_credits(catalog)


def header_credits(catalog: Catalog) -> Credits:
    """Credits recorded in a catalog: ``# Translators:`` lines, ``Last-Translator``, date."""
    names = credit_lib.translator_comment_names(catalog.header_comment)
    last = credit_lib.strip_email(catalog.headers.get("Last-Translator", ""))
    if last and last != "FULL NAME":
        names = credit_lib.merge_names(names, [last])
    if is_imported(catalog):  # the hand-made page's date, as the page wrote it
        return Credits(tuple(names), imported_date(catalog))
    date = credit_lib.parse_po_date(catalog.headers.get("PO-Revision-Date", ""))
    return Credits(tuple(names), credit_lib.format_date(date) if date else None)


@dataclass(frozen=True)
class Plan:
    """A build's decision for one page in one language."""

    source: Path
    catalog: Path
    target: Path
    share: float
    write: bool


def build(
    site: Site,
    langs: Sequence[str],
    keep: int,
    credits_for: CreditsSource = catalog_credits,
    credits_key: str = "",
) -> Report:
    """Regenerate the language pages whose catalogs are at least ``keep``% translated.

    ``credits_for`` gives a page's credits from its catalog (default: the catalog header);
    ``credits_key`` names the state of whatever else it reads (e.g. the git HEAD).
    """
    report = Report()
    config = site.config
    sources = site.sources()
    english_hosts: frozenset[str] | None = None
    link_site: LinkMap | None = None  # read when a page is rendered: most runs render none
    if config.outdated_flag:  # pages then depend on the English history too
        credits_key += repr(credit_lib.head_commit(config.root))
    for lang in langs:
        site.config.target_language(lang)
        plans = [plan for source in sources if (plan := _plan(site, source, lang, keep, report))]
        available = sorted(
            page_key(config.target_rel(p.source).as_posix())
            for p in plans
            if p.write or p.target.exists()
        )
        extra = hashlib.blake2b(
            repr((available, keep, credits_key)).encode(), digest_size=12
        ).hexdigest()
        for plan in track(plans, f"build {lang}"):
            if not plan.write:
                state = "kept the existing page" if plan.target.exists() else "not written"
                report.say(
                    f"skipped {config.display(plan.target)}: {plan.share:.0%} translated, "
                    f"below --keep {keep}% ({state})"
                )
                report.count(f"skipped (below --keep {keep}%)")
                continue
            key = f"build:{lang}:{site.rel(plan.source)}"
            files = [plan.source, plan.catalog, plan.target, *site.config_files]
            if site.state.lookup(key, files, extra) is not None:
                report.count("unchanged")
                continue
            try:
                page = site.page(plan.source)
                catalog = site.catalog(plan.catalog)
            except TranspipeError as error:
                report.errors.append(error)
                continue
            translations, share = translation_share(page, catalog)
            if link_site is None:
                link_site = read_site(
                    config.pages_dir, config.root, config.source_language, sources
                )
            source_rel = plan.source.relative_to(config.pages_dir).as_posix()
            fix = localiser(link_site, source_rel, lang, frozenset(available))
            credits = None
            # credits only for text a translator made: a copy of the English credits nobody
            if catalog is not None and any(
                msgstr != msgid for msgid, msgstr in translations.items()
            ):
                credits = credits_for(plan.catalog, catalog)
            if credits is not None and config.outdated_flag and catalog is not None:
                revision = site.revision(plan.source)
                if staleness(catalog, revision, progress(catalog)) or any(
                    provisional.provisional(m) for m in catalog.active()
                ):
                    credits = dataclasses.replace(credits, outdated=True)
            if english_hosts is None:  # (once per build: every page and language asks)
                english_hosts = site_hosts(config)
            translations, refused = refuse_unsafe(
                config, plan.catalog, page, catalog, translations, fix, lang, english_hosts
            )
            report.notices += refused  # unsafe entries: the English stays, the page builds
            report.count("unsafe translations not used (English kept)", len(refused))
            text = render_page(page, translations, fix, lang, credits)
            try:
                written = write_if_changed(plan.target, text)
            except TranspipeError as error:  # one page that cannot be written: the rest go on
                report.errors.append(error)
                continue
            if written:
                report.wrote(
                    plan.target, f"built {config.display(plan.target)} ({share:.0%} translated)"
                )
            else:
                report.count("unchanged")
            if not refused:  # refusals are reported again on every build until fixed
                site.state.record(key, files, extra)
    from transpipe.switcher import write_translations

    write_translations(site, report)  # pages/_data/translations.yml, for language menus
    return report


def _plan(site: Site, source: Path, lang: str, keep: int, report: Report) -> Plan | None:
    """Decide whether a page is written; the share is remembered while its inputs stay."""
    config = site.config
    catalog_path = config.catalog_path(source, lang)
    target = config.target_path(source, lang)
    key, files = f"share:{lang}:{site.rel(source)}", [source, catalog_path]
    share_text = site.state.lookup(key, files)
    if share_text is None:
        try:
            share = translation_share(site.page(source), site.catalog(catalog_path))[1]
        except TranspipeError as error:
            report.errors.append(error)
            return None
        site.state.record(key, files, payload=repr(share))
    else:
        share = float(share_text)
    return Plan(source, catalog_path, target, share, share * 100 >= keep)


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


def sync(site: Site, langs: Sequence[str], keep: int) -> Report:
    """extract + update + build in one run, each page parsed once, unchanged work skipped."""
    credit_lib.require_full_history(site.config.root)  # before anything is written
    report = extract(site)
    report.extend(update(site, langs))
    report.extend(build(site, langs, keep, *history_credits(site, langs)))
    return report


def history_credits(site: Site, langs: Sequence[str]) -> tuple[CreditsSource, str]:
    """Credits from git history merged with the catalog's own, and the key of that history.

    Outside git the catalog header alone is used. History is read once, on first need.
    """
    config = site.config
    head = site.state.resolve_commit(credit_lib.head_commit(config.root))
    if head is None:
        return catalog_credits, ""
    credit_lib.require_full_history(config.root)
    cache: dict[str, object] = {}

    def credits_for(path: Path, catalog: Catalog) -> Credits:
        if not cache:
            paths = [config.catalog_path(s, lang) for s in site.sources() for lang in langs]
            cache["history"] = credit_lib.read_history(config.root, paths, config.bots)
            cache["dirty"] = credit_lib.uncommitted_translations(config.root, paths)
        history: dict[Path, credit_lib.History] = cache["history"]  # type: ignore[assignment]
        dirty: set[Path] = cache["dirty"]  # type: ignore[assignment]
        own = header_credits(catalog)
        found = history.get(path, credit_lib.History())
        names = tuple(credit_lib.merge_names(own.translators, found.translators))
        if path in dirty:  # new translations, not committed yet: the editor's date
            return Credits(names, own.date)
        if found.last_changed is not None:
            return Credits(names, credit_lib.format_date(found.last_changed))
        if IMPORTED_FROM in catalog.headers:  # no translation since the import: its date
            return Credits(names, imported_date(catalog))
        return Credits(names, own.date)

    return credits_for, head


def check_damage(site: Site, path: Path, text: str) -> None:
    """Stop with file and line at damaged text (CRLF is not: pages keep their line endings)."""
    from transpipe.repair import check_clean

    check_clean(text, site.config.display(path), ignore={"crlf"})
