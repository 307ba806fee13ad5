#!/usr/bin/env python3
"""How much compiled code would buy: transpipe as it is against transpipe compiled by mypyc.

A full run of 60 pages × 15 languages (as in ``bench_scale.py``: templates extracted afresh,
every catalog merged and written, every page built), CPU seconds of the process tree, medians
of ``--rounds``, the two versions alternating in each round. Both run from copies of this
checkout's sources with this interpreter; the compiled copy has every module whose
compiled code runs as it stands (see ``NOT_COMPILED``), with one change: ``pofile._PoText``,
a ``str`` subclass, is marked a non-native class (mypyc compiles no subclass of ``str``
natively). The two versions' outputs are compared byte for byte.

Needs mypy (a development dependency), a C compiler and Python's headers; says so and stops
when one is missing.

Usage: python benchmarks/bench_compiled.py [--corpus DIR] [--rounds 5]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path

import bench_scale as scale

HERE = Path(__file__).resolve().parent
SOURCES = HERE.parent / "src"
# What mypyc's code cannot run as it stands: an ``else`` branch of ``if TYPE_CHECKING`` (cli,
# invocation: "Reached allegedly unreachable code"), ``Snapshot.taken(*found)`` (files: the
# hash is handed something that is not bytes); the two package files hold no code to speak
# of. Compiled, ``sync --jobs 2`` fails too (a frozen dataclass sent between processes cannot
# be unpickled), so both versions run ``--jobs 1``.
NOT_COMPILED = {"cli.py", "invocation.py", "files.py", "__init__.py", "__main__.py"}
_NATIVE = "class _PoText(str):"
_NOT_NATIVE = (
    "from mypy_extensions import mypyc_attr\n\n\n@mypyc_attr(native_class=False)\n" + _NATIVE
)


def missing() -> str | None:
    """Why mypyc cannot be used here, else None."""
    if shutil.which("cc") is None and shutil.which("gcc") is None:
        return "no C compiler"
    if not (Path(sysconfig.get_paths()["include"]) / "Python.h").exists():
        return "no Python headers (Python.h)"
    try:
        import mypyc  # noqa: F401
    except ImportError:
        return "no mypyc (pip install mypy)"
    return None


def compiled_copy(folder: Path) -> tuple[Path, float, int]:
    """The sources compiled in ``folder``: their path, the build's CPU seconds, modules."""
    package = folder / "src" / "transpipe"  # (the layout pyproject.toml's mypy settings name)
    shutil.copytree(SOURCES / "transpipe", package)
    shutil.copy2(HERE.parent / "pyproject.toml", folder / "pyproject.toml")
    pofile = package / "pofile.py"
    text = pofile.read_text(encoding="utf-8")
    if _NATIVE not in text:
        raise SystemExit(f"{pofile}: no {_NATIVE!r} to mark (update this benchmark)")
    pofile.write_text(text.replace(_NATIVE, _NOT_NATIVE), encoding="utf-8")
    modules = sorted(
        f"src/transpipe/{path.name}"
        for path in package.glob("*.py")
        if path.name not in NOT_COMPILED
    )
    before = os.times()
    built = subprocess.run(
        [sys.executable, "-m", "mypyc", "--config-file", "pyproject.toml", *modules],
        cwd=folder,
        capture_output=True,
        text=True,
    )
    if built.returncode != 0:
        errors = [line for line in built.stdout.splitlines() if ": error:" in line]
        raise SystemExit(f"mypyc failed: {(errors or [built.stderr.strip()])[0]}")
    after = os.times()
    cpu = after.children_user + after.children_system
    cpu -= before.children_user + before.children_system
    shutil.rmtree(folder / "build")
    return folder / "src", cpu, len(modules)


def plain_copy(folder: Path) -> Path:
    shutil.copytree(SOURCES / "transpipe", folder / "transpipe")
    return folder


def byte_compile(sources: Path) -> None:
    """Compile the modules' bytecode ahead, as pip does when it installs (else a run with
    PYTHONDONTWRITEBYTECODE compiles every module again)."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(sources)], check=True)


def full_run(root: Path, languages: list[str], sources: Path) -> scale.Sample:
    """``bench_scale``'s full run, with transpipe imported from ``sources``."""
    scale.reset_full(root, languages)
    command = [sys.executable, "-m", "transpipe", "-C", str(root), "sync", "--jobs", "1"]
    return scale.measure(command, env={**os.environ, "PYTHONPATH": str(sources)})


_CREATED = re.compile(rb"POT-Creation-Date: [^\\]*")  # (its minute: the runs' own)


def same_output(a: Path, b: Path) -> tuple[int, list[str]]:
    """How many output files the two sites have, and those that differ (state left out)."""
    names = sorted(
        p.relative_to(a)
        for folder in ("locales", "pages")
        for p in (a / folder).rglob("*")
        if p.is_file()
    )
    differ = [
        str(name)
        for name in names
        if not (b / name).is_file()
        or _CREATED.sub(b"", (a / name).read_bytes()) != _CREATED.sub(b"", (b / name).read_bytes())
    ]
    return len(names), differ


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=scale.CORPUS)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    if not (args.corpus / "en").is_dir():
        print(f"no corpus at {args.corpus}")
        return 0
    why = missing()
    if why:
        print(f"cannot compile with mypyc here: {why}")
        return 0
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at start")
    with tempfile.TemporaryDirectory(prefix="transpipe-compiled-") as name:
        scratch = Path(name)
        start = time.perf_counter()
        compiled, build_cpu, count = compiled_copy(scratch / "compiled")
        build_wall = time.perf_counter() - start
        plain = plain_copy(scratch / "plain")
        byte_compile(plain)
        byte_compile(compiled)  # (the modules left as Python)
        sites = {"plain": scratch / "site-plain", "compiled": scratch / "site-compiled"}
        scale.make_site(args.corpus, sites["plain"], 60, scale.LANGUAGES)
        shutil.copytree(sites["plain"], sites["compiled"], symlinks=True)  # (the same dates)
        samples: dict[str, list[scale.Sample]] = {"plain": [], "compiled": []}
        for _ in range(args.rounds):
            samples["plain"].append(full_run(sites["plain"], scale.LANGUAGES, plain))
            samples["compiled"].append(full_run(sites["compiled"], scale.LANGUAGES, compiled))
        files, differ = same_output(sites["plain"], sites["compiled"])
        mine, theirs = scale.median(samples["plain"]), scale.median(samples["compiled"])
    print(f"\n### 60 pages × 15 languages, full run, CPU seconds (median of {args.rounds})\n")
    spread = {label: f"{min(s.cpu for s in runs):.2f}–{max(s.cpu for s in runs):.2f}"
              for label, runs in samples.items()}  # fmt: skip
    print("| transpipe | CPU s | CPU s, all rounds | wall s | against as it is |")
    print("|---|---|---|---|---|")
    print(f"| as it is (Python) | {mine.cpu:.2f} | {spread['plain']} | {mine.wall:.2f} | |")
    print(f"| compiled by mypyc ({count} modules) | {theirs.cpu:.2f} | {spread['compiled']} | "
          f"{theirs.wall:.2f} | {100 * (theirs.cpu / mine.cpu - 1):+.0f} % |")  # fmt: skip
    print(f"\nBuilding the compiled copy: {build_cpu:.0f} s CPU ({build_wall:.0f} s wall).")
    if differ:
        print(f"Outputs differ in {len(differ)} of {files} files, first: {differ[0]}")
        return 1
    print(f"Outputs byte-identical: {files} of {files} files.")
    print(f"\nload average {os.getloadavg()[0]:.1f} at the end")
    return 0


if __name__ == "__main__":
    sys.exit(main())
