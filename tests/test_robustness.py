"""Never a traceback, never a silent loss: OS errors and malformed inputs, one case per row.

Each case runs the real CLI on a real site: the command exits 1 (or 0 where the input is
only a cache) with one line naming the file, and the other files and languages go on.
Read-only folders and full disks are real: a tmpfs mounted read-only or tiny (as root), or
a folder without write permission (as another user); the case is skipped when neither can
be made here.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import polib
import pytest

from conftest import invoke
from transpipe.state import VERSION as STATE_VERSION


def prepared(site: Path) -> Path:
    """Templates and fr/pt catalogs, every entry translated (fr and pt pages will be built)."""
    for args in (("extract",), ("init", "fr"), ("init", "pt")):
        assert invoke(site, *args)[0] == 0
    for po_path in (site / "locales").rglob("*.po"):
        po = polib.pofile(str(po_path))
        for entry in po:
            entry.msgstr = entry.msgid.upper()
        po.save()
    return site


# ------------------------------------------------ real read-only folders and full disks


def _mount(*args: str) -> bool:
    return subprocess.run(["mount", *args], capture_output=True).returncode == 0


def fill(folder: Path) -> None:
    """Write into ``folder`` until its disk is full."""
    handle = (folder / f"filler{len(list(folder.glob('filler*')))}").open("wb", buffering=0)
    try:
        while True:
            handle.write(b"x" * 256)
    except OSError:
        pass
    finally:
        with contextlib.suppress(OSError):
            handle.close()


@contextmanager
def special_folder(path: Path, kind: str) -> Iterator[None]:
    """``path`` as a read-only (``ro``), full (``full``) or tiny (``small``) disk, else skip."""
    path.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0:  # permissions are enough for another user
        if kind != "ro":
            pytest.skip("a full disk needs a tiny tmpfs, which only root can mount")
        path.chmod(0o555)
        try:
            yield
        finally:
            path.chmod(0o755)
        return
    size = "size=16k" if kind != "ro" else "size=1m"
    if not _mount("-t", "tmpfs", "-o", size, "tmpfs", str(path)):
        pytest.skip("cannot mount a tmpfs here (no privilege)")
    try:
        if kind == "full":
            fill(path)
        elif kind == "ro" and not _mount("-o", "remount,ro", str(path)):
            pytest.skip("cannot remount a tmpfs read-only here")
        yield
    finally:
        subprocess.run(["umount", str(path)], capture_output=True)
        if os.path.ismount(path):
            subprocess.run(["umount", "-l", str(path)], capture_output=True)


# ---------------------------------------------------------------- the cases


@dataclass(frozen=True)
class Case:
    """An input or OS condition, the command, the expected status and error, what must hold."""

    name: str
    setup: Callable[[Path], None]
    command: tuple[str, ...]
    status: int
    message: str
    check: Callable[[Path], None] = lambda site: None


def write(rel: str, text: str | bytes) -> Callable[[Path], None]:
    def setup(site: Path) -> None:
        path = site / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")

    return setup


def then(*steps: Callable[[Path], None]) -> Callable[[Path], None]:
    def setup(site: Path) -> None:
        for step in steps:
            step(site)

    return setup


def pt_built(site: Path) -> None:
    assert "DEEP LEARNING" in (site / "pages" / "pt" / "index.md").read_text()
    assert (site / "pages" / "pt" / "week01" / "01-1.md").is_file()


def no_temp_files(site: Path) -> None:
    leftovers = [p for p in site.rglob(".*.tmp")]
    assert leftovers == []


def folder_for_file(rel: str) -> Callable[[Path], None]:
    def setup(site: Path) -> None:
        prepared(site)
        path = site / rel
        path.unlink(missing_ok=True)
        path.mkdir(parents=True)

    return setup


def file_for_folder(site: Path) -> None:
    prepared(site)
    (site / "pages" / "fr").write_text("a file where the fr pages go\n")


def lone_cr(site: Path) -> None:
    page = site / "pages" / "en" / "week01" / "01-1.md"
    page.write_bytes(b"---\ntitle: CR page\n---\r\rOne paragraph here.\r\rTwo paragraph here.\r")


def index_template_written(site: Path) -> None:
    assert (site / "locales" / "templates" / "index.pot").is_file()
    assert not (site / "locales" / "templates" / "week01" / "01-1.pot").exists()


def state(text: str | bytes) -> Callable[[Path], None]:
    return then(prepared, write(".transpipe-cache/state.json", text))


def cache_is_folder(site: Path) -> None:
    prepared(site)
    (site / ".transpipe-cache" / "state.json").unlink()
    (site / ".transpipe-cache" / "state.json").mkdir()


def config(text: str) -> Callable[[Path], None]:
    return write("transpipe.toml", text)


def catalog_crlf_only(site: Path) -> None:
    prepared(site)
    path = site / "locales" / "fr" / "index.po"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r"))


CASES = [
    # OS errors: the other language goes on
    Case(
        "folder where a catalog should be",
        folder_for_file("locales/fr/index.po"),
        ("build", "--keep", "0"),
        1,
        "locales/fr/index.po: cannot read: is a folder",
        pt_built,
    ),
    Case(
        "folder where a page should be",
        folder_for_file("pages/fr/index.md"),
        ("build", "--keep", "0"),
        1,
        "pages/fr/index.md: cannot write: is a folder",
        pt_built,
    ),
    Case(
        "file where the language folder should be",
        file_for_folder,
        ("build", "--keep", "0"),
        1,
        "pages/fr/index.md: cannot write: a file stands where a folder should be",
        pt_built,
    ),
    Case(
        "folder where a template should be",
        folder_for_file("locales/templates/index.pot"),
        ("update",),
        1,
        "locales/templates/index.pot: cannot read: is a folder",
    ),
    # malformed configuration: one line naming the file
    Case(
        "sources of numbers",
        config('languages = ["fr"]\nsources = [1]\n'),
        ("extract",),
        1,
        "transpipe.toml:2: 'sources' must be a list of strings, not [1]",
    ),
    Case(
        "languages as a string",
        config('languages = "fr"\n'),
        ("status",),
        1,
        "transpipe.toml:1: 'languages' must be a list of strings, not 'fr'",
    ),
    Case(
        "languages of numbers",
        config("languages = [1, 2]\n"),
        ("status",),
        1,
        "'languages' must be a list of strings",
    ),
    Case("keep as a string", config('keep = "80"\n'), ("build",), 1, "'keep' must be a whole"),
    Case(
        "keep out of range",
        config("keep = 500\n"),
        ("build",),
        1,
        "'keep' must be between 0 and 100",
    ),
    Case(
        "pages as a number",
        config("pages = 5\n"),
        ("extract",),
        1,
        "'pages' must be a string, not 5",
    ),
    Case(
        "flag as a string",
        config('outdated-flag = "yes"\n'),
        ("build",),
        1,
        "'outdated-flag' must be a true or false",
    ),
    Case(
        "invalid TOML", config("languages = [\n"), ("extract",), 1, "transpipe.toml: invalid TOML"
    ),
    Case(
        "config not UTF-8",
        write("transpipe.toml", b"languages = ['fr']\n# \xff\n"),
        ("extract",),
        1,
        "transpipe.toml: invalid TOML",
    ),
    Case(
        "tool.transpipe not a table",
        then(
            lambda s: (s / "transpipe.toml").unlink(),
            write("pyproject.toml", "[tool]\ntranspipe = 5\n"),
        ),
        ("extract",),
        1,
        "pyproject.toml: [tool.transpipe] must be a table",
    ),
    Case(
        "unknown source language",
        config('source-language = "qq"\n'),
        ("extract",),
        1,
        "unknown language 'qq'",
    ),
    # Jekyll's configuration
    Case(
        "_config.yml a list",
        then(prepared, write("_config.yml", "- a\n- b\n")),
        ("build", "--keep", "0"),
        1,
        "_config.yml:1: Jekyll's configuration must be a YAML mapping",
    ),
    Case(
        "_config.yml a scalar",
        then(prepared, write("_config.yml", "5\n")),
        ("build", "--keep", "0"),
        1,
        "_config.yml:1: Jekyll's configuration must be a YAML",
    ),
    Case(
        "_config.yml invalid YAML",
        then(prepared, write("_config.yml", "url: [\n")),
        ("build", "--keep", "0"),
        1,
        "_config.yml:2: not valid YAML",
    ),
    Case(
        "_config.yml url a list",
        then(prepared, write("_config.yml", "url: [1]\n")),
        ("build", "--keep", "0"),
        1,
        "_config.yml: 'url' must be a string",
    ),
    Case(
        "_config.yml not UTF-8",
        then(prepared, write("_config.yml", b"url: \xff\n")),
        ("build", "--keep", "0"),
        1,
        "_config.yml: not UTF-8",
    ),
    # the cache: rebuilt with a note, the command does its work
    Case(
        "state a list",
        state("[1, 2]\n"),
        ("build", "--keep", "0"),
        0,
        "note: .transpipe-cache/state.json: malformed; rebuilding it",
        pt_built,
    ),
    Case(
        "state steps a number",
        state(f'{{"version": {STATE_VERSION}, "steps": 5}}'),
        ("build", "--keep", "0"),
        0,
        "state.json: malformed; rebuilding it",
        pt_built,
    ),
    Case(
        "state step of numbers",
        state(f'{{"version": {STATE_VERSION}, "steps": {{"a": [1, 2]}}}}'),
        ("build", "--keep", "0"),
        0,
        "state.json: malformed",
        pt_built,
    ),
    Case(
        "state stats short",
        state(f'{{"version": {STATE_VERSION}, "steps": {{}}, "stats": {{"x": [1]}}}}'),
        ("build", "--keep", "0"),
        0,
        "state.json: malformed",
        pt_built,
    ),
    Case(
        "state not JSON",
        state("{not json"),
        ("build", "--keep", "0"),
        0,
        "state.json: unreadable",
        pt_built,
    ),
    Case(
        "state not UTF-8",
        state(b"\xff\xfe{}"),
        ("build", "--keep", "0"),
        0,
        "state.json: unreadable",
        pt_built,
    ),
    Case(
        "state a folder",
        cache_is_folder,
        ("build", "--keep", "0"),
        1,
        ".transpipe-cache/state.json: cannot read: is a folder",
        pt_built,
    ),
    # line endings
    Case(
        "lone-CR page",
        lone_cr,
        ("extract",),
        1,
        "01-1.md:3: line ends with a lone CR",
        index_template_written,
    ),
    Case(
        "lone-CR catalog",
        catalog_crlf_only,
        ("build", "--keep", "0"),
        1,
        "locales/fr/index.po:1: a line ends with a lone CR",
        pt_built,
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_malformed_input_and_os_errors(site: Path, case: Case) -> None:
    case.setup(site)
    status, output = invoke(site, *case.command)
    assert "Traceback" not in output
    assert status == case.status, output
    assert case.message in output, output
    case.check(site)
    no_temp_files(site)


@pytest.mark.parametrize("kind", ["ro", "full"])
def test_a_page_that_cannot_be_written_stops_no_other_language(site: Path, kind: str) -> None:
    prepared(site)
    fr = site / "pages" / "fr"
    with special_folder(fr, kind):
        status, output = invoke(site, "build", "--keep", "0")
        assert not any(p.name.endswith(".tmp") for p in fr.rglob("*"))  # nothing half-written
    assert status == 1, output
    assert "Traceback" not in output
    reason = "Read-only file system" if kind == "ro" else "no space left on the disk"
    if os.geteuid() != 0 and kind == "ro":
        reason = "Permission denied"
    assert f"pages/fr/index.md: cannot write: {reason}" in output
    pt_built(site)


def test_a_full_disk_keeps_the_old_catalog(site: Path) -> None:
    """update on a full disk: the old catalog stays whole, the error names it."""
    prepared(site)
    (site / "pages" / "index.md").write_text(
        (site / "pages" / "index.md").read_text().replace("latest", "newest")
    )
    assert invoke(site, "extract")[0] == 0
    fr = site / "locales" / "fr"
    saved = {p: p.read_bytes() for p in fr.rglob("*.po")}
    moved = site / "fr-saved"
    fr.rename(moved)
    with special_folder(fr, "small"):
        for path in moved.rglob("*.po"):  # the catalogs, then a disk with no room left
            target = fr / path.relative_to(moved)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
        fill(fr)
        status, output = invoke(site, "update")
        kept = {p: (fr / p.relative_to(moved)).read_bytes() for p in moved.rglob("*.po")}
    assert status == 1, output
    assert "locales/fr/index.po: cannot write: no space left on the disk" in output
    assert "Traceback" not in output
    assert list(kept.values()) == [saved[fr / p.relative_to(moved)] for p in kept]
    assert "newest" in (site / "locales" / "pt" / "index.po").read_text()  # pt went on


# ---------------------------------------------------------------- pathological inputs

KINDS = ["{{", "![", "<", "*", "[", "$", "](", "<!--", "{%", "<br>", "{:", "|", "`", "{{![<*[$`_|"]
KINDS += ["a:b ", "{{:", "www.", "//"]  # URL-like words: each one, or one long one


@pytest.mark.parametrize("kind", KINDS)
def test_pathological_inputs_complete(site: Path, kind: str) -> None:
    """200 KB of one markup opener in a page and in a msgstr: no traceback, done quickly.

    (Not a benchmark: the bound is generous, for a loaded machine; see
    benchmarks/bench_pathological.py for 1 MB timings.)
    """
    import resource

    payload = "Text [a](b.md) " + kind * (200_000 // len(kind))
    (site / "pages" / "en" / "big.md").write_text(f"---\ntitle: Big\n---\n\n{payload}\n")
    before = resource.getrusage(resource.RUSAGE_SELF)
    prepared(site)
    status, output = invoke(site, "build", "--keep", "0")
    after = resource.getrusage(resource.RUSAGE_SELF)
    assert status == 0, output
    assert (site / "pages" / "fr" / "big.md").is_file()
    cpu = after.ru_utime - before.ru_utime
    assert cpu < 30, f"{cpu:.1f} s of CPU for 200 KB of {kind!r}"
