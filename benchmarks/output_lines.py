#!/usr/bin/env python3
"""How much transpipe prints on the course site: lines of a first and an unchanged ``sync``.

In a scratch copy of ../shared/corpus/dlsp20 (60 English pages, hand-made fr, zh, es and pt
pages), through the real CLI: ``import`` of each language (``--repair``), then ``sync``, then
``sync`` again with nothing changed, then ``status``. Prints the line count of each (stdout and
stderr together, piped: no colour, no progress bar).

Usage: python benchmarks/output_lines.py [--corpus DIR] [--keep DIR] [-- extra CLI options]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parents[1] / "shared" / "corpus" / "dlsp20"
LANGUAGES = ("fr", "zh", "es", "pt")


def make_site(corpus: Path, root: Path) -> None:
    """The course site: English pages and the four languages' hand-made pages."""
    pages = root / "pages"
    pages.mkdir(parents=True)
    shutil.copy2(corpus / "index.md", pages / "index.md")
    for folder in ("en", *LANGUAGES):
        shutil.copytree(corpus / folder, pages / folder)
    languages = ", ".join(f'"{lang}"' for lang in LANGUAGES)
    (root / "transpipe.toml").write_text(
        f'languages = [{languages}]\nsources = ["index.md", "en/**/*.md"]\n'
    )


def run(root: Path, *args: str) -> list[str]:
    """The lines a CLI command prints (stdout then stderr)."""
    done = subprocess.run(
        [sys.executable, "-m", "transpipe", "-C", str(root), *args],
        capture_output=True,
        text=True,
        check=False,
    )
    return done.stdout.splitlines() + done.stderr.splitlines()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--keep", type=Path, help="build the site here and keep it")
    parser.add_argument("--show", action="store_true", help="print the commands' output too")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        root = options.keep or Path(scratch) / "site"
        make_site(options.corpus, root)
        counts: dict[str, int] = {}
        for lang in LANGUAGES:
            counts[f"import {lang}"] = len(run(root, "import", lang, "--repair"))
        for name, args in (
            ("sync (first)", ("sync",)),
            ("sync (unchanged)", ("sync",)),
            ("status", ("status",)),
        ):
            lines = run(root, *args)
            counts[name] = len(lines)
            if options.show:
                print(f"--- {name}", *lines[-5:], sep="\n")
        for name, count in counts.items():
            print(f"{name}: {count} lines")


if __name__ == "__main__":
    main()
