"""The site-wide commands: extract, init, update, build, status.

Each file is handled on its own: one bad file is reported and the others go on. Each
English page is parsed at most once per run, and a step whose inputs did not change since
the last run (see ``state``) is skipped without reading them.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

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
from transpipe.imported import IMPORTED_FROM, imported_date, is_imported, mark_imported
from transpipe.links import Site as LinkSite
from transpipe.links import localiser, page_key, read_site
from transpipe.memory import Filled, Memory
from transpipe.page import Page, parse_page, read_text
from transpipe.paths import inside_site
from transpipe.pofile import dump_catalog, read_catalog, write_catalog
from transpipe.reports import Progress, Row, progress, totals
from transpipe.safety import refuse_unsafe
from transpipe.state import RunState

if TYPE_CHECKING:
    from transpipe.importer import ImportReport

CreditsSource = Callable[[Path, Catalog], Credits]
Key = tuple[str | None, str]


@dataclass
class Report:
    """What a command did, file by file, and the errors it met.

    ``lines`` are per-file details (shown with ``-v``), ``notices`` what must always be
    shown; ``counts`` feed the summary line (``unchanged``, ``skipped ...``, ...).
    """

    lines: list[str] = field(default_factory=list)
    errors: list[TranspipeError] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    def say(self, line: str) -> None:
        self.lines.append(line)

    def wrote(self, path: Path, line: str) -> None:
        self.written.append(path)
        self.lines.append(line)

    def tell(self, line: str) -> None:
        """A line shown even without ``-v`` (it changes what the user should do)."""
        self.notices.append(line)

    def count(self, what: str, n: int = 1) -> None:
        self.counts[what] = self.counts.get(what, 0) + n

    def extend(self, other: Report) -> None:
        self.lines += other.lines
        self.errors += other.errors
        self.written += other.written
        self.notices += other.notices
        for what, n in other.counts.items():
            self.count(what, n)

    def unique_errors(self) -> list[TranspipeError]:
        """Each error once, in the order first met (a bad page fails every step that reads it)."""
        return list({str(error): error for error in self.errors}.values())

    def summary(self, command: str) -> str:
        """One line: what was written, what was left as it was or skipped, how many errors."""
        return summary_line(command, self.written, self.counts, len(self.unique_errors()))


_KINDS = {".pot": "template", ".po": "catalog", ".md": "page", ".yml": "data file"}


def summary_line(command: str, written: Sequence[Path], counts: dict[str, int], errors: int) -> str:
    """``sync: 3 templates, 12 catalogs, 40 pages written; 860 unchanged; 1 error``."""
    kinds: dict[str, int] = {}
    for path in dict.fromkeys(written):
        kind = _KINDS.get(path.suffix, "file")
        kinds[kind] = kinds.get(kind, 0) + 1
    made = ", ".join(f"{n} {kind}{'s' * (n != 1)}" for kind, n in kinds.items())
    parts = [f"{made} written" if made else "nothing written"]
    parts += [f"{n} {what}" for what, n in counts.items() if n]
    if errors:
        parts.append(f"{errors} error{'s' * (errors != 1)}")
    return f"{command}: " + "; ".join(parts)


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
            _check_damage(self, source, text)
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


def each(
    items: Iterable[Path], report: Report, work: Callable[[Path], None], label: str = ""
) -> None:
    """Run ``work`` on every item; a TranspipeError is reported and the next item goes on.

    With a ``label``, a terminal shows a progress bar when the work lasts.
    """
    for item in track(list(items), label) if label else items:
        try:
            work(item)
        except OSError as error:  # (the readers and writers report their own: a fallback)
            report.errors.append(paths.os_error(error, item, "handle"))
        except TranspipeError as error:
            report.errors.append(
                error if error.path else TranspipeError(error.message, item, error.line)
            )


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
                filled = (
                    _fill_from_memory(site, lang, result.catalog, report, fresh)
                    if fresh
                    else Filled()
                )
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
    link_site: LinkSite | None = None  # read when a page is rendered: most runs render none
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
            translations, refused = refuse_unsafe(
                config, plan.catalog, page, catalog, translations, fix, lang
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
    found = (
        {p.name for p in config.pages_dir.iterdir() if p.is_dir()}
        if config.pages_dir.is_dir()
        else set()
    )
    return sorted((found | set(config.languages)) - {config.source_language})


def _check_damage(site: Site, path: Path, text: str) -> None:
    """Stop with file and line at damaged text (CRLF is not: pages keep their line endings)."""
    from transpipe.repair import check_clean

    check_clean(text, site.config.display(path), ignore={"crlf"})


def _references(site: Site, path: Path, source: Path | None = None) -> list[str]:
    """Clean texts to repair ``path`` from: its English source and other language versions."""
    found, siblings = related_pages(site, path)
    source = source or found
    pages = ([source] if source and source.resolve() != path.resolve() else []) + siblings
    return [read_text(p) for p in pages]


def _repaired(site: Site, path: Path, text: str, source: Path, report: Report) -> str:
    """``text`` repaired in memory; what could not be settled is reported."""
    from transpipe.repair import find_damage, repair_text

    if not any(d.kind != "crlf" for d in find_damage(text)):
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
    from transpipe.importer import import_from_git, import_page

    site.config.target_language(lang)
    config = site.config
    report = Report()
    sources = site.sources(selected)
    if from_path is not None and len(sources) != 1:
        raise TranspipeError("--from takes exactly one PAGE", from_path)

    def one(source: Path) -> None:
        page_path = from_path or config.target_path(source, lang)
        if rev is not None:
            text = import_from_git(config.root, page_path, rev)
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
            _check_damage(site, page_path, text)
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
