#!/usr/bin/env python3
"""Speed and scale of transpipe against the I/O floor and its peers, in one run.

On the course site (../shared/corpus/dlsp20, 60 English pages), every catalog fully
translated (a different text per language), measured as CPU seconds of the whole process
tree (user + system, ``RUSAGE_CHILDREN`` of a wrapper process), medians of ``--rounds``:

- full run: one ``transpipe sync`` with the templates extracted afresh, every catalog merged
  and written (its header changes), every page built;
- the I/O floor: one Python process that reads every input of that run (English pages,
  catalogs) and writes every output (templates, catalogs, pages) atomically;
- peers doing the same work (extract, merge into each language's catalogs, build):
  po4a (Debian package, one catalog per language), mdpo (``md2po2md``) and Translate
  Toolkit (``md2po``, ``pot2po``, ``po2md`` in directory mode), each in its own virtual
  environment under ``--venvs`` (mdpo and Translate Toolkit both install ``md2po``);
  a peer that cannot be installed is skipped with the reason;
- at 1 and 15 languages; then scaling to more pages (corpus pages copied under new names in
  a temporary folder) × 15 languages: full run, nothing-changed run, peak memory (max RSS),
  and ``--jobs 1`` against ``--jobs 2`` when sync has that option.

Usage: python benchmarks/bench_scale.py [--corpus DIR] [--rounds 3] [--sizes 60,240,1000]
       [--no-peers] [--venvs DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parents[1] / "shared" / "corpus" / "dlsp20"
LANGUAGES = "ar bn es fa fr hu it ja ko pt ru sr tr vi zh".split()  # noqa: SIM905
OLD_DATE = "2001-01-01 00:00+0000"
TRANSPIPE = [sys.executable, "-m", "transpipe"]  # until main() installs this checkout

# Runs a command line; prints the CPU seconds, wall seconds and peak RSS of its process tree.
_MEASURE = r"""
import json, resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
use = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"rc": done.returncode, "cpu": use.ru_utime + use.ru_stime,
                  "wall": time.perf_counter() - start, "rss": use.ru_maxrss / 1024,
                  "err": done.stderr.decode("utf-8", "replace")[-400:]}))
"""


@dataclass
class Sample:
    cpu: float
    wall: float
    rss: float


def measure(
    command: list[str], cwd: Path | None = None, env: dict[str, str] | None = None
) -> Sample:
    """One run of ``command``: CPU and wall seconds, peak memory (MB) of its process tree."""
    out = subprocess.run(
        [sys.executable, "-c", _MEASURE, *command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    data = json.loads(out)
    if data["rc"] != 0:
        raise RuntimeError(f"{command[:3]} failed: {data['err']}")
    return Sample(data["cpu"], data["wall"], data["rss"])


def median(samples: list[Sample]) -> Sample:
    return Sample(
        statistics.median(s.cpu for s in samples),
        statistics.median(s.wall for s in samples),
        max(s.rss for s in samples),
    )


# ---------------------------------------------------------------- the site


def english_pages(corpus: Path) -> list[Path]:
    return sorted((corpus / "en").rglob("*.md"))


def make_site(corpus: Path, root: Path, pages: int, languages: list[str]) -> None:
    """A site of ``pages`` English pages (the corpus's, copied under new names as needed)."""
    site_pages = root / "pages"
    (site_pages / "en").mkdir(parents=True)
    shutil.copy2(corpus / "index.md", site_pages / "index.md")
    shutil.copy2(corpus / "_config.yml", site_pages / "_config.yml")
    sources = english_pages(corpus)
    for i in range(pages - 1):
        source, copy = sources[i % len(sources)], i // len(sources)
        rel = source.relative_to(corpus / "en")
        target = site_pages / "en" / (rel if copy == 0 else Path(f"x{copy:02d}") / rel)
        target.parent.mkdir(parents=True, exist_ok=True)
        text = source.read_text(encoding="utf-8")
        if copy:  # a page of its own: its own lang-ref (else every run reports the clash)
            text = re.sub(
                r"^lang-ref: (.*)$", rf"lang-ref: \1-x{copy:02d}", text, count=1, flags=re.M
            )
        target.write_text(text, encoding="utf-8")
    (root / "transpipe.toml").write_text(
        f'languages = {json.dumps(languages)}\nsources = ["index.md", "en/**/*.md"]\n'
    )
    transpipe(root, "sync", "--keep", "0")
    translate_all(root / "locales", languages)
    transpipe(root, "sync", "--keep", "0")


def transpipe(root: Path, *args: str) -> None:
    subprocess.run(
        [*TRANSPIPE, "-C", str(root), *args],
        check=True,
        stdout=subprocess.DEVNULL,
    )


def translation(lang: str, msgid: str) -> str:
    """A stand-in translation, different for each language, that keeps the markup (and a
    final line break: msgfmt -c wants it on both or neither)."""
    body = msgid.rstrip("\n")
    return f"{body} ({lang}){msgid[len(body) :]}" if body else msgid


def translate_all(locales: Path, languages: list[str]) -> None:
    """Fill every msgstr of the transpipe catalogs."""
    from transpipe.pofile import read_catalog, write_catalog

    for lang in languages:
        for path in (locales / lang).rglob("*.po"):
            catalog = read_catalog(path)
            for message in catalog.messages:
                message.msgstr = translation(lang, message.msgid)
            write_catalog(path, catalog)


def reset_full(root: Path, languages: list[str]) -> None:
    """Before a full run: no templates, no state, no pages; catalogs dated before the pages."""
    shutil.rmtree(root / "locales" / "templates", ignore_errors=True)
    shutil.rmtree(root / ".transpipe-cache", ignore_errors=True)
    for lang in languages:
        shutil.rmtree(root / "pages" / lang, ignore_errors=True)
        for path in (root / "locales" / lang).rglob("*.po"):
            text = path.read_text(encoding="utf-8")
            dated = re.sub(r"POT-Creation-Date: [^\\]*", f"POT-Creation-Date: {OLD_DATE}", text)
            path.write_text(dated, encoding="utf-8")


def age(root: Path) -> None:
    """Date every file a minute back (a nothing-changed run trusts no file changed just now)."""
    moment = time.time() - 60
    for path in root.rglob("*"):
        if path.is_file():
            os.utime(path, (moment, moment))


# ---------------------------------------------------------------- the I/O floor

_FLOOR = r"""
import os, sys, tempfile
from pathlib import Path
inputs, outputs, stash = (Path(a) for a in sys.argv[1:4])
for path in inputs.read_text().splitlines():
    Path(path).read_bytes()
for rel in outputs.read_text().splitlines():
    data = (stash / rel).read_bytes()
    target = Path(rel)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.replace(tmp, target)
"""


def floor(root: Path, languages: list[str], scratch: Path) -> Sample:
    """Read every input and write every output of a full run, in one Python process."""
    stash = scratch / "stash"
    shutil.rmtree(stash, ignore_errors=True)
    outputs = [root / "locales" / "templates"]
    outputs += [root / "locales" / lang for lang in languages]
    outputs += [root / "pages" / lang for lang in languages]
    out_files = [p for folder in outputs for p in folder.rglob("*") if p.is_file()]
    for path in out_files:
        target = stash / path.relative_to(root)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)
    in_files = [root / "pages" / "index.md", *(root / "pages" / "en").rglob("*.md")]
    in_files += [p for lang in languages for p in (root / "locales" / lang).rglob("*.po")]
    (scratch / "inputs").write_text("\n".join(map(str, in_files)))
    (scratch / "outputs").write_text("\n".join(str(p.relative_to(root)) for p in out_files))
    return measure(
        [
            sys.executable,
            "-c",
            _FLOOR,
            str(scratch / "inputs"),
            str(scratch / "outputs"),
            str(stash),
        ],
        cwd=root,
    )


# ---------------------------------------------------------------- peers


def fill_po(paths: Iterable[Path], lang: str) -> None:
    """Translate every entry of the peer's catalogs (polib: they are not ours)."""
    import polib

    for path in paths:
        po = polib.pofile(str(path))
        for entry in po:
            entry.msgstr = translation(lang, entry.msgid)
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
        po.save()


def venv_tool(venvs: Path, name: str, requirement: str, tool: str) -> Path | str:
    """The path of ``tool`` in its own virtual environment, installed if needed; else why not."""
    folder = venvs / name
    binary = folder / "bin" / tool
    if not binary.exists():
        try:
            subprocess.run([sys.executable, "-m", "venv", str(folder)], check=True)
            subprocess.run(
                [str(folder / "bin" / "pip"), "install", "-q", requirement],
                check=True,
                capture_output=True,
            )
        except (subprocess.CalledProcessError, OSError) as error:
            return f"could not install {requirement}: {error}"
    return binary if binary.exists() else f"{requirement} has no {tool}"


def install_transpipe(venvs: Path) -> str:
    """Install this checkout (not editable) in its own environment, as the peers are.

    pip compiles the bytecode of what it installs, for transpipe as for each peer; an editable
    install run with PYTHONDONTWRITEBYTECODE would compile transpipe's modules on every run.
    """
    folder = venvs / "bench-transpipe"
    python = folder / "bin" / "python"
    steps = [[sys.executable, "-m", "venv", str(folder)]] if not python.exists() else []
    # (pip builds and installs a local folder again even at the same version; its dependencies
    # only when missing)
    steps.append([str(python), "-m", "pip", "install", "-q", str(HERE.parent)])
    try:
        for step in steps:
            subprocess.run(step, check=True, capture_output=True)
    except (subprocess.CalledProcessError, OSError) as error:
        return f"transpipe from this checkout's sources (could not install it: {error})"
    TRANSPIPE[:] = [str(python), "-m", "transpipe"]
    return f"transpipe installed from this checkout in {folder}"


class Peer:
    """A peer tool set up on a copy of the English pages; ``command`` is one full run."""

    name = ""

    def __init__(self, root: Path, sources: list[Path], pages: Path, languages: list[str]):
        self.root, self.sources, self.pages, self.languages = root, sources, pages, languages

    def setup(self) -> str | None:
        """Install and prepare (first run, translations filled); a reason when impossible."""
        raise NotImplementedError

    def command(self) -> list[str]:
        raise NotImplementedError

    def pages_written(self) -> int:
        """Language pages the last run left under ``out/`` (every peer writes them there)."""
        return sum(1 for _ in (self.root / "out").rglob("*.md"))


class Po4a(Peer):
    name = "po4a (one catalog per language)"

    def setup(self) -> str | None:
        if not shutil.which("po4a"):
            subprocess.run(["apt-get", "install", "-y", "-qq", "po4a"], capture_output=True)
        if not shutil.which("po4a"):
            return "po4a is not installed and apt-get install po4a failed"
        langs = " ".join(self.languages)
        lines = [f"[po4a_langs] {langs}", "[po4a_paths] po/site.pot $lang:po/$lang.po"]
        for source in self.sources:
            rel = source.relative_to(self.pages)
            lines.append(f'[type: text] {source} $lang:out/$lang/{rel} opt:"-o markdown"')
        self.root.mkdir(parents=True, exist_ok=True)
        (self.root / "po4a.cfg").write_text("\n".join(lines) + "\n")
        subprocess.run(self.command(), cwd=self.root, capture_output=True, check=True)
        for lang in self.languages:
            fill_po([self.root / "po" / f"{lang}.po"], lang)
        return None

    def command(self) -> list[str]:
        return ["po4a", "--force", "--keep", "0", "--no-backups", "-q", str(self.root / "po4a.cfg")]


class PipPeer(Peer):
    """A peer installed with pip into its own virtual environment under ``venvs``."""

    def __init__(self, *args: object, venvs: Path, **kwargs: object):
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.venvs = venvs


class Mdpo(PipPeer):
    name = "mdpo (md2po2md)"

    def setup(self) -> str | None:
        tool = venv_tool(self.venvs, "peer-mdpo", "mdpo", "md2po2md")
        if isinstance(tool, str):
            return tool
        self.tool = tool
        flat = self.root / "src"  # md2po2md takes one glob: the pages in one folder
        flat.mkdir(parents=True, exist_ok=True)
        for path in self.sources:
            shutil.copy2(path, flat / path.name)
        subprocess.run(self.command(), cwd=self.root, capture_output=True, check=True)
        for lang in self.languages:
            fill_po((self.root / "out" / lang).rglob("*.po"), lang)
        return None

    def command(self) -> list[str]:
        return [str(self.tool), "-q", "src/*.md", "-l", *self.languages, "-o", "out/{lang}"]


class TranslateToolkit(PipPeer):
    name = "Translate Toolkit (directory mode)"

    def setup(self) -> str | None:
        tool = venv_tool(self.venvs, "peer-ttk", "translate-toolkit[markdown]", "po2md")
        if isinstance(tool, str):
            return tool
        self.bin = tool.parent
        source = self.root / "src"
        for path in self.sources:
            target = source / path.relative_to(self.pages)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
        subprocess.run(self._script(first=True), cwd=self.root, capture_output=True, check=True)
        for lang in self.languages:
            fill_po((self.root / "po" / lang).rglob("*.po"), lang)
        return None

    def _script(self, first: bool = False) -> list[str]:
        b = self.bin
        steps = [f"{b}/md2po -P -i src -o pot --progress none"]
        for lang in self.languages:
            if first:
                steps.append(f"{b}/pot2po -i pot -o po/{lang} --progress none")
            else:
                steps.append(f"{b}/pot2po -t po/{lang} -i pot -o merged/{lang} --progress none")
                steps.append(f"{b}/po2md -t src -i merged/{lang} -o out/{lang} --progress none")
        return [
            "bash",
            "-ec",
            "rm -rf pot merged out; mkdir -p po merged out; " + " && ".join(steps),
        ]

    def command(self) -> list[str]:
        return self._script()


# ---------------------------------------------------------------- runs


def full_run(root: Path, languages: list[str], *options: str) -> Callable[[], Sample]:
    def one() -> Sample:
        reset_full(root, languages)
        return measure([*TRANSPIPE, "-C", str(root), "sync", *options])

    return one


def has_jobs() -> bool:
    out = subprocess.run([*TRANSPIPE, "sync", "--help"], capture_output=True, text=True).stdout
    return "--jobs" in out


def rounds(work: Callable[[], Sample], count: int) -> Sample:
    return median([work() for _ in range(count)])


def compare(corpus: Path, scratch: Path, languages: list[str], args: argparse.Namespace) -> None:
    """transpipe, the floor and the peers on the 60 pages, in the same rounds."""
    root = scratch / f"site-{len(languages)}"
    make_site(corpus, root, 60, languages)
    sources = [root / "pages" / "index.md", *sorted((root / "pages" / "en").rglob("*.md"))]
    peers: list[Peer] = []
    if not args.no_peers:
        common = (sources, root / "pages", languages)
        peers = [
            Po4a(scratch / f"po4a-{len(languages)}", *common),
            Mdpo(scratch / f"mdpo-{len(languages)}", *common, venvs=args.venvs),
            TranslateToolkit(scratch / f"ttk-{len(languages)}", *common, venvs=args.venvs),
        ]
    ready: list[Peer] = []
    for peer in peers:
        reason = peer.setup()
        if reason:
            print(f"  skipped {peer.name}: {reason}")
        else:
            ready.append(peer)
    one = ("--jobs", "1") if has_jobs() else ()
    ours: list[Sample] = []
    cores: list[Sample] = []
    theirs: dict[str, list[Sample]] = {p.name: [] for p in ready}
    for _ in range(args.rounds):
        ours.append(full_run(root, languages, *one)())
        if one:
            cores.append(full_run(root, languages)())
        for peer in ready:
            theirs[peer.name].append(measure(peer.command(), cwd=peer.root))
    io = floor(root, languages, scratch)
    mine = median(ours)
    print(f"\n### 60 pages × {len(languages)} language(s), CPU seconds (median of {args.rounds})\n")
    print("| tool | CPU s | wall s | peak MB | CPU against transpipe's |")
    print("|---|---|---|---|---|")
    print(f"| transpipe `sync` (full run, one process) | {mine.cpu:.2f} | {mine.wall:.2f} | "
          f"{mine.rss:.0f} | |")  # fmt: skip
    if cores:
        every = median(cores)
        print(f"| transpipe `sync`, `--jobs` of the machine's cores | {every.cpu:.2f} | "
              f"{every.wall:.2f} | {every.rss:.0f} per process | |")  # fmt: skip
    print(f"| I/O floor (one Python process) | {io.cpu:.2f} | {io.wall:.2f} | {io.rss:.0f} | "
          f"transpipe: {mine.cpu / io.cpu:.1f}× the floor |")  # fmt: skip
    for name, samples in theirs.items():
        them = median(samples)
        print(f"| {name} | {them.cpu:.2f} | {them.wall:.2f} | {them.rss:.0f} | "
              f"{them.cpu / mine.cpu:.1f}× |")  # fmt: skip
    expected = len(sources) * len(languages)
    built = sum(1 for lang in languages for _ in (root / "pages" / lang).rglob("*.md"))
    written = [
        f"transpipe {built}",
        *(f"{p.name.split(' (')[0]} {p.pages_written()}" for p in ready),
    ]
    print(f"\nLanguage pages written (of {expected}): {', '.join(written)}.")
    sys.stdout.flush()


def scale(corpus: Path, scratch: Path, args: argparse.Namespace) -> None:
    """Full run, unchanged run, memory and jobs at growing sizes × 15 languages."""
    jobs = has_jobs()
    one = ("--jobs", "1") if jobs else ()
    print("\n### Scaling, 15 languages, CPU seconds (one process)\n")
    header = "| pages | full run | per page | I/O floor | × floor | unchanged | peak MB |"
    print(header + (" --jobs 2: CPU (wall) | wall, one process |" if jobs else ""))
    print("|---" * (7 + 2 * jobs) + "|")
    for size in args.sizes:
        root = scratch / f"scale-{size}"
        make_site(corpus, root, size, LANGUAGES)
        count = args.rounds if size <= 240 else 1
        full = rounds(full_run(root, LANGUAGES, *one), count)
        io = floor(root, LANGUAGES, scratch)
        command = [*TRANSPIPE, "-C", str(root), "sync"]
        measure(command)  # nothing changed: the first such run remembers it
        age(root)
        measure(command)
        unchanged = rounds(lambda command=command: measure(command), 3)  # type: ignore[misc]
        row = (
            f"| {size} | {full.cpu:.2f} | {1000 * full.cpu / size:.1f} ms | {io.cpu:.2f} | "
            f"{full.cpu / io.cpu:.1f} | {unchanged.cpu:.3f} | {full.rss:.0f} |"
        )
        if jobs:
            two = full_run(root, LANGUAGES, "--jobs", "2")()
            row += f" {two.cpu:.2f} ({two.wall:.2f}) | {full.wall:.2f} |"
        print(row)
        sys.stdout.flush()
        shutil.rmtree(root)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--sizes", default="60,240,1000")
    parser.add_argument("--no-peers", action="store_true")
    parser.add_argument("--no-compare", action="store_true")
    parser.add_argument("--venvs", type=Path, default=Path("/work/venvs"))
    args = parser.parse_args()
    args.sizes = [int(s) for s in args.sizes.split(",") if s]
    if not (args.corpus / "en").is_dir():
        print(f"no corpus at {args.corpus}")
        return 0
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at start")
    print(install_transpipe(args.venvs))
    with tempfile.TemporaryDirectory(prefix="transpipe-scale-") as name:
        scratch = Path(name)
        if not args.no_compare:
            for count in (1, 15):
                compare(args.corpus, scratch, LANGUAGES[:count] if count > 1 else ["fr"], args)
        scale(args.corpus, scratch, args)
    print(f"\nload average {os.getloadavg()[0]:.1f} at the end")
    return 0


if __name__ == "__main__":
    sys.exit(main())
