#!/usr/bin/env python3
"""Time transpipe's full pipeline on the course site: 60 pages × 15 languages.

Runs, each through the real CLI in a scratch copy of ../shared/corpus/dlsp20:
  full run:         extract + update + build from scratch (templates, catalogs, pages absent
                    from the run's caches; catalogs pre-filled with a pseudo translation);
  nothing changed:  the same commands again;
and reports wall time and peak memory (max RSS of the child processes). When Debian's po4a
is installed it runs po4a on the same pages for 3 languages in the same run and prints the
ratio (timings on shared machines only compare within one run).

Usage: python benchmarks/bench_pipeline.py [--corpus DIR] [--languages N] [--no-po4a]
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import polib

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parents[1] / "shared" / "corpus" / "dlsp20"
LANGUAGES = [
    "ar",
    "bn",
    "es",
    "fa",
    "fr",
    "hu",
    "it",
    "ja",
    "ko",
    "pt",
    "ru",
    "sr",
    "tr",
    "vi",
    "zh",
]


def transpipe(site: Path, *args: str) -> float:
    """Run one CLI command; return its wall time in seconds."""
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "transpipe", "-C", str(site), *args],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - start


def make_site(corpus: Path, root: Path, languages: list[str]) -> list[Path]:
    pages = root / "pages"
    pages.mkdir(parents=True)
    shutil.copy2(corpus / "index.md", pages / "index.md")
    shutil.copytree(corpus / "en", pages / "en")
    (root / "transpipe.toml").write_text(
        f"languages = {languages!r}\n".replace("'", '"') + 'sources = ["index.md", "en/**/*.md"]\n'
    )
    return sorted([pages / "index.md", *(pages / "en").rglob("*.md")])


def prefill(root: Path) -> None:
    """Translate every entry (msgstr = msgid upper-cased), as a finished catalog would be."""
    for path in (root / "locales").rglob("*.po"):
        po = polib.pofile(str(path))
        for entry in po:
            entry.msgstr = entry.msgid.upper()
        po.save()


def pipeline(site: Path) -> float:
    return sum(transpipe(site, step) for step in ("extract", "update", "build"))


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def po4a_seconds(
    sources: list[Path], pages: Path, root: Path, languages: list[str]
) -> float | None:
    if not shutil.which("po4a"):
        return None
    lines = [f"[po4a_langs] {' '.join(languages)}", "[po4a_paths] po/site.pot $lang:po/$lang.po"]
    for source in sources:
        rel = source.relative_to(pages)
        lines.append(
            f'[type: text] {source} $lang:{root / "out" / "$lang" / rel} opt:"-o markdown"'
        )
    config = root / "po4a.cfg"
    root.mkdir(parents=True, exist_ok=True)
    config.write_text("\n".join(lines) + "\n")
    start = time.perf_counter()
    subprocess.run(
        ["po4a", "--keep", "0", "--no-backups", str(config)],
        cwd=root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - start


@dataclass
class Timings:
    pages: int
    written: int
    full: float  # extract + update + build, three commands, from scratch
    unchanged: float  # the same again
    full_sync: float  # one `sync` from scratch
    unchanged_sync: float  # one `sync` with nothing changed (best of 3)


def measure(corpus: Path, root: Path, languages: list[str]) -> Timings:
    """Time the pipeline on a fresh site made of the corpus's English pages."""
    sources = make_site(corpus, root, languages)
    transpipe(root, "extract")
    transpipe(root, "update")
    prefill(root)
    # from scratch: no generated pages, no caches
    for lang in languages:
        shutil.rmtree(root / "pages" / lang, ignore_errors=True)
    shutil.rmtree(root / ".transpipe-cache", ignore_errors=True)
    full = pipeline(root)
    unchanged = pipeline(root)
    synced = min(transpipe(root, "sync") for _ in range(3))
    for lang in languages:  # and once more from scratch, as one `sync` process
        shutil.rmtree(root / "pages" / lang, ignore_errors=True)
    shutil.rmtree(root / ".transpipe-cache", ignore_errors=True)
    full_sync = transpipe(root, "sync")
    written = sum(1 for lang in languages for _ in (root / "pages" / lang).rglob("*.md"))
    return Timings(len(sources), written, full, unchanged, full_sync, synced)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--languages", type=int, default=15)
    parser.add_argument("--no-po4a", action="store_true")
    args = parser.parse_args()
    if not args.corpus.is_dir():
        print(f"no corpus at {args.corpus}")
        return 0
    languages = LANGUAGES[: args.languages]
    with tempfile.TemporaryDirectory(prefix="transpipe-bench-") as scratch:
        t = measure(args.corpus, Path(scratch) / "site", languages)
        print(f"pages: {t.pages} × {len(languages)} languages, {t.written} pages written")
        print(f"full run (extract + update + build):        {t.full:.2f} s")
        print(f"nothing changed (extract + update + build): {t.unchanged:.2f} s")
        print(f"full run (transpipe sync, one process):     {t.full_sync:.2f} s")
        print(f"nothing changed (transpipe sync):           {t.unchanged_sync:.2f} s")
        print(f"peak memory of one command: {peak_mb():.0f} MB")
        if args.no_po4a:
            return 0
        three = ["fr", "es", "pt"]
        sources = sorted([args.corpus / "index.md", *(args.corpus / "en").rglob("*.md")])
        po4a = po4a_seconds(sources, args.corpus, Path(scratch) / "po4a", three)
        if po4a is None:
            print("po4a: not installed (apt-get install po4a), no comparison")
            return 0
        ours = measure(args.corpus, Path(scratch) / "site3", three).full
        print(
            f"{t.pages} pages × 3 languages: po4a {po4a:.1f} s, transpipe {ours:.2f} s "
            f"({po4a / ours:.1f}× faster)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
