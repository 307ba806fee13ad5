"""``transpipe adopt``: bring every configured language's hand-made pages into catalogs.

One run: the templates, then ``import`` for each language, then one summary row per
language (pages, exact and fuzzy pairs, units unmatched either way, pages flagged and why).
The page-by-page details go to a Markdown report file, not to the terminal. The locales
folder is made to ignore compiled ``*.mo`` files (Poedit writes them beside the ``.po``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from transpipe.files import ensure_gitignore, write_if_changed
from transpipe.importer import ImportReport
from transpipe.importing import import_pages
from transpipe.pipeline import extract
from transpipe.runreport import Report
from transpipe.site import Site


@dataclass
class LanguageSummary:
    """One language's adoption, added up over its pages."""

    lang: str
    pages: int = 0
    exact: int = 0
    fuzzy: int = 0
    untranslated: int = 0  # English units the hand-made pages do not translate
    extra: int = 0  # translated units with no English counterpart today
    flags: Counter[str] = field(default_factory=Counter)  # why pages were flagged
    errors: int = 0

    def add(self, report: ImportReport) -> None:
        self.pages += 1
        self.exact += report.exact
        self.fuzzy += report.fuzzy
        self.untranslated += len(report.untranslated)
        self.extra += len(report.extra)
        for reason in page_flags(report):
            self.flags[reason] += 1

    @property
    def flagged(self) -> str:
        reasons = [f"{n} {why}" for why, n in sorted(self.flags.items())]
        if self.errors:
            reasons.append(f"{self.errors} not imported (errors)")
        return ", ".join(reasons) or "-"


def page_flags(report: ImportReport) -> list[str]:
    """Why a page needs a look: another edition, a structure that drifted."""
    if report.low_match:
        return ["another edition?"]
    if not report.matches_structure:
        return ["structure drifted"]
    return []


@dataclass
class Adoption:
    """What ``adopt`` did: per-language summaries, the full report, where it was written."""

    summaries: list[LanguageSummary]
    report: Report
    report_path: Path


def adopt(site: Site, langs: Sequence[str], report_path: Path, repair: bool = False) -> Adoption:
    """Templates, then every language's import; the details written to ``report_path``."""
    config = site.config
    report = extract(site)
    summaries: list[LanguageSummary] = []
    details: list[str] = []
    for lang in langs:
        results: list[tuple[Path, ImportReport]] = []
        one = import_pages(site, lang, repair=repair, results=results)
        summary = LanguageSummary(lang, errors=len(one.errors))
        for _path, result in results:
            summary.add(result)
        summaries.append(summary)
        details += [f"## {lang}", "", *one.lines, *(f"error: {e}" for e in one.errors), ""]
        report.extend(one)
    locales = config.locales_dir
    if ensure_gitignore(locales, "*.mo"):
        report.written.append(locales / ".gitignore")
    text = "\n".join(
        ["# Adoption report", "", summary_table(summaries, markdown=True), "", *details]
    )
    if write_if_changed(report_path, text.rstrip("\n") + "\n"):
        report.written.append(report_path)
    return Adoption(summaries, report, report_path)


_HEADERS = (
    "lang",
    "pages",
    "exact",
    "fuzzy",
    "English unmatched",
    "translated unmatched",
    "flagged",
)


def summary_table(summaries: Sequence[LanguageSummary], markdown: bool = False) -> str:
    """One row per language, as aligned text or a GitHub Markdown table."""
    rows = [
        (
            s.lang,
            str(s.pages),
            str(s.exact),
            str(s.fuzzy),
            str(s.untranslated),
            str(s.extra),
            s.flagged,
        )
        for s in summaries
    ]
    if markdown:
        lines = [_HEADERS, tuple("---" for _ in _HEADERS), *rows]
        return "\n".join("| " + " | ".join(row) + " |" for row in lines)
    widths = [max(len(row[i]) for row in [_HEADERS, *rows]) for i in range(len(_HEADERS))]
    return "\n".join(
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in [_HEADERS, *rows]
    )
