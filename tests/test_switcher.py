"""Language switcher data (pages/_data/translations.yml): content, change-only writes, Jekyll."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from conftest import FIXTURES, Run
from test_sync import ANA, MAINTAINER, commit, git, translate
from transpipe.locales import LANGUAGES, native_name
from transpipe.switcher import (
    Version,
    direction,
    entry,
    entry_key,
    page_url,
    render,
    render_versions,
    scalar,
)

ROOT = Path(__file__).resolve().parents[1]
JEKYLL = shutil.which("jekyll")
HOMES = ["index.md", "pt/index.md", "zh/index.md", "it/index.md", "fr/index.md"]


def data(site: Path) -> dict[str, Any]:
    loaded = yaml.safe_load((site / "pages" / "_data" / "translations.yml").read_text("utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def languages(versions: list[dict[str, Any]]) -> list[str]:
    return [v["lang"] for v in versions]


def test_lists_the_languages_each_page_exists_in(site: Path, run: Run) -> None:
    run(site, "extract")
    run(site, "init", "fr")
    run(site, "init", "pt")
    translate(site / "locales" / "fr" / "index.po")  # all of it, upper-cased
    result = run(site, "build", "-v")  # keep 80: only the French home page is written
    assert "wrote pages/_data/translations.yml (2 pages)" in result.output
    found = data(site)
    assert list(found) == ["ch.01-1", "home"]  # keyed by lang-ref, sorted
    assert found["home"] == [
        {
            "lang": "en",
            "name": "English",
            "dir": "ltr",
            "path": "index.md",
            "url": "/",
            "coverage": 100,
            "outdated": False,
        },
        {
            "lang": "fr",
            "name": "Français",
            "dir": "ltr",
            "path": "fr/index.md",
            "url": "/fr/",
            "coverage": 100,
            "outdated": False,
        },
    ]
    assert languages(found["ch.01-1"]) == ["en"]
    assert found["ch.01-1"][0]["url"] == "/en/week01/01-1"


def test_partial_and_hand_made_pages(site: Path, run: Run) -> None:
    run(site, "extract")
    run(site, "init", "fr")
    hand_made = site / "pages" / "pt" / "week01" / "01-1.md"
    hand_made.parent.mkdir(parents=True)
    hand_made.write_text("---\nlang-ref: ch.01-1\n---\n\nTexto.\n", encoding="utf-8")
    run(site, "build", "--keep", "0")
    week = {v["lang"]: v for v in data(site)["ch.01-1"]}
    assert list(week) == ["en", "fr", "pt"]
    assert week["fr"]["coverage"] == 0  # built with nothing translated
    assert week["pt"]["coverage"] is None  # a hand-made page without a catalog: unknown


def test_written_only_when_changed(site: Path, run: Run) -> None:
    run(site, "extract")
    run(site, "init", "fr")
    run(site, "build", "--keep", "0")
    path = site / "pages" / "_data" / "translations.yml"
    before = path.stat().st_mtime_ns
    again = run(site, "build", "--keep", "0")
    assert "translations.yml" not in again.output
    assert path.stat().st_mtime_ns == before
    (site / "pages" / "fr" / "index.md").unlink()
    (site / "locales" / "fr" / "index.po").unlink()
    run(site, "build", "--keep", "80")  # fr home: no catalog, so not rebuilt
    assert languages(data(site)["home"]) == ["en", "pt"]  # pt: built at --keep 0 before


def test_every_configured_language_whatever_build_covers(site: Path, run: Run) -> None:
    run(site, "extract")
    run(site, "init", "fr")
    run(site, "init", "pt")
    run(site, "build", "--keep", "0")
    run(site, "build", "--keep", "0", "--lang", "fr")
    assert languages(data(site)["home"]) == ["en", "fr", "pt"]


def test_hostile_lang_ref_stays_a_string(site: Path, run: Run) -> None:
    page = site / "pages" / "en" / "week01" / "01-1.md"
    hostile = 'x"\n- {lang: evil}\n# {{ site }}'
    text = page.read_text().replace("lang-ref: ch.01-1", f"lang-ref: {yaml.safe_dump(hostile)}")
    page.write_text(text.replace("\n...\n", "\n"))
    run(site, "extract")
    run(site, "build", "--keep", "0")
    found = data(site)
    assert hostile in found
    assert languages(found[hostile]) == ["en", "fr", "pt"]


def test_outdated_translation_is_flagged(site: Path, run: Run) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    git(site, "init", "-q", "-b", "main")
    git(site, "add", ".")
    commit(site, "English pages", MAINTAINER, "2020-01-01")
    run(site, "sync", "--commit", "--keep", "0")
    translate(site / "locales" / "fr" / "week01" / "01-1.po")
    commit(site, "fr week 1", ANA, "2020-02-24")
    run(site, "sync", "--commit", "--keep", "0")  # complete: records the English revision
    week = {v["lang"]: v for v in data(site)["ch.01-1"]}
    assert (week["fr"]["coverage"], week["fr"]["outdated"]) == (100, False)
    page = site / "pages" / "en" / "week01" / "01-1.md"
    page.write_text(page.read_text().replace("by the brain.", "by the human brain."))
    commit(site, "English edit", MAINTAINER, "2020-06-01")
    run(site, "sync", "--commit", "--keep", "0")
    week = {v["lang"]: v for v in data(site)["ch.01-1"]}
    assert week["fr"]["outdated"] is True
    assert week["fr"]["coverage"] < 100
    assert week["pt"]["outdated"] is False  # never complete: nothing recorded, nothing claimed


def test_native_names() -> None:
    assert native_name("pt") == "Português"
    assert native_name("zh") == "中文"
    assert native_name("fr") == "Français"
    course = {"en", "fr", "es", "pt", "zh", "it", "ar", "ru", "tr", "fa", "bn", "vi", "hu"}
    assert set(LANGUAGES) >= course | {"sr", "ja", "ko", "de"}
    assert native_name("nl") == "Nederlands"  # not in the table: Babel, capitalised
    assert native_name("pt_BR").startswith("Português")
    assert (direction("ar"), direction("fa"), direction("fr")) == ("rtl", "rtl", "ltr")


@pytest.mark.parametrize(
    ("path", "url"),
    [
        ("index.md", "/"),
        ("pt/index.md", "/pt/"),
        ("pt/week01/01-1.md", "/pt/week01/01-1"),
        ("en/about.md", "/en/about"),
    ],
)
def test_page_url(path: str, url: str) -> None:
    assert page_url(path) == url


def jekyll_site(tmp_path: Path, run: Run, remove: tuple[str, ...] = ()) -> Path:
    """The bundled site built by transpipe, then by Jekyll with the fixture's minimal layout."""
    site = tmp_path / "site"
    site.mkdir()
    shutil.copy(ROOT / "transpipe.toml", site)
    shutil.copytree(ROOT / "locales", site / "locales")
    shutil.copytree(ROOT / "pages", site / "pages", ignore=shutil.ignore_patterns("_data"))
    for name in remove:
        (site / "pages" / name).unlink()
    run(site, "build")
    shutil.copytree(FIXTURES / "switcher" / "_layouts", site / "pages" / "_layouts")
    out = tmp_path / "out"
    done = subprocess.run(
        [str(JEKYLL), "build", "--safe", "-s", str(site / "pages"), "-d", str(out)],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "LANG": "C.UTF-8"},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return out


def menu(built: Path) -> list[tuple[str, str, str]]:
    """The (language, name, link) entries of a built page's "this page in:" line."""
    text = built.read_text(encoding="utf-8")
    line = re.search(r'<nav id="languages">this page in:(.*?)</nav>', text, re.S)
    assert line, text[:500]
    entries = re.findall(r'<a lang="([^"]*)" dir="[^"]*" href="([^"]*)">([^<]*)</a>', line[1])
    return [(lang, html.unescape(name), href) for lang, href, name in entries]


def test_the_readme_shows_the_tested_layout() -> None:
    layout = (FIXTURES / "switcher" / "_layouts" / "default.html").read_text(encoding="utf-8")
    snippet = layout[layout.index("{% assign") : layout.index("</nav>") + len("</nav>")]
    assert snippet in (ROOT / "README.md").read_text(encoding="utf-8")


def html_of(out: Path, page: str) -> Path:
    return out / page.replace(".md", ".html")


@pytest.mark.skipif(JEKYLL is None, reason="Jekyll is not installed (Debian package: jekyll)")
def test_jekyll_layout_reads_the_data_on_every_home_page(tmp_path: Path, run: Run) -> None:
    out = jekyll_site(tmp_path, run)
    expected = [
        ("en", "English", "/"),
        ("pt", "Português", "/pt/"),
        ("zh", "中文", "/zh/"),
        ("it", "Italiano", "/it/"),
        ("fr", "Français", "/fr/"),
    ]
    for page in HOMES:
        assert menu(html_of(out, page)) == expected, page
        # each link leads to a page Jekyll built
        for _lang, _name, href in expected:
            assert (out / href.strip("/") / "index.html").is_file()


@pytest.mark.skipif(JEKYLL is None, reason="Jekyll is not installed (Debian package: jekyll)")
def test_jekyll_menu_follows_the_pages_that_exist(tmp_path: Path, run: Run) -> None:
    out = jekyll_site(tmp_path, run, remove=("it/index.md",))  # below --keep: not rebuilt
    for page in [p for p in HOMES if p != "it/index.md"]:
        assert [lang for lang, _, _ in menu(html_of(out, page))] == ["en", "pt", "zh", "fr"], page
    assert not html_of(out, "it/index.md").exists()


texts = st.text(st.characters(blacklist_categories=["Cs"]), max_size=20)


@given(key=texts, name=texts, coverage=st.none() | st.integers(0, 100), outdated=st.booleans())
def test_data_file_reads_back_as_written(
    key: str, name: str, coverage: int | None, outdated: bool
) -> None:
    version = Version(name, name, "ltr", name + ".md", "/" + name, coverage, outdated)
    lines = render_versions([version])
    data = {scalar(key): entry(scalar(key), lines), "home": entry("home", lines)}
    assert all(entry_key(text) == k for k, text in data.items())
    text = render(data)
    assert yaml.safe_load(text) == {k: [asdict(version)] for k in (key, "home")}
    assert yaml.safe_load(render({scalar(key): entry(scalar(key), "")})) == {key: []}


def test_a_bad_catalog_is_reported_once_and_the_rest_written(site: Path, run: Run) -> None:
    run(site, "extract")
    run(site, "init", "fr")
    run(site, "build", "--keep", "0")
    (site / "locales" / "fr" / "index.po").write_text('msgid "x"\nmsgstr\n', encoding="utf-8")
    result = run(site, "build", "--keep", "0", ok=False)
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if "locales/fr/index.po" in line]
    assert len(errors) == 1, result.stderr
    found = data(site)
    assert languages(found["ch.01-1"]) == ["en", "fr", "pt"]  # the other page is complete
    home = {v["lang"]: v for v in found["home"]}
    assert list(home) == ["en", "fr", "pt"]  # the French page is still there...
    assert home["fr"]["coverage"] is None  # ...its coverage unknown, not guessed


def test_a_taken_lang_ref_falls_back_to_the_path(site: Path, run: Run) -> None:
    copy = site / "pages" / "en" / "week01" / "01-2.md"
    copy.write_text((site / "pages" / "en" / "week01" / "01-1.md").read_text())
    run(site, "extract")
    result = run(site, "build", "--keep", "0")
    assert "pages/en/week01/01-2.md: lang-ref ch.01-1 is taken; keyed by its path" in result.output
    found = data(site)
    assert found["ch.01-1"][0]["path"] == "en/week01/01-1.md"
    assert found["week01/01-2"][0]["path"] == "en/week01/01-2.md"
