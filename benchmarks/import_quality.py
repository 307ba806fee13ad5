#!/usr/bin/env python3
"""How well ``import_page`` pairs the hand-made translations of the course site.

On ../shared/corpus/dlsp20 (fr, es, pt, zh), for every translated page with an English page:

- counts: English units imported exact (of which through an English comment), fuzzy, left
  untranslated, and translated units with no English counterpart; pages following the
  English structure (``matches_structure``) and pages of low match.
- anchors as ground truth: on pages with English-in-comment anchors, import once with the
  anchors and once from the page with those comments removed. The anchored exact pairs
  (English unit → msgstr) are the truth; the structural import is measured against them:
    precision         = certain (non-fuzzy) structural pairs whose msgstr equals the
                        anchored one / certain structural pairs on anchored English units
    recall (any)      = anchored pairs the structural import found, fuzzy or not / anchored
    recall (certain)  = anchored pairs the structural import found non-fuzzy / anchored
  Targets: precision >= 98%, recall (any) >= 90%.
- reproduction: for pages that follow the English structure, the page built from the
  imported catalog (``render_page``) has the same units, in order and with the same text,
  as the hand-made page (anchor comments removed, link URLs compared without localisation).

Usage: python benchmarks/import_quality.py [--corpus DIR] [--lang xx ...] [--pages]
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from transpipe.align import canonical_url, normal_text
from transpipe.build import render_page
from transpipe.extract import make_template, template_messages
from transpipe.importer import ImportResult, import_page
from transpipe.links import find_urls
from transpipe.page import Page, parse_page, read_text
from transpipe.pairs import How

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parents[1] / "shared" / "corpus" / "dlsp20"
LANGUAGES = ("fr", "es", "pt", "zh")
_COMMENT = re.compile(r"<!--.*?-->", re.S)
NOW = "2024-01-01 00:00+0000"


@dataclass
class Tally:
    """Counts for one language."""

    pages: int = 0
    exact: int = 0
    anchored: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    extra: int = 0
    structured: int = 0  # pages with matches_structure
    reproduced: int = 0  # ... of which rebuilt identically from the catalog
    reproduced_fuzzy: int = 0  # ... when fuzzy msgstrs are used too
    units: int = 0  # units of those hand-made pages
    units_reproduced: int = 0  # ... equal, in order, in the page built (fuzzy msgstrs used)
    low: list[str] = field(default_factory=list)  # pages of low match
    anchor_pages: int = 0
    truth: int = 0  # anchored exact pairs
    found: int = 0  # ... found by the structural import (fuzzy or not)
    found_certain: int = 0  # ... found non-fuzzy
    certain: int = 0  # certain structural pairs on anchored English units
    correct: int = 0  # ... equal to the anchored pair

    def add(self, other: Tally) -> None:
        for name, value in vars(other).items():
            setattr(self, name, getattr(self, name) + value)

    @property
    def precision(self) -> float:
        return self.correct / self.certain if self.certain else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.truth if self.truth else 1.0

    @property
    def recall_certain(self) -> float:
        return self.found_certain / self.truth if self.truth else 1.0


def page_pairs(corpus: Path, lang: str) -> Iterator[tuple[Path, Path]]:
    """(English page, translated page) of a language, in path order."""
    for translated in sorted((corpus / lang).rglob("*.md")):
        relative = translated.relative_to(corpus / lang).as_posix()
        english = corpus / ("index.md" if relative == "index.md" else f"en/{relative}")
        if english.is_file():
            yield english, translated


def run_import(
    english: Page, text: str, path: Path, lang: str, anchors: bool = True
) -> ImportResult:
    """Import a translated page against a fresh template of its English page."""
    name = english.path.name
    template = make_template(template_messages(english, name), name, "dlsp20", NOW)
    return import_page(english, text, path, template, lang, use_anchors=anchors, now=NOW)


def strip_comments(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """``text`` without the comments at ``spans`` (lines left blank by them removed)."""
    out, pos = [], 0
    for start, end in spans:
        out.append(text[pos:start])
        pos = end
        if not out[-1][out[-1].rfind("\n") + 1 :].strip():
            eol = re.match(r"[ \t]*\r?\n", text[pos:])
            if eol:
                out[-1] = out[-1][: out[-1].rfind("\n") + 1]
                pos += eol.end()
    out.append(text[pos:])
    return "".join(out)


def check_anchors(english: Page, text: str, path: Path, lang: str, anchored: ImportResult) -> Tally:
    """Structural import of the page without its comments, against the anchored pairs."""
    truth = {id(p.english): p.msgstr for p in anchored.pairs if p.how is How.ANCHOR}
    tally = Tally(truth=len(truth), anchor_pages=1 if truth else 0)
    if not truth:
        return tally
    stripped = run_import(english, strip_comments(text, anchored.anchors), path, lang, False)
    for pair in stripped.pairs:
        expected = truth.get(id(pair.english))
        if expected is None:
            continue
        same = pair.msgstr == expected
        tally.found += same
        if not pair.fuzzy:
            tally.found_certain += same
            tally.certain += 1
            tally.correct += same
    return tally


def comparable(unit_text: str, lang: str) -> str:
    """A unit's text with comments removed and link URLs canonical."""
    text = _COMMENT.sub("", unit_text)
    spans = find_urls(text)
    for start, end in reversed(spans):
        text = text[:start] + canonical_url(text[start:end], {lang, "en"}) + text[end:]
    return normal_text(text)


def reproduction(
    english: Page, text: str, path: Path, lang: str, result: ImportResult, fuzzy: bool
) -> tuple[int, int, bool]:
    """Units of the hand-made page, how many the page built from the catalog has too, and
    whether it has exactly those.

    The page is built with the catalog's translations (and its fuzzy ones when ``fuzzy``);
    units are compared in order (difflib), comments removed and link URLs canonical.
    """
    translations = {
        m.msgid: m.msgstr for m in result.catalog.messages if m.msgstr and (fuzzy or m.translated)
    }
    built = render_page(english, translations, lambda url: url, lang, None)
    front = [u.kind for u in english.units if u.kind.startswith("front matter: ")]
    keys = [kind.removeprefix("front matter: ") for kind in front]
    ours = [comparable(u.msgid, lang) for u in parse_page(path, built, keys).units]
    theirs = [comparable(u.msgid, lang) for u in parse_page(path, text, keys).units]
    matcher = difflib.SequenceMatcher(None, ours, theirs, autojunk=False)
    same = sum(block.size for block in matcher.get_matching_blocks())
    return len(theirs), same, ours == theirs


def measure(corpus: Path, lang: str, verbose: bool = False, reproduce: bool = True) -> Tally:
    """All the counts of one language (``reproduce=False``: without building pages)."""
    total = Tally()
    for english_path, path in page_pairs(corpus, lang):
        english = parse_page(english_path, read_text(english_path))
        text = read_text(path)
        result = run_import(english, text, path, lang)
        report = result.report
        tally = Tally(
            pages=1,
            exact=report.exact,
            anchored=report.anchored,
            fuzzy=report.fuzzy,
            untranslated=len(report.untranslated),
            extra=len(report.extra),
            structured=int(report.matches_structure),
        )
        if report.matches_structure and reproduce:
            tally.reproduced = int(reproduction(english, text, path, lang, result, False)[2])
            tally.units, tally.units_reproduced, equal = reproduction(
                english, text, path, lang, result, True
            )
            tally.reproduced_fuzzy = int(equal)
        if report.low_match:
            tally.low = [path.relative_to(corpus).as_posix()]
        tally.add(check_anchors(english, text, path, lang, result))
        if verbose:
            print(
                f"  {path.relative_to(corpus)}: {report.exact} exact ({report.anchored} anchored), "
                f"{report.fuzzy} fuzzy, {len(report.untranslated)} untranslated, "
                f"{len(report.extra)} extra, match {report.match:.0%}"
                f"{' structure' if report.matches_structure else ''}"
                f"{' reproduced' if tally.reproduced else ''}; "
                f"anchors {tally.truth}: found {tally.found}/{tally.found_certain}, "
                f"certain {tally.correct}/{tally.certain}"
            )
        total.add(tally)
    return total


def table(rows: Sequence[tuple[str, Tally]]) -> str:
    head = (
        f"{'lang':5} {'pages':>5} {'exact':>6} {'(anch)':>6} {'fuzzy':>6} {'untr':>5} {'extra':>5} "
        f"{'struct':>6} {'repro':>5} {'+fuzzy':>6} {'units':>6} {'low':>4} | {'anch.pg':>7} "
        f"{'truth':>5} {'precision':>9} {'recall':>7} {'rec.cert':>8}"
    )
    lines = [head, "-" * len(head)]
    for name, t in rows:
        lines.append(
            f"{name:5} {t.pages:5} {t.exact:6} {t.anchored:6} {t.fuzzy:6} {t.untranslated:5} "
            f"{t.extra:5} {t.structured:6} {t.reproduced:5} {t.reproduced_fuzzy:6} "
            f"{t.units_reproduced / max(1, t.units):6.1%} {len(t.low):4} | {t.anchor_pages:7} "
            f"{t.truth:5} {t.precision:9.2%} {t.recall:7.1%} {t.recall_certain:8.1%}"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--lang", action="append", choices=LANGUAGES)
    parser.add_argument("--pages", action="store_true", help="one line per page")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 1
    start = time.perf_counter()
    rows: list[tuple[str, Tally]] = []
    overall = Tally()
    for lang in args.lang or LANGUAGES:
        if args.pages:
            print(f"{lang}:")
        tally = measure(args.corpus, lang, args.pages)
        rows.append((lang, tally))
        overall.add(tally)
    rows.append(("all", overall))
    print(table(rows))
    if overall.low:
        print("low match: " + ", ".join(overall.low))
    print(
        f"precision {overall.precision:.2%} ({overall.correct}/{overall.certain}, target 98%), "
        f"recall {overall.recall:.2%} ({overall.found}/{overall.truth}, target 90%; "
        f"non-fuzzy only {overall.recall_certain:.2%}), "
        f"{overall.reproduced}/{overall.structured} structured pages reproduced "
        f"({overall.reproduced_fuzzy} with fuzzy entries; units "
        f"{overall.units_reproduced}/{overall.units}), "
        f"{time.perf_counter() - start:.1f}s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
