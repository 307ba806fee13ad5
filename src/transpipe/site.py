"""The site during one run: its English pages, templates and catalogs, each read once.

What a run reads is kept for its later steps within a budget (``memo``), so memory does not
grow with the site; a catalog's snapshot as read lets ``update`` replace it only if nobody
saved it in the meantime (``files``). Every read and write stays inside the site (``paths``).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from transpipe import credits as credit_lib
from transpipe import paths
from transpipe.catalog import Catalog
from transpipe.config import Config
from transpipe.errors import TranspipeError
from transpipe.extract import make_template, po_date, template_messages
from transpipe.files import Snapshot, read_if_present, write_if_changed
from transpipe.links import LinkMap, read_site
from transpipe.memo import (
    CATALOG_BUDGET,
    PAGE_BUDGET,
    Bounded,
    catalog_budget,
    catalog_weight,
    page_weight,
)
from transpipe.memory import Memory
from transpipe.page import Page, parse_page, read_text
from transpipe.pofile import decode_catalog, dump_catalog, read_catalog, write_catalog
from transpipe.safety import SiteHosts, site_hosts
from transpipe.state import RunState


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
        self._link_map: LinkMap | None = None  # most runs rewrite no link: read when one does
        self._english_hosts: SiteHosts | None = None
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
            check_damage(self.config, source, text)
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

    def link_map(self) -> LinkMap:
        """The site's English pages and own URL, which links are localised by (read once)."""
        if self._link_map is None:
            config = self.config
            self._link_map = read_site(
                config.pages_dir, config.root, config.source_language, self.sources()
            )
        return self._link_map

    def english_hosts(self) -> SiteHosts:
        """Hosts the English pages and the site itself link to, which the safety rules
        compare new links with (found once; the pages at hand are not read again)."""
        if self._english_hosts is None:
            self._english_hosts = site_hosts(self.config, self.link_map(), self.page_at_hand)
        return self._english_hosts

    def revision(self, source: Path) -> credit_lib.Revision | None:
        """The last commit of an English page (None outside git or when it has changes)."""
        if self._revisions is None:
            self._revisions = credit_lib.last_revisions(self.config.root, self.sources())
        return self._revisions.get(source)

    def page_at_hand(self, source: Path) -> Page | None:
        """The English page if this run parsed it and still keeps it, else None."""
        return self._pages.get(source)

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

    def keep_template(self, source: Path, template: Catalog) -> None:
        """Keep ``template`` as the page's template for the rest of the run (it is on disk)."""
        self._templates[source] = template


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


def check_damage(config: Config, path: Path, text: str) -> None:
    """Stop with file and line at damaged text (CRLF is not: pages keep their line endings)."""
    from transpipe.damage import DamageKind, check_clean

    check_clean(text, config.display(path), ignore={DamageKind.CRLF})
