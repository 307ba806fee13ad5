"""Running the checks of ``checks`` on a page's catalog: shared by ``check`` and ``build``.

``build`` keeps the English of every entry that fails a safety check (``refuse_unsafe``),
whether or not anyone ran ``check``: a translation can change words, never code.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from transpipe import checks
from transpipe.catalog import Catalog
from transpipe.config import Config
from transpipe.errors import TranspipeError
from transpipe.links import LinkMap
from transpipe.page import Page, UnitKind
from transpipe.prescreen import cannot_fail

Kinds = dict[str, list[UnitKind]]


def trusted_hosts(config: Config) -> tuple[str, ...]:
    """The ``trusted-hosts`` setting: hosts (and their subdomains) new links may point at."""
    value = config.extra.get("trusted-hosts", [])
    if not isinstance(value, list) or not all(isinstance(h, str) for h in value):
        raise TranspipeError(f"'trusted-hosts' must be a list of host names, not {value!r}")
    return tuple(h.strip().lower().strip(".") for h in value if h.strip())


@dataclass(frozen=True)
class PageFacts:
    """What the checks of one page need in every language: its units' kinds, its link hosts."""

    kinds: Kinds
    hosts: frozenset[str]  # the page's and the site's (see ``site_hosts``)


@dataclass(frozen=True)
class SiteHosts:
    """Hosts the English pages link to, and the site's own; ``pages``: whose hosts it holds."""

    hosts: frozenset[str]
    pages: frozenset[Path]


def page_facts(page: Page, site: SiteHosts) -> PageFacts:
    """A page's facts, given the hosts of the whole site (``site_hosts``)."""
    hosts = site.hosts if page.path in site.pages else page_hosts(page) | site.hosts
    return PageFacts(unit_kinds(page), hosts)


def page_context(
    config: Config, facts: PageFacts, lang: str, fix: Callable[[str], str]
) -> checks.Context:
    """The checks' context for one page in one language."""
    return checks.Context(lang, config.source_language, fix, facts.hosts, trusted_hosts(config))


def page_hosts(page: Page) -> frozenset[str]:
    """Hosts a page links to."""
    return checks.hosts([page.text])


def site_hosts(
    config: Config, links: LinkMap, at_hand: Callable[[Path], Page | None] = lambda _: None
) -> SiteHosts:
    """Hosts the English pages of the site link to, and the site's own (the ``url`` of
    ``_config.yml`` that ``links`` read). A page the run has ``at_hand`` is not read again."""
    found: set[str] = set()
    pages: set[Path] = set()
    for path in _sources(config):
        page = at_hand(path)
        if page is not None:
            found |= page_hosts(page)
        else:
            try:
                stat = path.stat()
            except OSError:
                continue
            found |= _file_hosts(path, stat.st_mtime_ns, stat.st_size)
        pages.add(path)
    return SiteHosts(frozenset(found | checks.hosts(links.absolute_prefixes)), frozenset(pages))


@lru_cache(maxsize=8)
def _sources(config: Config) -> tuple[Path, ...]:
    return tuple(config.source_paths())


@lru_cache(maxsize=4096)
def _file_hosts(path: Path, _mtime: int, _size: int) -> frozenset[str]:
    try:
        return checks.hosts([path.read_text(encoding="utf-8", errors="replace")])
    except OSError:
        return frozenset()


def unit_kinds(page: Page) -> Kinds:
    """For each msgid, the distinct kinds of the units it stands for."""
    kinds: Kinds = {}
    for unit in page.units:
        if unit.kind not in kinds.setdefault(unit.msgid, []):
            kinds[unit.msgid].append(unit.kind)
    return kinds


def entry_problems(
    context: checks.Context,
    kinds: list[UnitKind],
    msgid: str,
    msgstr: str,
    table: Iterable[checks.Check] = checks.CHECKS,
) -> list[checks.Problem]:
    """The problems of one translation, for each kind of unit its msgid stands for."""
    found: list[checks.Problem] = []
    chosen = tuple(table)
    for kind in kinds:
        e = checks.entry(context, msgid, msgstr, kind)
        found += [p for p in checks.run(context, e, chosen) if p not in found]
    return found


_ENTRY = re.compile(r"^(?:#~ *)?msgid[ \t]", re.M)
_MSGSTR = re.compile(r"^(?:#~ *)?msgstr(?:\[0\])?[ \t]", re.M)


def entry_lines(text: str, catalog: Catalog) -> list[int]:
    """The line of each message's ``msgstr`` in the PO text, in ``catalog.messages`` order."""
    starts = [m.start() for m in _ENTRY.finditer(text)]
    skip = max(0, len(starts) - len(catalog.messages))  # the header entry
    lines = []
    for start in starts[skip:]:
        found = _MSGSTR.search(text, start)
        offset = found.start() if found else start
        lines.append(text.count("\n", 0, offset) + 1)
    return lines + [0] * (len(catalog.messages) - len(lines))


def refuse_unsafe(
    config: Config,
    catalog_path: Path,
    facts: PageFacts,
    catalog: Catalog | None,
    translations: Mapping[str, str],
    fix: Callable[[str], str],
    lang: str,
) -> tuple[dict[str, str], list[str]]:
    """``translations`` without those that fail a safety check, and a warning line for each."""
    kept = dict(translations)
    if catalog is None:
        return kept, []
    context = page_context(config, facts, lang, fix)
    kinds = facts.kinds
    refused: dict[str, checks.Problem] = {}
    for msgid, msgstr in translations.items():
        if msgstr == msgid or checks.harmless(msgstr):
            continue  # the English itself, or prose without any markup
        unit_kinds = kinds.get(msgid, [])
        if cannot_fail(msgid, msgstr, unit_kinds, fix):
            continue  # the English's own markup around prose
        problems = entry_problems(context, unit_kinds, msgid, msgstr, checks.SAFETY)
        if problems:
            refused[msgid] = problems[0]
            del kept[msgid]
    if not refused:
        return kept, []
    shown = config.display(catalog_path)
    try:
        lines = entry_lines(catalog_path.read_text(encoding="utf-8"), catalog)
    except (OSError, UnicodeDecodeError):
        lines = [0] * len(catalog.messages)
    where = {
        m.msgid: line for m, line in zip(catalog.messages, lines, strict=True) if not m.obsolete
    }
    return kept, [
        f"{shown}:{where.get(msgid, 0)}: warning: translation not used, English kept: "
        f"{problem.message}: {checks.shorten(problem.fragment)} [{problem.code}]"
        for msgid, problem in refused.items()
    ]
