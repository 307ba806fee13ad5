#!/usr/bin/env python3
"""How much the translation memory pre-fills on the course site, and how often it is right.

In a scratch copy of ../shared/corpus/dlsp20, the hand-made fr, zh, es and pt pages are
imported (``transpipe import LANG --repair``, no sync). Then, per language:

- missing pages: ``transpipe init LANG`` creates the catalogs of the English pages that have
  no hand-made page in that language; counted: their entries, those the memory filled with
  an identical English's translation, and those it gave a fuzzy suggestion (≥ 80 % similar).
- leave one out: for every imported catalog, a fresh catalog of its page is filled from the
  memory of the *other* imported catalogs of the language (as if the page were new) and
  compared with what the translator wrote (the imported catalog): an exact fill is right
  when it equals the imported translation of the entry (entries the import left empty or
  fuzzy are not scored); a fuzzy suggestion is counted, and counted as "equal" when it is
  the translator's text too.

A language nobody has translated yet (``init de``) has no memory of its own: the memory
never crosses languages, so it fills nothing there.

Usage: python benchmarks/memory_prefill.py [--corpus DIR] [--keep DIR]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from output_lines import CORPUS, LANGUAGES, make_site, run

from transpipe.config import load_config
from transpipe.extract import new_catalog
from transpipe.memory import Memory
from transpipe.pofile import read_catalog


@dataclass
class Tally:
    entries: int = 0
    exact: int = 0
    exact_right: int = 0
    exact_scored: int = 0
    fuzzy: int = 0
    fuzzy_equal: int = 0


def missing_pages(root: Path, lang: str) -> Tally:
    """``init LANG`` after the import: what the memory put into the new catalogs."""
    config = load_config(root)
    before = {p for p in (root / "locales" / lang).rglob("*.po")}
    run(root, "init", lang)
    tally = Tally()
    for path in sorted(set((root / "locales" / lang).rglob("*.po")) - before):
        for message in read_catalog(path).active():
            tally.entries += 1
            if message.msgstr and message.fuzzy:
                tally.fuzzy += 1
            elif message.msgstr:
                tally.exact += 1
    del config
    return tally


def leave_one_out(root: Path, lang: str, imported: list[Path]) -> Tally:
    catalogs = {path: read_catalog(path) for path in imported}
    tally = Tally()
    for path, truth in catalogs.items():
        memory = Memory(c for p, c in catalogs.items() if p != path)
        fresh = new_catalog(truth, lang, "bench", "2024-01-01 00:00+0000")
        for message in fresh.messages:
            message.msgstr = ""
        memory.fill(fresh)
        answers = {m.msgid: m for m in truth.active()}
        for message in fresh.messages:
            tally.entries += 1
            answer = answers.get(message.msgid)
            if not message.msgstr:
                continue
            if message.fuzzy:
                tally.fuzzy += 1
                tally.fuzzy_equal += bool(answer and answer.msgstr == message.msgstr)
                continue
            tally.exact += 1
            if answer is not None and answer.translated:
                tally.exact_scored += 1
                tally.exact_right += answer.msgstr == message.msgstr
    return tally


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--keep", type=Path, help="build the site here and keep it")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        root = options.keep or Path(scratch) / "site"
        make_site(options.corpus, root)
        imported: dict[str, list[Path]] = {}
        for lang in LANGUAGES:
            run(root, "import", lang, "--repair")
            imported[lang] = sorted((root / "locales" / lang).rglob("*.po"))
        print("leave one out (each imported page as if new, memory of the language's others):")
        for lang in LANGUAGES:
            t = leave_one_out(root, lang, imported[lang])
            print(
                f"  {lang}: {len(imported[lang])} pages, {t.entries} entries: {t.exact} filled "
                f"({t.exact_right}/{t.exact_scored} equal to the translator's), {t.fuzzy} fuzzy "
                f"suggestions ({t.fuzzy_equal} equal to the translator's)"
            )
        print("pages without a hand-made translation (init LANG after the import):")
        for lang in LANGUAGES:
            t = missing_pages(root, lang)
            print(
                f"  {lang}: {t.entries} entries in new catalogs: {t.exact} filled, "
                f"{t.fuzzy} fuzzy suggestions"
            )
        new = run(root, "init", "de")
        print(f"a new language: {new[-1]}")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    main()
