"""Languages as shards: one extract job and one ``sync --lang`` job per language write
disjoint files, and together exactly the files of one ``sync``."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from conftest import Run
from transpipe.extract import po_date
from transpipe.pofile import read_catalog, write_catalog
from transpipe.state import STATE_DIR


def files(root: Path) -> dict[str, bytes]:
    """Every file of a site but the run state, by path."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and STATE_DIR not in p.parts
    }


def translate(root: Path, lang: str) -> None:
    for path in (root / "locales" / lang).rglob("*.po"):
        catalog = read_catalog(path)
        for message in catalog.messages[::2]:
            message.msgstr = f"{lang}: {message.msgid}"
        write_catalog(path, catalog)


def same_minute(work: Callable[[], None]) -> None:
    """Run ``work`` again if the minute turned during it (templates carry a minute date)."""
    for _ in range(3):
        before = po_date()
        work()
        if po_date() == before:
            return
    raise AssertionError("the clock kept turning")


def prepared(site: Path, run: Run) -> None:
    """Translated catalogs, then an English page edited since."""
    run(site, "sync", "--keep", "0")
    translate(site, "fr")
    translate(site, "pt")
    run(site, "sync", "--keep", "0")
    page = site / "pages" / "en" / "week01" / "01-1.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nA new paragraph.\n", encoding="utf-8")


def test_extract_then_shards_equal_one_sync(site: Path, run: Run, tmp_path: Path) -> None:
    prepared(site, run)

    def work() -> None:
        for name in ("single", "fr", "pt"):
            shutil.rmtree(tmp_path / name, ignore_errors=True)
        single = shutil.copytree(site, tmp_path / "single")
        run(single, "sync", "--keep", "0")
        run(site, "extract")
        for lang in ("fr", "pt"):
            shard = shutil.copytree(site, tmp_path / lang)
            run(shard, "sync", "--lang", lang, "--keep", "0")

    same_minute(work)
    single = files(tmp_path / "single")
    extracted = files(site)  # the extract job's commit: templates
    for lang in ("fr", "pt"):
        shard = files(tmp_path / lang)
        own = (f"locales/{lang}/", f"pages/{lang}/")
        mine = {k: v for k, v in shard.items() if k.startswith(own)}
        assert mine
        assert {k: v for k, v in shard.items() if k not in mine} == {
            k: v for k, v in extracted.items() if not k.startswith(own)
        }  # nothing else written: the shards' commits never conflict
        for name, data in mine.items():  # the shard's commit, merged
            (site / name).parent.mkdir(parents=True, exist_ok=True)
            (site / name).write_bytes(data)
    output = run(site, "menus").output  # the job after the shards: the menus' data
    assert output == "menus: 1 data file written\n"
    assert files(site) == single
    assert "up to date" in run(site, "-v", "menus").output


def test_a_shard_writes_only_its_language(site: Path, run: Run, tmp_path: Path) -> None:
    prepared(site, run)
    before = files(site)

    def work() -> None:
        shutil.rmtree(tmp_path / "single", ignore_errors=True)
        run(shutil.copytree(site, tmp_path / "single"), "sync", "--keep", "0")
        output = run(site, "-v", "sync", "--lang", "fr", "--keep", "0").output
        assert "extracted" not in output and "updated locales/fr/week01/01-1.po" in output
        assert "not written by a language shard: locales/templates/week01/01-1.pot" in output
        assert "not written by a language shard: pages/_data/translations.yml" in output

    same_minute(work)
    after = files(site)
    changed = {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}
    assert changed and all(k.startswith(("locales/fr/", "pages/fr/")) for k in changed)
    single = files(tmp_path / "single")
    assert {k: after[k] for k in changed} == {k: single[k] for k in changed}  # as one sync
    # the template still to write keeps the shard's merge out of the state: a later run redoes it
    run(site, "extract")
    assert "updated" not in run(site, "-v", "sync", "--lang", "fr", "--keep", "0").output
