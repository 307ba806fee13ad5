"""``transpipe check``: every catalog of the site checked entry by entry, as a file, and
against the page a build would make of it.

Catalog level (the table ``CATALOG_CHECKS``): what ``msgfmt -c`` rejects (syntax,
duplicate messages: the reader refuses them; a msgid and msgstr that do not both begin
and end with a newline), a ``Language`` header that is not the folder's, credits that are
not a plain name or a date. Entry level: the table of ``checks``, and entries whose msgid
the English page no longer has (stale: run ``update``).

Project level: a page under ``pages/<lang>/`` that a build would write (its catalog is
``keep``% translated) is rendered in memory, exactly as ``build`` would (safety refusals
and the catalog's own credits included), and compared with the file, front-matter credits
aside (they come from git history). A page that differs was either hand-edited after its
last build, and the build would overwrite those edits (an error), or is older than its
catalog, and the next build brings it up to date (a warning). Which one is decided by
which of the two files changed last: the last commit that touched each, a file with
uncommitted changes counting as newest; outside git, modification times.
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Callable, Sequence
from pathlib import Path

from transpipe import credits as credit_lib
from transpipe import provisional
from transpipe.build import CREDIT_KEYS, Credits, render_page
from transpipe.catalog import Catalog
from transpipe.checks import Problem, Severity, shorten
from transpipe.completeness import translation_share
from transpipe.errors import TranspipeError
from transpipe.links import localiser, page_key
from transpipe.page import Page, read_text
from transpipe.pofile import parse_catalog
from transpipe.safety import (
    PageFacts,
    entry_lines,
    entry_problems,
    page_context,
    page_facts,
    refuse_unsafe,
)
from transpipe.site import Site
from transpipe.sitebuild import header_credits

CatalogCheck = Callable[[str, Catalog, str], list[Problem]]


def _line(text: str, needle: str) -> int:
    at = text.find(needle)
    return text.count("\n", 0, at) + 1 if at >= 0 else 1


def language_header(lang: str, catalog: Catalog, text: str) -> list[Problem]:
    """The ``Language`` header names the catalog's folder."""
    value = catalog.headers.get("Language", "")
    norm = value.replace("-", "_").lower()
    if norm == lang.replace("-", "_").lower():
        return []
    message = (
        f"Language header is '{value}', the folder is '{lang}'" if value else "no Language header"
    )
    return [Problem(Severity.ERROR, "language", message, value, line=_line(text, '"Language:'))]


_NOT_IN_NAME = re.compile(r"[<>{}\[\]%$&*|\\\"=;`#\x00-\x1f\x7f]")
_PLACEHOLDER_DATE = "YEAR-MO-DA HO:MI+ZONE"


def plain_name(name: str) -> bool:
    """A person's name: letters, no markup, Liquid, quotes or control characters."""
    return not _NOT_IN_NAME.search(name) and any(c.isalpha() for c in name)


_EMAIL = re.compile(r"<[^<>@\s]+@[^<>\s]+>|[^<>\s]+@[^<>\s]+")
_TRANSLATORS = re.compile(r"^\s*translators?\s*:(.*)$", re.I)


def _comment_names(header_comment: str) -> list[str]:
    """Names of ``Translators:`` lines as written (e-mail addresses aside), markup kept."""
    names = []
    for line in header_comment.split("\n"):
        found = _TRANSLATORS.match(line)
        if found:
            value = _EMAIL.sub(" ", found.group(1))
            names += [n.strip() for n in re.split(r"[,;，、；]", value) if n.strip()]
    return names


def credits(lang: str, catalog: Catalog, text: str) -> list[Problem]:
    """``Last-Translator``, ``# Translators:`` names plain names; ``PO-Revision-Date`` a date."""
    problems = []
    last = catalog.headers.get("Last-Translator", "")
    name = _EMAIL.sub(" ", last).strip()
    if name and name != "FULL NAME" and not plain_name(name):
        problems.append(
            Problem(
                Severity.ERROR,
                "credits",
                "Last-Translator is not a plain name",
                last,
                line=_line(text, '"Last-Translator:'),
            )
        )
    for name in _comment_names(catalog.header_comment):
        if not plain_name(name):
            problems.append(
                Problem(
                    Severity.ERROR,
                    "credits",
                    "translator credit is not a plain name",
                    name,
                    line=_line(text, name),
                )
            )
    date = catalog.headers.get("PO-Revision-Date", "")
    if date and date != _PLACEHOLDER_DATE and credit_lib.parse_po_date(date) is None:
        problems.append(
            Problem(
                Severity.ERROR,
                "credits",
                "PO-Revision-Date is not a date",
                date,
                line=_line(text, '"PO-Revision-Date:'),
            )
        )
    return problems


def newlines(lang: str, catalog: Catalog, text: str) -> list[Problem]:
    """msgfmt -c: a msgid and its msgstr both begin, and both end, with a newline, or neither."""
    problems = []
    for message, line in zip(catalog.messages, entry_lines(text, catalog), strict=True):
        if message.obsolete or not message.msgstr:
            continue
        for where, test in (("begin", str.startswith), ("end", str.endswith)):
            if test(message.msgid, "\n") != test(message.msgstr, "\n"):
                problems.append(
                    Problem(
                        Severity.ERROR,
                        "msgfmt",
                        f"msgid and msgstr do not both {where} with a newline",
                        message.msgstr,
                        line=line,
                    )
                )
    return problems


CATALOG_CHECKS: tuple[tuple[str, CatalogCheck], ...] = (
    ("language", language_header),
    ("credits", credits),
    ("msgfmt", newlines),
)


class Checker:
    """One run of ``check`` over a site."""

    def __init__(self, site: Site):
        self.site = site
        site.english_hosts()  # (now, with the link map: a bad _config.yml stops the check at once)
        self._available: dict[str, frozenset[str]] = {}
        self.pending: list[tuple[Problem, Path, Path]] = []  # page differs: which is newer?

    def available(self, lang: str) -> frozenset[str]:
        """Target pages of ``lang`` that exist or that a build would write (links go there)."""
        if lang not in self._available:
            config, keys = self.site.config, set()
            for source in self.site.sources():
                written = config.target_path(source, lang).exists()
                if not written:
                    try:
                        catalog = self.site.catalog(config.catalog_path(source, lang))
                        share = translation_share(self.site.page(source), catalog)[1]
                    except TranspipeError:
                        continue
                    written = share * 100 >= config.keep
                if written:
                    keys.add(page_key(config.target_rel(source).as_posix()))
            self._available[lang] = frozenset(keys)
        return self._available[lang]

    def catalog(self, source: Path, lang: str) -> list[Problem]:
        """The problems of one catalog (nothing when it does not exist)."""
        config = self.site.config
        path = config.catalog_path(source, lang)
        shown = config.display(path)
        if not path.is_file():
            return []
        try:
            text = read_text(path)
            catalog = parse_catalog(text, path)
        except TranspipeError as error:
            return [Problem(Severity.ERROR, "po-syntax", error.message, "", shown, error.line or 1)]
        found = [p for _, check in CATALOG_CHECKS for p in check(lang, catalog, text)]
        try:
            page = self.site.page(source)
        except TranspipeError as error:
            return [*found, Problem(Severity.ERROR, "source", str(error), "", shown, 1)]
        source_rel = source.relative_to(config.pages_dir).as_posix()
        fix = localiser(self.site.link_map(), source_rel, lang, self.available(lang))
        facts = page_facts(page, self.site.english_hosts())
        context = page_context(config, facts, lang, fix)
        kinds = facts.kinds
        for message, line in zip(catalog.messages, entry_lines(text, catalog), strict=True):
            if message.obsolete:
                continue
            if message.msgid not in kinds:
                found.append(
                    Problem(
                        Severity.WARNING,
                        "stale",
                        "not in the English page any more: run transpipe update",
                        message.msgid,
                        line=line,
                    )
                )
            elif provisional.shown(message):  # what a build publishes, imported fuzzy too
                found += [
                    dataclasses.replace(p, line=line)
                    for p in entry_problems(
                        context, kinds[message.msgid], message.msgid, message.msgstr
                    )
                ]
        found = [dataclasses.replace(p, path=shown, line=p.line or 1) for p in found]
        self._page(source, lang, page, facts, catalog, path, fix)
        return found

    def _page(
        self,
        source: Path,
        lang: str,
        page: Page,
        facts: PageFacts,
        catalog: Catalog,
        path: Path,
        fix: Callable[[str], str],
    ) -> None:
        """Queue a problem when the page on disk is not what a build would write."""
        config = self.site.config
        target = config.target_path(source, lang)
        translations, share = translation_share(page, catalog)
        if not target.is_file() or share * 100 < config.keep:
            return  # a build does not touch it
        translations, _ = refuse_unsafe(config, path, facts, catalog, translations, fix, lang)
        credits: Credits | None = header_credits(catalog)
        if not any(msgstr != msgid for msgid, msgstr in translations.items()):
            credits = None
        expected = _without_credits(render_page(page, translations, fix, lang, credits))
        try:
            actual = _without_credits(read_text(target))
        except TranspipeError as error:
            self.pending.append(
                (
                    Problem(
                        Severity.ERROR,
                        "page",
                        error.message,
                        "",
                        config.display(target),
                        error.line or 1,
                    ),
                    target,
                    path,
                )
            )
            return
        if [line for _, line in expected] == [line for _, line in actual]:
            return
        line, fragment = _first_difference(actual, expected)
        problem = Problem(
            Severity.WARNING, "stale-page", "", fragment, config.display(target), line
        )
        self.pending.append((problem, target, path))

    def page_problems(self) -> list[Problem]:
        """The queued page differences, each judged a hand edit or an old build."""
        if not self.pending:
            return []
        files = [p for _, target, catalog in self.pending for p in (target, catalog)]
        times = _changed(self.site.config.root, files)
        problems = []
        for problem, target, catalog in self.pending:
            if problem.code != "stale-page":
                problems.append(problem)
            elif times[target] > times[catalog]:
                problems.append(
                    dataclasses.replace(
                        problem,
                        severity=Severity.ERROR,
                        code="hand-edit",
                        message="edited by hand after its last build: a build would overwrite this "
                        "(make the change in the catalog)",
                    )
                )
            else:
                problems.append(
                    dataclasses.replace(
                        problem,
                        message=f"older than its catalog {self.site.config.display(catalog)}: "
                        "run transpipe build",
                    )
                )
        return problems


def _changed(root: Path, files: Sequence[Path]) -> dict[Path, float]:
    """When each file last changed: its last commit, or now when it has uncommitted changes."""
    revisions = credit_lib.last_revisions(root, files) if credit_lib.head_commit(root) else {}
    times = {}
    for path in files:
        revision = revisions.get(path)
        if revision is not None:
            times[path] = revision.date.timestamp()
        elif revisions or credit_lib.head_commit(root):
            times[path] = float("inf")  # uncommitted: newer than any commit
        else:
            times[path] = os.stat(path).st_mtime
    return times


_CREDIT_KEY = re.compile(rf"^(?:{'|'.join(CREDIT_KEYS)})[ \t]*:")


def _without_credits(text: str) -> list[tuple[int, str]]:
    """The lines of a page with their numbers, front-matter credit lines left out."""
    lines = text.split("\n")
    end = 0
    if lines and lines[0].rstrip() == "---":
        end = next((i for i in range(1, len(lines)) if lines[i].rstrip() == "---"), 0)
    return [
        (number, line)
        for number, line in enumerate(lines, start=1)
        if not (number - 1 < end and _CREDIT_KEY.match(line))
    ]


def _first_difference(
    actual: list[tuple[int, str]], expected: list[tuple[int, str]]
) -> tuple[int, str]:
    """The first line (its number in the page on disk) where the two differ, and that line."""
    for (number, left), (_, right) in zip(actual, expected, strict=False):
        if left != right:
            return number, shorten(left)
    shorter = min(len(actual), len(expected))
    return (actual[shorter][0] if shorter < len(actual) else len(actual) + 1), ""


def selected(
    site: Site, langs: Sequence[str], names: Sequence[str], base: Path
) -> list[tuple[Path, str]]:
    """The (English page, language) pairs to check: all, or those named by an English page,
    a catalog or a translated page (relative to ``base``, the site root or ``pages``)."""
    config = site.config
    pairs = [(source, lang) for lang in langs for source in site.sources()]
    if not names:
        return pairs
    index: dict[Path, list[tuple[Path, str]]] = {}
    for source, lang in pairs:
        index.setdefault(source.resolve(), []).append((source, lang))
        for path in (config.catalog_path(source, lang), config.target_path(source, lang)):
            index.setdefault(path.resolve(), []).append((source, lang))
    chosen: list[tuple[Path, str]] = []
    for name in names:
        places = (base / name, config.root / name, config.pages_dir / name)
        found = next((index[p.resolve()] for p in places if p.resolve() in index), None)
        if found is None:
            raise TranspipeError("not a page or catalog of the site", name)
        chosen += [pair for pair in found if pair not in chosen]
    return chosen


def check_site(
    site: Site, langs: Sequence[str], names: Sequence[str] = (), base: Path | None = None
) -> tuple[list[Problem], int]:
    """Every problem of the chosen catalogs, by file and line, and the number of catalogs read."""
    checker = Checker(site)
    problems: list[Problem] = []
    checked = 0
    for source, lang in selected(site, langs, names, base or site.config.root):
        if site.config.catalog_path(source, lang).is_file():
            checked += 1
        problems += checker.catalog(source, lang)
    problems += checker.page_problems()
    return sorted(problems, key=lambda p: (p.path, p.line)), checked
