"""The site-wide commands: extract, init, update, build. Each file is handled on its own:
one bad file is reported and the others go on."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from transpipe import credits as credit_lib
from transpipe.build import Credits, render_page
from transpipe.catalog import Catalog
from transpipe.config import Config
from transpipe.errors import TranspipeError
from transpipe.files import write_if_changed
from transpipe.extract import make_template, new_catalog, po_date, template_messages
from transpipe.links import localiser, page_key, read_site
from transpipe.locales import validate_language
from transpipe.page import Page, parse_page, read_text
from transpipe.reports import Row, progress, totals
from transpipe.pofile import read_catalog, write_catalog
from transpipe.update import merge


@dataclass
class Report:
    """What a command did, file by file, and the errors it met."""

    lines: list[str] = field(default_factory=list)
    errors: list[TranspipeError] = field(default_factory=list)

    def say(self, line: str) -> None:
        self.lines.append(line)

    def fail(self, error: TranspipeError) -> None:
        self.errors.append(error)


class Site:
    """A configured site during one run: each English page is parsed at most once."""

    def __init__(self, config: Config):
        self.config = config
        self._pages: dict[Path, Page] = {}
        self._templates: dict[Path, Catalog] = {}

    def sources(self, selected: Sequence[str] = ()) -> list[Path]:
        """English pages, all or those named (by path relative to the site root or to pages/)."""
        every = self.config.source_paths()
        if not selected:
            return every
        chosen: list[Path] = []
        for name in selected:
            candidates = [(self.config.root / name).resolve(), (self.config.pages_dir / name).resolve()]
            match = [p for p in every if p.resolve() in candidates]
            if not match:
                raise TranspipeError("not one of the site's English pages (see 'sources')", name)
            chosen.extend(match)
        return chosen

    def page(self, source: Path) -> Page:
        if source not in self._pages:
            text = read_text(source)
            self._pages[source] = parse_page(source, text, self.config.front_matter_keys)
        return self._pages[source]

    def fresh_template(self, source: Path) -> Catalog:
        """The template as the page is now (not read from disk)."""
        name = self.config.display(source)
        messages = template_messages(self.page(source), name)
        return make_template(messages, name, self.config.project, po_date())

    def template(self, source: Path) -> Catalog:
        """The template on disk, or a fresh one when there is none yet."""
        if source not in self._templates:
            path = self.config.template_path(source)
            self._templates[source] = read_catalog(path) if path.exists() else self.fresh_template(source)
        return self._templates[source]


def each(items: Iterable[Path], report: Report, work: Callable[[Path], None]) -> None:
    """Run ``work`` on every item; a TranspipeError is reported and the next item goes on."""
    for item in items:
        try:
            work(item)
        except TranspipeError as error:
            report.fail(error if error.path else TranspipeError(error.message, item, error.line))


def extract(site: Site, selected: Sequence[str] = ()) -> Report:
    """Write or refresh the templates; an unchanged page leaves its template untouched."""
    report = Report()
    config = site.config

    def one(source: Path) -> None:
        path = config.template_path(source)
        template = site.fresh_template(source)
        if path.exists():
            old = read_catalog(path)
            if old.messages == template.messages:
                site._templates[source] = old
                return
        write_catalog(path, template)
        site._templates[source] = template
        report.say(f"extracted {config.display(path)} ({len(template.messages)} messages)")

    each(site.sources(selected), report, one)
    return report


def init(site: Site, lang: str, selected: Sequence[str] = ()) -> Report:
    """Create the catalogs of a new language; existing catalogs are never overwritten."""
    validate_language(lang)
    report = Report()
    config = site.config

    def one(source: Path) -> None:
        path = config.catalog_path(source, lang)
        if path.exists():
            report.say(f"kept {config.display(path)}: it exists (use 'transpipe update')")
            return
        write_catalog(path, new_catalog(site.template(source), lang, config.project, po_date()))
        report.say(f"created {config.display(path)}")

    each(site.sources(selected), report, one)
    return report


def update(site: Site, langs: Sequence[str]) -> Report:
    """Merge each template into each language's catalog (msgmerge semantics)."""
    report = Report()
    config = site.config
    for lang in langs:
        validate_language(lang)

        def one(source: Path, lang: str = lang) -> None:
            path = config.catalog_path(source, lang)
            template = site.template(source)
            if not path.exists():
                write_catalog(path, new_catalog(template, lang, config.project, po_date()))
                report.say(f"created {config.display(path)}")
                return
            result = merge(template, read_catalog(path))
            if write_catalog(path, result.catalog):
                report.say(
                    f"updated {config.display(path)}: {result.fuzzy} fuzzy, {result.new} new, "
                    f"{result.obsoleted} obsolete"
                )

        each(site.sources(), report, one)
    return report


def translation_share(page: Page, catalog: Catalog | None) -> tuple[dict[str, str], float]:
    """The usable translations of a page and the share of its distinct units they cover."""
    msgids = {unit.msgid for unit in page.units}
    if catalog is None or not msgids:
        return {}, 0.0 if msgids else 1.0
    translations = {
        m.msgid: m.msgstr for m in catalog.messages if m.translated and m.msgid in msgids
    }
    return translations, len(translations) / len(msgids)


def header_credits(catalog: Catalog) -> Credits:
    """Credits recorded in a catalog's header: ``Last-Translator``, ``# Translators:``, date."""
    names = credit_lib.translator_comment_names(catalog.header_comment)
    last = credit_lib.strip_email(catalog.headers.get("Last-Translator", ""))
    if last and last != "FULL NAME":
        names = credit_lib.merge_names(names, [last])
    date = credit_lib.parse_po_date(catalog.headers.get("PO-Revision-Date", ""))
    return Credits(tuple(names), credit_lib.format_date(date) if date else None)


@dataclass(frozen=True)
class PagePlan:
    """What a build does with one page in one language."""

    source: Path
    target: Path
    translations: dict[str, str]
    share: float
    credits: Credits | None
    write: bool


def build(
    site: Site,
    langs: Sequence[str],
    keep: int,
    credits_for: Callable[[Path, Catalog], Credits] | None = None,
) -> Report:
    """Regenerate the language pages whose catalogs are at least ``keep``% translated."""
    report = Report()
    config = site.config
    sources = site.sources()
    link_site = read_site(config.pages_dir, config.root, config.source_language, sources)
    for lang in langs:
        validate_language(lang)
        plans = list(_plans(site, sources, lang, keep, credits_for or (lambda _p, c: header_credits(c)), report))
        available = frozenset(
            link_site.pages[_key(config, plan.source)]
            for plan in plans
            if plan.write or plan.target.exists()
        )
        for plan in plans:
            if not plan.write:
                continue
            source_rel = plan.source.relative_to(config.pages_dir).as_posix()
            fix = localiser(link_site, source_rel, lang, available)
            text = render_page(site.page(plan.source), plan.translations, fix, lang, plan.credits)
            if write_if_changed(plan.target, text):
                report.say(f"built {config.display(plan.target)} ({plan.share:.0%} translated)")
    return report


def _key(config: Config, source: Path) -> str:
    return page_key(source.relative_to(config.pages_dir).as_posix())


def _plans(
    site: Site,
    sources: Sequence[Path],
    lang: str,
    keep: int,
    credits_for: Callable[[Path, Catalog], Credits],
    report: Report,
) -> Iterator[PagePlan]:
    config = site.config
    for source in sources:
        try:
            page = site.page(source)
            catalog_path = config.catalog_path(source, lang)
            catalog = read_catalog(catalog_path) if catalog_path.exists() else None
        except TranspipeError as error:
            report.fail(error)
            continue
        translations, share = translation_share(page, catalog)
        target = config.target_path(source, lang)
        write = share * 100 >= keep
        if not write:
            state = "kept the existing page" if target.exists() else "not written"
            report.say(
                f"skipped {config.display(target)}: {share:.0%} translated, below --keep {keep}% ({state})"
            )
        credits = credits_for(catalog_path, catalog) if catalog and translations else None
        yield PagePlan(source, target, translations, share, credits, write)


def status(site: Site, langs: Sequence[str]) -> tuple[list[Row], Report]:
    """Progress rows per language and page, with a total per language."""
    report = Report()
    config = site.config
    rows: list[Row] = []
    for lang in langs:
        validate_language(lang)
        for source in site.sources():
            path = config.catalog_path(source, lang)
            try:
                template = site.template(source)
                catalog = read_catalog(path) if path.exists() else None
            except TranspipeError as error:
                report.fail(error)
                continue
            row = Row(lang, config.display(config.target_path(source, lang)), progress(catalog, template))
            if catalog is None:
                row.notes.append("no catalog")
            rows.append(row)
    return totals(rows), report
