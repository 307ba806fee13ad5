"""Pathological inputs: pages and msgstrs of up to 1 MB of one markup character pair.

For each kind (``{{``, ``![``, ``<``, ``*``, ``[``, ``$`` and a mix) and size, a one-page
site is made in a temporary folder; ``extract`` runs on a page whose paragraph is the input,
then ``build`` on a catalog whose msgstr is the input. Times are the CPU seconds of the real
CLI process (user + system, from ``resource.getrusage``), so a loaded machine inflates them
less than wall time. Run: ``python benchmarks/bench_pathological.py [--sizes 40000,1000000]``.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

KINDS = {
    "{{": "{{",
    "![": "![",
    "<": "<",
    "*": "*",
    "[": "[",
    "$": "$",
    "](": "](",
    "<!--": "<!--",
    "{%": "{%",
    "<br>": "<br>",
    "mixed": "{{![<*[$`_|{%](<!--",
    "a:b ": "a:b ",
    "{{:": "{{:",
}
CONFIG = 'languages = ["fr"]\nsources = ["en/**/*.md"]\n'


def payload(kind: str, size: int) -> str:
    unit = KINDS[kind]
    return "Text [a link](b.md) " + unit * (size // len(unit))


def make_site(root: Path, page_text: str) -> None:
    (root / "pages" / "en").mkdir(parents=True)
    (root / "transpipe.toml").write_text(CONFIG, encoding="utf-8")
    (root / "pages" / "en" / "p.md").write_text(page_text, encoding="utf-8")


def cli(root: Path, *args: str) -> tuple[float, int, str]:
    """CPU seconds, exit status and stderr of one transpipe command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(
        [sys.executable, "-m", "transpipe", "-C", str(root), *args],
        capture_output=True,
        text=True,
        check=False,
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, done.returncode, done.stderr


def translate(catalog: Path, msgid: str, msgstr: str) -> None:
    from transpipe.pofile import read_catalog, write_catalog

    parsed = read_catalog(catalog)
    for message in parsed.messages:
        if message.msgid == msgid:
            message.msgstr = msgstr
    write_catalog(catalog, parsed)


def measure(kind: str, size: int) -> tuple[float, float, str]:
    """Extract time on a page holding the input, build time on a msgstr holding it."""
    text = payload(kind, size)
    notes = []
    with tempfile.TemporaryDirectory() as folder:
        page_site = Path(folder) / "page"
        make_site(page_site, f"---\ntitle: T\n---\n\nHello world.\n\n{text}\n")
        extract_s, status, err = cli(page_site, "extract")
        if "Traceback" in err or status not in (0, 1):
            notes.append(f"extract exit {status}")
        msg_site = Path(folder) / "msgstr"
        make_site(msg_site, "---\ntitle: T\n---\n\nHello [world](b.md).\n")
        cli(msg_site, "extract")
        cli(msg_site, "init", "fr")
        translate(msg_site / "locales" / "fr" / "p.po", "Hello [world](b.md).", text)
        build_s, status, err = cli(msg_site, "build", "--keep", "0")
        if "Traceback" in err or status not in (0, 1):
            notes.append(f"build exit {status}")
    return extract_s, build_s, ", ".join(notes)


HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
CATALOGS = {
    "1 MB msgstr in 100,000 continuation lines": HEADER
    + 'msgid "Hello [world](b.md)."\nmsgstr ""\n'
    + '"{{ ![ <"\n' * 100_000,
    "40,000 entries": HEADER + "".join(f'msgid "w{i}"\nmsgstr "x{i}"\n\n' for i in range(40_000)),
    "1 MB of backslashes in a msgstr": HEADER
    + 'msgid "Hello [world](b.md)."\nmsgstr "'
    + "\\" * 1_000_000
    + '"\n',
    "1 MB of quotes (invalid)": HEADER + '"' * 1_000_000,
    "1 MB unterminated msgstr (invalid)": HEADER
    + 'msgid "Hello [world](b.md)."\nmsgstr "'
    + "{{" * 500_000
    + "\n",
}


def measure_catalog(text: str) -> tuple[float, float, str]:
    """Build and update times with ``text`` as the page's catalog."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "site"
        make_site(root, "---\ntitle: T\n---\n\nHello [world](b.md).\n")
        cli(root, "extract")
        (root / "locales" / "fr").mkdir(parents=True)
        (root / "locales" / "fr" / "p.po").write_text(text, encoding="utf-8")
        build_s, build_status, err = cli(root, "build", "--keep", "0")
        update_s, update_status, err2 = cli(root, "update")
        crashed = "Traceback" in err + err2
    return build_s, update_s, f"exit {build_status}/{update_status}" + (" CRASH" if crashed else "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="40000,1000000", help="sizes in bytes, comma-separated")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    print("| input | size | extract (CPU s) | build (CPU s) |")
    print("|---|---:|---:|---:|")
    for kind in KINDS:
        for size in sizes:
            extract_s, build_s, notes = measure(kind, size)
            code = "`` " + KINDS[kind].replace("|", "\\|") + " ``"  # (a table cell)
            shown = code if kind != "mixed" else f"mixed {code}"
            line = f"| {shown} | {size:,} | {extract_s:.2f} | {build_s:.2f} |"
            print(line + (f" {notes}" if notes else ""), flush=True)
    print()
    print("| catalog | build (CPU s) | update (CPU s) | exit status |")
    print("|---|---:|---:|---|")
    for name, text in CATALOGS.items():
        build_s, update_s, notes = measure_catalog(text)
        print(f"| {name} | {build_s:.2f} | {update_s:.2f} | {notes} |", flush=True)


if __name__ == "__main__":
    main()
