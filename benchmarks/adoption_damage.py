#!/usr/bin/env python3
"""What a reader of each hand-made page loses when the site is adopted and rebuilt.

The course site (../shared/corpus/dlsp20, fr, zh, es, pt) is copied to a temporary folder,
each language is imported (``transpipe import``), then ``update`` and ``build`` run, all
through the CLI. Each rebuilt page is compared with the hand-made page it replaced:

- texts: translated units of the hand-made page (HTML comments aside, units equal to an
  English unit aside) whose text (white space, quotes and link URLs normalised; whole, or
  each of its lines) is not in the built page, and how many of them ``import`` reported
  with their line (no English counterpart; one English text translated two ways);
- images (``![…](…)`` and ``<img``, by file name) and display math (``$$…$$``), outside
  comments and code: pages
  where the built page shows one more often than both the hand-made and the English page
  (doubled), or less often than the hand-made page (lost; an image both show once counts).
  Display math is never translated: math whose words the translator translated is "lost"
  (shown as in English);
- reference links: pages where a label the hand-made page defines is used undefined;
- English paragraphs (text units) the built page shows and the hand-made page did not
  show (in English): the translator left them out, or translated them with a neighbour
  (then the reader would read them twice);
- paragraphs (text units: paragraphs, list items, quotes, HTML text): pages where the
  built page has fewer or more than the hand-made one. This count is noisy by nature: a
  hand-made page that left an English paragraph out gets it back (in English).

Usage: python benchmarks/adoption_damage.py [--corpus DIR] [--site DIR] [--keep-site]
  [--lang xx ...] [--pages]
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from transpipe.anchors import block_comments, within
from transpipe.inline import has_prose
from transpipe.page import parse_page

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parents[1] / "shared" / "corpus" / "dlsp20"
LANGUAGES = ("fr", "zh", "es", "pt")
TRANSPIPE = Path(sys.executable).with_name("transpipe")
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_FENCE = re.compile(r"^[ \t]*(```|~~~).*?^[ \t]*\1[^\n]*$", re.S | re.M)
_URL = re.compile(r"\]\([^)]*\)|(href|src)\s*=\s*\"[^\"]*\"|\{\{\s*site\.baseurl\s*\}\}[^\s\"')]*")
TEXT_KINDS = ("paragraph", "list item", "blockquote", "html")


def norm(text: str) -> str:
    """Text as adoption.py compares it: link URLs, quotes and white space set aside."""
    text = _URL.sub("]", text).replace("\\|", "|")
    return re.sub(r"[\s'\"\\]+", " ", text).strip()


def present(text: str, body: str) -> bool:
    """Whether a unit's text is in a normalised page: whole, or line by line (a unit may be
    built as several lines with block markers between them); lines without prose aside."""
    if norm(text) in body:
        return True
    lines = [re.sub(r"\]\s+\(", "](", line) for line in text.split("\n") if has_prose(line)]
    return bool(lines) and all(norm(line.lstrip(" >*-")) in body for line in lines)


def visible(text: str) -> str:
    """A page without HTML comments and fenced code."""
    return _FENCE.sub("", _COMMENT.sub("", text))


@dataclass
class Tally:
    pages: int = 0
    texts: int = 0
    missing: int = 0  # ... of which missing from the built page
    reported: int = 0  # ... of which import reported with their line (no English counterpart)
    new_english: int = 0  # English paragraphs shown that the hand-made page did not show
    counts: Counter[str] = field(default_factory=Counter)
    examples: list[str] = field(default_factory=list)


_SRC = re.compile(r"!\[[^\]]*\]\(\s*<?([^)\s>]+)|<img\b[^>]*?\bsrc\s*=\s*[\"']([^\"']*)", re.I)
_LABEL = re.compile(r"^[ \t]{0,3}\[([^\]\n]+)\]:", re.M)


_DISPLAY_MATH = re.compile(r"\$\$(.+?)\$\$", re.S)


def images(text: str) -> Counter[str]:
    """Images (by file name) and display math (``$$…$$``, by content) a page shows."""
    shown = visible(text)
    found = Counter(
        "".join((m.group(1) or m.group(2)).split()).rsplit("/", 1)[-1] for m in _SRC.finditer(shown)
    )
    found.update("$$" + "".join(m.group(1).split())[:40] for m in _DISPLAY_MATH.finditer(shown))
    return found


def broken_references(hand: str, built: str) -> list[str]:
    """Labels the hand-made page defines and uses that the built page uses undefined."""
    defined = {m.group(1).casefold() for m in _LABEL.finditer(visible(built))}
    broken = []
    for name in sorted({m.group(1) for m in _LABEL.finditer(visible(hand))}):
        used = re.compile(r"\[" + re.escape(name) + r"\](?![(:])", re.I)
        if name.casefold() not in defined and used.search(visible(built)):
            broken.append(name)
    return broken


def text_units(path: Path, text: str) -> list[str]:
    page = parse_page(path, text, ())
    comments = block_comments(text, page.units)
    return [
        u.msgid
        for u in page.units
        if u.kind in TEXT_KINDS and not within(u.start, comments) and "<!--" not in u.msgid
    ]


def reported_lines(site: Path, lang: str) -> set[str]:
    """``rel:line`` of the units import reported as having no English counterpart."""
    log = site / f"import-{lang}.log"
    text = log.read_text(encoding="utf-8") if log.is_file() else ""
    prefix = re.escape(f"pages/{lang}/")
    return set(
        re.findall(prefix + r"(\S+?:\d+): (?:no English counterpart|same English as line)", text)
    )


def compare(
    lang: str, rel: str, hand: str, built: str, english: str, reported: set[str], tally: Tally
) -> None:
    path = Path(rel)
    tally.pages += 1
    known = {norm(u.msgid) for u in parse_page(path, english, ()).units}
    body = norm(built)
    for unit in parse_page(path, hand, ("title",)).units:
        if unit.kind.startswith("front matter") or "<!--" in unit.msgid:
            continue
        if within(unit.start, block_comments(hand, ())) or norm(unit.msgid) in known:
            continue
        tally.texts += 1
        if not present(unit.msgid, body):
            tally.missing += 1
            if f"{rel}:{unit.line}" in reported:
                tally.reported += 1
                continue
            tally.examples.append(f"{lang}/{rel}:{unit.line}: missing {unit.msgid[:60]!r}")
    ours, theirs, source = images(built), images(hand), images(english)
    doubled = [n for n, k in ours.items() if k > max(theirs[n], source[n])]
    lost = [n for n, k in theirs.items() if ours[n] < min(k, max(1, source[n]))]
    for what, found in (("doubled", doubled), ("lost", lost)):
        for name, names in (
            (f"images {what}", [n for n in found if not n.startswith("$$")]),
            (f"display math {what}", [n for n in found if n.startswith("$$")]),
        ):
            if not names:
                continue
            tally.counts[name] += 1
            tally.examples.append(f"{lang}/{rel}: {name}: {', '.join(names)}")
    broken = broken_references(hand, built)
    if broken:
        tally.counts["reference links broken"] += 1
        tally.examples.append(f"{lang}/{rel}: reference links broken: {', '.join(broken)}")
    shown = norm(visible(hand))
    new_english = [u for u in text_units(path, built) if norm(u) in known and norm(u) not in shown]
    if new_english:
        tally.counts["pages with English paragraphs the hand-made page did not show"] += 1
        tally.new_english += len(new_english)
        tally.examples += [f"{lang}/{rel}: English shown: {u[:60]!r}" for u in new_english]
    a, b = len(text_units(path, hand)), len(text_units(path, built))
    if a != b:
        tally.counts[f"paragraphs {'fewer' if b < a else 'more'}"] += 1
        tally.examples.append(f"{lang}/{rel}: paragraphs {a} → {b}")


def adopt(corpus: Path, site: Path, langs: list[str]) -> None:
    pages = site / "pages"
    pages.mkdir(parents=True)
    shutil.copy2(corpus / "index.md", pages / "index.md")
    if (corpus / "_config.yml").exists():
        shutil.copy2(corpus / "_config.yml", pages / "_config.yml")
    for sub in ["en", *langs]:
        shutil.copytree(
            corpus / sub, pages / sub, ignore=shutil.ignore_patterns("*.sbv", "README*")
        )
    listed = ", ".join(f'"{lang}"' for lang in langs)
    (site / "transpipe.toml").write_text(
        f'source-language = "en"\nlanguages = [{listed}]\npages = "pages"\nlocales = "locales"\n'
        'sources = ["index.md", "en/**/*.md"]\n'
    )
    shutil.copytree(pages, site / "hand")
    for lang in langs:
        done = subprocess.run(
            [TRANSPIPE, "-C", site, "import", lang], capture_output=True, text=True, check=False
        )
        (site / f"import-{lang}.log").write_text(done.stdout + done.stderr, encoding="utf-8")
    for command in ("update", "build"):
        subprocess.run([TRANSPIPE, "-C", site, command], capture_output=True, check=False)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--site", type=Path, help="an adopted site (pages/ and hand/) to measure")
    parser.add_argument("--keep-site", action="store_true")
    parser.add_argument("--lang", action="append", choices=LANGUAGES)
    parser.add_argument("--pages", action="store_true", help="list every difference")
    args = parser.parse_args()
    langs = args.lang or list(LANGUAGES)
    if args.site is None:
        if not args.corpus.is_dir():
            print(f"no corpus at {args.corpus}", file=sys.stderr)
            return 1
        site = Path(tempfile.mkdtemp()) / "site"
        adopt(args.corpus, site, langs)
    else:
        site = args.site
    tally = Tally()
    for lang in langs:
        reported = reported_lines(site, lang)
        for hand_path in sorted((site / "hand" / lang).rglob("*.md")):
            rel = hand_path.relative_to(site / "hand" / lang).as_posix()
            built_path = site / "pages" / lang / rel
            english_path = site / "pages" / ("index.md" if rel == "index.md" else f"en/{rel}")
            hand = hand_path.read_text(encoding="utf-8", errors="replace")
            built = built_path.read_text(encoding="utf-8", errors="replace")
            if not english_path.is_file() or built == hand:
                continue  # kept as it was (no English page, or not rebuilt)
            english = english_path.read_text(encoding="utf-8", errors="replace")
            compare(lang, rel, hand, built, english, reported, tally)
    if args.pages:
        print("\n".join(tally.examples))
    counts = ", ".join(f"{n} {k}" for k, n in sorted(tally.counts.items())) or "none"
    print(
        f"adoption ({' '.join(langs)}): {tally.pages} pages rebuilt; "
        f"{tally.missing}/{tally.texts} translated texts of the hand-made pages missing "
        f"({tally.reported} of them reported by import with their line, "
        f"{tally.missing - tally.reported} silently); "
        f"pages whose count differs: {counts}; {tally.new_english} English paragraphs shown "
        "that the hand-made pages did not show"
    )
    if args.site is None and not args.keep_site:
        shutil.rmtree(site.parent)
    elif args.site is None:
        print(f"site: {site}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
