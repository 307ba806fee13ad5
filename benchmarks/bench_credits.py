#!/usr/bin/env python3
"""Time ``credits.read_history`` on synthetic repositories built with ``git fast-import``.

Two sites: the brief's 300 commits over 200 catalogs, and one the size of the course's
(60 pages × 15 languages = 900 catalogs, 1,200 commits: translators editing a few catalogs
each, some re-wrapping them, and the bot's template merges sweeping every catalog).

Usage: python benchmarks/bench_credits.py
"""

from __future__ import annotations

import random
import resource
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from transpipe.credits import read_history

PEOPLE = [(f"Translator {i}", f"t{i}@example.org") for i in range(40)]
BOT = ("github-actions[bot]", "41898282+github-actions[bot]@users.noreply.github.com")


@dataclass
class Site:
    """The catalogs' current msgstrs, and the fast-import stream that builds their history."""

    catalogs: dict[str, list[str]]
    stream: list[bytes] = field(default_factory=list)
    clock: int = 1_580_000_000

    def text(self, path: str, width: int) -> str:
        lines = ['msgid ""', 'msgstr ""', '"Content-Type: text/plain; charset=UTF-8\\n"', ""]
        for i, msgstr in enumerate(self.catalogs[path]):
            lines += [f"#: {path}:{i}", f'msgid "Paragraph {i} of {path}: the network learns."']
            if width and len(msgstr) > width:
                pieces = [msgstr[j : j + width] for j in range(0, len(msgstr), width)]
                lines += ['msgstr ""', *(f'"{piece}"' for piece in pieces), ""]
            else:
                lines += [f'msgstr "{msgstr}"', ""]
        return "\n".join(lines)

    def commit(self, who: tuple[str, str], paths: list[str], width: int = 0) -> None:
        """One commit (blobs inline) writing ``paths`` as they are now, ``width``-wrapped."""
        self.clock += 3600
        person = f"{who[0]} <{who[1]}> {self.clock} +0100".encode()
        body = [
            b"commit refs/heads/main\n",
            b"author %s\ncommitter %s\n" % (person, person),
            b"data 4\nedit\n",
        ]
        for path in paths:
            data = self.text(path, width).encode()
            body.append(b"M 100644 inline %s\ndata %d\n%s\n" % (path.encode(), len(data), data))
        self.stream.append(b"".join(body))


def build(root: Path, size: Size) -> list[Path]:
    """A repository at ``root`` with the history ``size`` describes; its catalogs' paths."""
    rng = random.Random(1)
    paths = [
        f"locales/l{lang:02d}/page{page:03d}.po"
        for lang in range(size.langs)
        for page in range(size.pages)
    ]
    site = Site({p: [""] * size.entries for p in paths})
    site.commit(BOT, paths)
    sweep_every = max(1, size.commits // (size.sweeps + 1))
    for step in range(size.commits):
        if step % sweep_every == sweep_every - 1:
            site.commit(BOT, paths)  # a template merge over the whole site
            continue
        touched = rng.sample(paths, rng.randint(1, 3))
        for path in touched:
            whole = rng.random() < 0.1  # a page translated from start to end
            for i in range(size.entries) if whole else rng.sample(range(size.entries), 5):
                site.catalogs[path][i] = f"Traduction {rng.random():.6f} du paragraphe {i}"
        site.commit(rng.choice(PEOPLE), touched, width=12 if rng.random() < 0.1 else 0)
    subprocess.run(["git", "init", "-q", "--initial-branch=main", str(root)], check=True)
    subprocess.run(
        ["git", "fast-import", "--quiet"], cwd=root, input=b"".join(site.stream), check=True
    )
    subprocess.run(["git", "reset", "-q", "--hard", "main"], cwd=root, check=True)
    return [Path(p) for p in paths]


@dataclass(frozen=True)
class Size:
    title: str
    pages: int
    langs: int
    commits: int
    sweeps: int  # bot commits rewriting every catalog
    entries: int  # per catalog


def cpu_seconds() -> float:
    """CPU time of this process and its finished children (git), so load does not count."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def run(size: Size) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        paths = build(root, size)
        times = []
        for _ in range(3):
            start, cpu = time.perf_counter(), cpu_seconds()
            history = read_history(root, paths)
            times.append((time.perf_counter() - start, cpu_seconds() - cpu))
        wall, cpu = min(times)
        credited = sum(bool(h.translators) for h in history.values())
        print(
            f"{size.title}: {len(paths)} catalogs × {size.entries} entries, "
            f"{size.commits + 1} commits ({size.sweeps} bot sweeps), {credited} credited: "
            f"read_history {wall:.2f} s wall, {cpu:.2f} s CPU (best of 3)"
        )


def main() -> None:
    run(Size("brief", pages=20, langs=10, commits=300, sweeps=2, entries=100))
    run(Size("course", pages=60, langs=15, commits=1200, sweeps=5, entries=150))


if __name__ == "__main__":
    main()
