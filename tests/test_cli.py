"""The documented workflow through the real CLI: extract → init → translate → update → build."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

from conftest import Run

MSGFMT = shutil.which("msgfmt")


def translate(
    po_path: Path, table: dict[str, str], translator: str = "Ana Lima <ana@x.org>"
) -> None:
    """What a translator does in Poedit: fill msgstrs and save (polib writes the file)."""
    po = polib.pofile(str(po_path))
    for entry in po:
        if entry.msgid in table:
            entry.msgstr = table[entry.msgid]
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
    po.metadata["Last-Translator"] = translator
    po.metadata["PO-Revision-Date"] = "2020-02-24 10:00+0100"
    po.save()


def test_extract_writes_templates(site: Path, run: Run) -> None:
    run(site, "extract")
    home = site / "locales" / "templates" / "index.pot"
    week = site / "locales" / "templates" / "week01" / "01-1.pot"
    assert home.exists() and week.exists()
    msgids = [e.msgid for e in polib.pofile(str(home))]
    assert "History and motivation" in msgids
    assert "DEEP LEARNING" in msgids
    assert not any("youtube" in m or m == "🎥" for m in msgids)
    entry = polib.pofile(str(home)).find("Description")
    assert entry is not None and entry.occurrences == [("pages/index.md", "10")]
    assert entry.comment == "heading 2"


@pytest.mark.skipif(not MSGFMT, reason="GNU gettext (msgfmt) is not installed")
def test_catalogs_pass_msgfmt_check(site: Path, run: Run) -> None:
    run(site, "extract")
    run(site, "init", "fr")
    for path in (site / "locales").rglob("*.po*"):
        result = subprocess.run(
            [MSGFMT, "-c", "-o", "/dev/null", str(path)], capture_output=True, text=True
        )
        assert result.returncode == 0, result.stderr


def test_init_header(site: Path, run: Run) -> None:
    run(site, "extract")
    run(site, "init", "fr")
    po = polib.pofile(str(site / "locales" / "fr" / "index.po"))
    assert po.metadata["Language"] == "fr"
    assert po.metadata["Plural-Forms"] == "nplurals=2; plural=(n > 1);"
    assert po.metadata["Content-Type"] == "text/plain; charset=UTF-8"
    assert po.metadata["Language-Team"] == "French"
    assert po.metadata["X-Generator"].startswith("transpipe")
    assert "Project-Id-Version" in po.metadata


@pytest.mark.parametrize("lang", ["xx_YY", "../x", "en_ZZ", "klingon"])
def test_init_rejects_bad_languages(site: Path, run: Run, lang: str) -> None:
    run(site, "extract")
    result = run(site, "init", lang, ok=False)
    assert result.exit_code == 1
    assert "language" in result.stderr
    assert not (site / "locales" / lang).exists()
    assert len(result.stderr.strip().splitlines()) == 1


def test_init_never_overwrites(site: Path, run: Run) -> None:
    run(site, "extract")
    run(site, "init", "fr")
    po = site / "locales" / "fr" / "index.po"
    translate(po, {"Description": "Description FR"})
    before = po.read_bytes()
    result = run(site, "-v", "init", "fr")
    assert "exists" in result.output
    assert po.read_bytes() == before


def test_build_translates_and_credits(site: Path, run: Run) -> None:
    run(site, "extract")
    run(site, "init", "fr")
    po = site / "locales" / "fr" / "index.po"
    table = {e.msgid: e.msgid.upper() for e in polib.pofile(str(po))}
    translate(po, table)
    run(site, "build")
    page = (site / "pages" / "fr" / "index.md").read_text()
    assert "title: DEEP LEARNING\nauthor: Alfredo Canziani\nlang-ref: home\nlang: fr\n" in page
    assert "translation-date: 24 Feb 2020\ntranslator: Ana Lima\n---" in page
    assert "ana@x.org" not in page
    assert "## DESCRIPTION" in page
    assert '<td><a href="{{site.baseurl}}/en/week01/01-1">HISTORY AND MOTIVATION</a></td>' in page
    assert "![YANN]({{site.baseurl}}/images/Yann.png)" in page
    # the week page is not translated: below --keep, not written
    assert not (site / "pages" / "fr" / "week01" / "01-1.md").exists()


def test_links_point_at_built_pages(site: Path, run: Run) -> None:
    run(site, "extract")
    run(site, "init", "fr")
    run(site, "build", "--keep", "0")
    home = (site / "pages" / "fr" / "index.md").read_text()
    week = (site / "pages" / "fr" / "week01" / "01-1.md").read_text()
    assert '<a href="{{site.baseurl}}/fr/week01/01-1">' in home
    assert "[home page]({{site.baseurl}}/fr/)" in week


def test_keep_protects_hand_made_pages(site: Path, run: Run) -> None:
    run(site, "extract")
    run(site, "init", "fr")
    hand_made = site / "pages" / "fr" / "index.md"
    hand_made.parent.mkdir(parents=True)
    hand_made.write_text("page faite à la main\n")
    result = run(site, "build", "-v", "--keep", "50")
    assert hand_made.read_text() == "page faite à la main\n"
    assert "kept the existing page" in result.output


def test_second_build_changes_nothing(site: Path, run: Run) -> None:
    for step in (["extract"], ["init", "fr"], ["update"], ["build", "--keep", "0"]):
        run(site, *step)
    files = sorted(p for p in site.rglob("*") if p.is_file())
    before = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in files}
    run(site, "extract")
    run(site, "update")
    result = run(site, "build", "--keep", "0")
    assert result.output == "build: nothing written; 4 unchanged\n"
    after = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in files}
    assert after == before
    assert sorted(p for p in site.rglob("*") if p.is_file()) == files


def test_update_follows_english(site: Path, run: Run) -> None:
    run(site, "extract")
    run(site, "init", "fr")
    po = site / "locales" / "fr" / "week01" / "01-1.po"
    translate(
        po,
        {
            "Deep learning is inspired by the brain.": (
                "L'apprentissage profond s'inspire du cerveau."
            )
        },
    )
    page = site / "pages" / "en" / "week01" / "01-1.md"
    page.write_text(page.read_text().replace("the brain.", "the human brain."))
    run(site, "extract")
    result = run(site, "update", "--verbose")
    assert "1 fuzzy" in result.output
    entry = polib.pofile(str(po)).find("Deep learning is inspired by the human brain.")
    assert entry is not None and "fuzzy" in entry.flags
    assert entry.previous_msgid == "Deep learning is inspired by the brain."
    assert entry.msgstr == "L'apprentissage profond s'inspire du cerveau."


def test_status_formats(site: Path, run: Run) -> None:
    run(site, "extract")
    run(site, "init", "fr")
    translate(site / "locales" / "fr" / "index.po", {"Description": "Description"})
    rows = json.loads(run(site, "status", "--lang", "fr", "--format", "json").output)
    home = next(r for r in rows if r["page"] == "pages/fr/index.md")
    assert home["translated"] == 1 and home["untranslated"] > 0
    assert rows[-1]["page"] is None
    markdown = run(site, "status", "--format", "markdown").output
    assert markdown.startswith("| language | page |")
    table = run(site, "-v", "status").output
    assert "pages/pt/index.md" in table and "no catalog" in table


BAD_INPUT = {
    "bad YAML front matter": (
        "pages/en/week01/01-1.md",
        "---\ntitle: [oops\n---\n\nText.\n",
        "01-1.md:2",
    ),
    "page not UTF-8": ("pages/en/week01/01-1.md", b"---\ntitle: T\n---\n\nCaf\xe9\n", "01-1.md:5"),
}


@pytest.mark.parametrize("rel,content,where", BAD_INPUT.values(), ids=BAD_INPUT.keys())
def test_bad_page_is_reported_and_others_go_on(
    site: Path, run: Run, rel: str, content: str | bytes, where: str
) -> None:
    path = site / rel
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    result = run(site, "extract", ok=False)
    assert result.exit_code == 1
    assert where in result.stderr
    assert (site / "locales" / "templates" / "index.pot").exists()
    assert not (site / "locales" / "templates" / "week01" / "01-1.pot").exists()


def test_bad_catalog_is_reported_and_not_overwritten(site: Path, run: Run) -> None:
    run(site, "extract")
    run(site, "init", "fr")
    po = site / "locales" / "fr" / "index.po"
    broken = po.read_text() + '\nmsgid "unterminated\nmsgstr ""\n'
    po.write_text(broken)
    result = run(site, "build", "--keep", "0", ok=False)
    assert result.exit_code == 1
    assert "locales/fr/index.po:" in result.stderr
    assert po.read_text() == broken
    assert (site / "pages" / "fr" / "week01" / "01-1.md").exists()
    assert not (site / "pages" / "fr" / "index.md").exists()
    result = run(site, "update", ok=False)
    assert po.read_text() == broken


def test_missing_config(tmp_path: Path, run: Run) -> None:
    result = run(tmp_path, "extract", ok=False)
    assert result.exit_code == 1
    assert "transpipe.toml" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_module_entry_point(site: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "transpipe", "-C", str(site), "-v", "extract"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "extracted locales/templates/index.pot" in result.stdout


DAMAGED = {
    "mojibake": ("## DescriÃ§Ã£o\n", 10, "Windows-1254"),
    "replacement character": ("## Descri\ufffd\ufffdo\n", 10, "U+FFFD"),
    "byte-order mark": ("\ufeff---\ntitle: T\n---\n", 1, "byte-order mark"),
}


@pytest.mark.parametrize("text,line,words", DAMAGED.values(), ids=DAMAGED.keys())
def test_damaged_english_page_is_refused(
    site: Path, run: Run, text: str, line: int, words: str
) -> None:
    home = site / "pages" / "index.md"
    original = home.read_text(encoding="utf-8")
    if text.startswith("\ufeff"):
        home.write_text("\ufeff" + original, encoding="utf-8")
    else:
        home.write_text(original.replace("## Description\n", text), encoding="utf-8")
    result = run(site, "extract", ok=False)
    assert result.exit_code == 1
    assert f"pages/index.md:{line}:" in result.stderr and words in result.stderr
    assert "transpipe repair" in result.stderr
    assert not (site / "locales" / "templates" / "index.pot").exists()
    assert (site / "locales" / "templates" / "week01" / "01-1.pot").exists()


def damage(text: str) -> str:
    """UTF-8 read as Windows-1254 and saved again: the bytes cp1254 lacks are lost."""
    return text.encode("utf-8").decode("cp1254", errors="replace").replace("\ufffd", "")


def test_repair_leaves_what_it_cannot_settle_marked(site: Path, run: Run) -> None:
    home = site / "pages" / "index.md"
    home.write_text(damage(home.read_text(encoding="utf-8")), encoding="utf-8")
    result = run(site, "repair", "pages/index.md", ok=False)
    assert result.exit_code == 1
    assert "pages/index.md:17: could not repair" in result.stderr  # 🎥 lost a byte: no evidence
    assert "·" in home.read_text(encoding="utf-8")  # what was certain is repaired


def test_repair_settles_lost_bytes_from_a_sibling_page(site: Path, run: Run) -> None:
    home = site / "pages" / "index.md"
    clean = home.read_text(encoding="utf-8")
    sibling = site / "pages" / "fr" / "index.md"
    sibling.parent.mkdir()
    sibling.write_text(clean.replace("History and motivation", "Histoire"), encoding="utf-8")
    home.write_text(damage(clean), encoding="utf-8")
    run(site, "repair", "pages/index.md")
    assert home.read_text(encoding="utf-8") == clean
    run(site, "extract")


def test_generated_files_follow_the_umask(site: Path, run: Run) -> None:
    old = os.umask(0o022)
    try:
        run(site, "extract")
        run(site, "init", "fr")
        run(site, "build", "--keep", "0")
    finally:
        os.umask(old)
    for path in [*(site / "locales").rglob("*.po*"), *(site / "pages" / "fr").rglob("*.md")]:
        assert path.stat().st_mode & 0o777 == 0o644, path


def test_site_config_change_rebuilds_links(site: Path, run: Run) -> None:
    home = site / "pages" / "index.md"
    home.write_text(
        home.read_text() + "\n[Week one](https://ex.org/site/en/week01/01-1)\n", encoding="utf-8"
    )
    for step in (["extract"], ["init", "fr"], ["build", "--keep", "0"]):
        run(site, *step)
    built = site / "pages" / "fr" / "index.md"
    assert "[Week one](https://ex.org/site/en/week01/01-1)" in built.read_text()
    (site / "pages" / "_config.yml").write_text("url: https://ex.org\nbaseurl: /site\n")
    run(site, "build", "--keep", "0")
    assert "[Week one]({{site.baseurl}}/fr/week01/01-1)" in built.read_text()


@pytest.mark.parametrize(
    "content,words", [(b"Caf\xe9\n", "01-1.md:1: not UTF-8"), (None, "01-1.md: no such page")]
)
def test_repair_of_unreadable_pages_is_an_error(
    site: Path, run: Run, content: bytes | None, words: str
) -> None:
    page = site / "pages" / "fr" / "week01" / "01-1.md"
    page.parent.mkdir(parents=True)
    if content is not None:
        page.write_bytes(content)
    result = run(site, "repair", "pages/fr/week01/01-1.md", "pages/index.md", ok=False)
    assert result.exit_code == 1
    assert words in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
