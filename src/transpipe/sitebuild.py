"""``build`` over the site: decide which pages are written, then render them page by page.

Each English page is rendered in every language while it is at hand (parsed once, its link
hosts gathered once); reports stay language by language. A page whose inputs did not change
since the last run (see ``state``) is skipped without reading them.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from transpipe import credits as credit_lib
from transpipe import provisional
from transpipe.build import Credits, render_page
from transpipe.catalog import Catalog
from transpipe.completeness import SOURCE_REVISION, complete, staleness, translation_share
from transpipe.console import track
from transpipe.errors import TranspipeError
from transpipe.files import write_if_changed
from transpipe.imported import IMPORTED_FROM, imported_date, is_imported
from transpipe.links import localiser, page_key
from transpipe.page import Page
from transpipe.reports import progress
from transpipe.runreport import Report, attempt, joined
from transpipe.safety import PageFacts, page_facts, refuse_unsafe
from transpipe.site import Site

CreditsSource = Callable[[Path, Catalog], Credits]


@dataclass(frozen=True, slots=True)
class Plan:
    """A build's decision for one page in one language (a large site's build holds one per
    page and language: no ``__dict__``)."""

    source: Path
    catalog: Path
    target: Path
    share: float
    write: bool


@dataclass(frozen=True)
class Targets:
    """One language's pages that will exist, and the state key of the whole build."""

    available: frozenset[str]
    extra: str


def build(
    site: Site,
    langs: Sequence[str],
    keep: int,
    credits_for: CreditsSource | None = None,
    credits_key: str = "",
) -> Report:
    """Regenerate the language pages whose catalogs are at least ``keep``% translated.

    ``credits_for`` gives a page's credits from its catalog (default: the catalog header);
    ``credits_key`` names the state of whatever else it reads (e.g. the git HEAD).
    """
    for lang in langs:
        site.config.target_language(lang)
    report = joined(build_languages(site, langs, keep, credits_for, credits_key).values())
    write_menus(site, report)
    return report


def build_languages(
    site: Site,
    langs: Sequence[str],
    keep: int,
    credits_for: CreditsSource | None = None,
    credits_key: str = "",
) -> dict[str, Report]:
    """``build``'s pages, without the language-menu data: one report per language."""
    reports = {lang: Report() for lang in langs}  # reported language by language
    plans = plan_pages(site, langs, keep, reports)
    targets = {lang: page_targets(site, plans[lang], keep, credits_key) for lang in langs}
    renderer = Renderer(site, keep, credits_for or catalog_credits)
    for source in track(site.sources(), "build"):
        chosen = [(lang, plan) for lang in langs if (plan := plans[lang].get(source))]
        renderer.render_page(source, chosen, targets, reports)
    return reports


def write_menus(site: Site, report: Report) -> None:
    """pages/_data/translations.yml, for language menus; a language shard writes none."""
    from transpipe.switcher import DATA_FILE, write_translations

    if site.shard:  # it lists every language: the job after the shards writes it
        shown = site.config.display(site.config.pages_dir / DATA_FILE)
        report.say(f"not written by a language shard: {shown}")
        return
    write_translations(site, report)


def plan_pages(
    site: Site, langs: Sequence[str], keep: int, reports: dict[str, Report]
) -> dict[str, dict[Path, Plan]]:
    """Each language's plans for the site's pages, page by page (errors to ``reports``)."""
    plans: dict[str, dict[Path, Plan]] = {lang: {} for lang in langs}
    for source in site.sources():
        for lang in langs:
            if plan := _plan(site, source, lang, keep, reports[lang]):
                plans[lang][source] = plan
    return plans


def _plan(site: Site, source: Path, lang: str, keep: int, report: Report) -> Plan | None:
    """Decide whether a page is written; the share is remembered while its inputs stay."""
    config = site.config
    catalog_path = config.catalog_path(source, lang)
    target = config.target_path(source, lang)
    known = remembered_share(site, source, lang)
    if known is None:
        try:
            page, catalog = site.page(source), site.catalog(catalog_path)
            share = remember_share(site, source, lang, page, catalog)
        except TranspipeError as error:
            report.errors.append(error)
            return None
    else:
        share = known[0]
    return Plan(source, catalog_path, target, share, share * 100 >= keep)


def _share_step(site: Site, source: Path, lang: str) -> tuple[str, list[Path]]:
    return f"share:{lang}:{site.rel(source)}", [source, site.config.catalog_path(source, lang)]


def remember_share(
    site: Site, source: Path, lang: str, page: Page, catalog: Catalog | None
) -> float:
    """The share of ``page`` a catalog translates, remembered while the two stay as they are
    (with whether the catalog may be outdated: incomplete, complete once)."""
    share = translation_share(page, catalog)[1]
    behind = "-"  # no catalog: unknown
    if catalog is not None:
        behind = str(int(not complete(catalog) and SOURCE_REVISION in catalog.headers))
    key, files = _share_step(site, source, lang)
    site.state.record(key, files, payload=f"{share!r} {behind}")
    return share


def remembered_share(site: Site, source: Path, lang: str) -> tuple[float, bool | None] | None:
    """The share remembered for a page's catalog and whether it may be outdated (None: not
    known, or no catalog), if neither changed since; else None."""
    payload = site.state.lookup(*_share_step(site, source, lang))
    if payload is None:
        return None
    share, _, behind = payload.partition(" ")
    return float(share), {"0": False, "1": True}.get(behind)


def page_targets(site: Site, plans: dict[Path, Plan], keep: int, credits_key: str) -> Targets:
    """The pages one language will have, and the key every one of its pages depends on."""
    config = site.config
    if config.outdated_flag:  # pages then depend on the English history too
        credits_key += repr(credit_lib.head_commit(config.root))
    available = sorted(
        page_key(config.target_rel(p.source).as_posix())
        for p in plans.values()
        if p.write or p.target.exists()
    )
    extra = hashlib.blake2b(repr((available, keep, credits_key)).encode(), digest_size=12)
    return Targets(frozenset(available), extra.hexdigest())


class Renderer:
    """Writes one English page in its languages; what every page needs is read on first use."""

    def __init__(self, site: Site, keep: int, credits_for: CreditsSource):
        self.site, self.keep, self.credits_for = site, keep, credits_for
        self._facts: tuple[Path, PageFacts] | None = None  # the page at hand's

    def facts(self, source: Path) -> PageFacts:
        """The page's unit kinds and link hosts, for all its languages (the site's: once)."""
        if self._facts is None or self._facts[0] != source:
            site = self.site
            self._facts = source, page_facts(site.page(source), site.english_hosts())
        return self._facts[1]

    def render_page(
        self,
        source: Path,
        chosen: Sequence[tuple[str, Plan]],
        targets: dict[str, Targets],
        reports: dict[str, Report],
    ) -> None:
        """Write ``source`` in each chosen language whose inputs changed since the last run."""
        for lang, plan in chosen:
            report = reports[lang]
            if not plan.write:
                self._skipped(plan, report)
                continue
            key = f"build:{lang}:{self.site.rel(source)}"
            files = [source, plan.catalog, plan.target, *self.site.config_files]
            extra = targets[lang].extra
            if self.site.state.lookup(key, files, extra) is not None:
                report.count("unchanged")
                continue
            work = functools.partial(self._render, plan, lang, targets[lang].available, report)
            if attempt(report, plan.target, work):
                self.site.state.record(key, files, extra)

    def _skipped(self, plan: Plan, report: Report) -> None:
        state = "kept the existing page" if plan.target.exists() else "not written"
        report.say(
            f"skipped {self.site.config.display(plan.target)}: {plan.share:.0%} translated, "
            f"below --keep {self.keep}% ({state})"
        )
        report.count(f"skipped (below --keep {self.keep}%)")

    def _render(self, plan: Plan, lang: str, available: frozenset[str], report: Report) -> bool:
        """Render and write one page; True when it may be skipped next time (nothing refused)."""
        site, config = self.site, self.site.config
        page, catalog = site.page(plan.source), site.catalog(plan.catalog, keep=False)
        facts = self.facts(plan.source)
        translations, share = translation_share(page, catalog)
        source_rel = plan.source.relative_to(config.pages_dir).as_posix()
        fix = localiser(site.link_map(), source_rel, lang, available)
        credits = self._credits(plan, catalog, translations)
        translations, refused = refuse_unsafe(
            config, plan.catalog, facts, catalog, translations, fix, lang
        )
        report.notices += refused  # unsafe entries: the English stays, the page builds
        report.count("unsafe translations not used (English kept)", len(refused))
        text = render_page(page, translations, fix, lang, credits)
        if write_if_changed(plan.target, text):
            shown = config.display(plan.target)
            report.wrote(plan.target, f"built {shown} ({share:.0%} translated)")
        else:
            report.count("unchanged")
        return not refused  # refusals are reported again on every build until fixed

    def _credits(
        self, plan: Plan, catalog: Catalog | None, translations: dict[str, str]
    ) -> Credits | None:
        """Credits only for text a translator made: a copy of the English credits nobody."""
        if catalog is None or all(msgstr == msgid for msgid, msgstr in translations.items()):
            return None
        credits = self.credits_for(plan.catalog, catalog)
        if self.site.config.outdated_flag:
            revision = self.site.revision(plan.source)
            if staleness(catalog, revision, progress(catalog)) or any(
                provisional.provisional(m) for m in catalog.active()
            ):
                credits = dataclasses.replace(credits, outdated=True)
        return credits


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
