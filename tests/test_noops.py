"""No silent no-ops: every command that cannot do what was asked says why, and exits so."""

from __future__ import annotations

import shutil
from pathlib import Path

import polib
import pytest

from conftest import Run
from transpipe.config import tomllib

REGISTRABLE = [
    ('languages = ["fr", "pt"]\n', 'languages = ["fr", "pt", "de"]\n'),
    (
        '# the site\nlanguages = ["fr","pt"]  # live ones\nkeep = 80\n',
        '# the site\nlanguages = ["fr","pt", "de"]  # live ones\nkeep = 80\n',
    ),
    (
        'languages = [\n    "fr",  # French\n    "pt",\n]\n',
        'languages = [\n    "fr",  # French\n    "pt",\n    "de",\n]\n',
    ),
    (
        'languages = [\n  "fr",\n  "pt"  # Portuguese\n]\n',
        'languages = [\n  "fr",\n  "pt",  # Portuguese\n  "de"\n]\n',
    ),
    ("keep = 80\n", 'keep = 80\nlanguages = ["pt", "zh", "it", "fr", "de"]\n'),
    (
        'keep = 80\n\n[extra]\nlanguages = ["x"]\n',
        'keep = 80\n\nlanguages = ["pt", "zh", "it", "fr", "de"]\n[extra]\nlanguages = ["x"]\n',
    ),
]


@pytest.mark.parametrize(("before", "after"), REGISTRABLE)
def test_init_registers_the_language(site: Path, run: Run, before: str, after: str) -> None:
    config = site / "transpipe.toml"
    config.write_text(before)
    result = run(site, "init", "de")
    assert config.read_text() == after
    languages = tomllib.loads(after)["languages"]
    assert f"registered de in transpipe.toml: languages = {languages}".replace("'", '"') in (
        result.output
    )
    again = run(site, "init", "de")
    assert config.read_text() == after and "registered" not in again.output
    assert "de" in run(site, "status").output


def test_init_registers_in_pyproject(site: Path, run: Run) -> None:
    (site / "transpipe.toml").unlink()
    pyproject = site / "pyproject.toml"
    text = (
        '[project]\nname = "x"\n\n[tool.transpipe]\n# ours\nlanguages = ["fr"]\n\n'
        "[tool.other]\nlanguages = []\n"
    )
    pyproject.write_text(text)
    run(site, "init", "de")
    assert pyproject.read_text() == text.replace('["fr"]', '["fr", "de"]')


def test_init_says_what_to_add_when_it_cannot_edit(site: Path, run: Run) -> None:
    config = site / "transpipe.toml"
    text = 'languages = ["fr",\n  "pt"]\n'
    config.write_text(text)
    result = run(site, "init", "de")
    assert config.read_text() == text
    assert (
        "could not edit transpipe.toml safely; add de to the languages in transpipe.toml: "
        'languages = ["fr", "pt", "de"]'
    ) in result.output
    assert (site / "locales" / "de" / "index.po").exists()


def test_update_extracts_templates_older_than_their_pages(site: Path, run: Run) -> None:
    run(site, "sync")
    po = site / "locales" / "fr" / "week01" / "01-1.po"
    catalog = polib.pofile(str(po))
    catalog.find("Deep learning is inspired by the brain.").msgstr = "Inspiré du cerveau."
    catalog.save()
    page = site / "pages" / "en" / "week01" / "01-1.md"
    page.write_text(page.read_text().replace("the brain.", "the human brain."))
    result = run(site, "update")
    assert "extracted 1 template older than their English pages first" in result.output
    entry = polib.pofile(str(po)).find("Deep learning is inspired by the human brain.")
    assert entry is not None and entry.fuzzy and entry.msgstr == "Inspiré du cerveau."


def test_unknown_config_key_warns_with_the_nearest(site: Path, run: Run) -> None:
    config = site / "transpipe.toml"
    config.write_text(config.read_text() + 'lanugages = ["de"]\nfrobnicate = 1\n')
    result = run(site, "status")
    assert (
        "warning: transpipe.toml: unknown key 'lanugages', ignored (did you mean 'languages'?)"
        in result.stderr
    )
    assert "warning: transpipe.toml: unknown key 'frobnicate', ignored; known keys:" in (
        result.stderr
    )


def test_import_from_a_missing_file(site: Path, run: Run) -> None:
    result = run(site, "import", "es", "--from", "/nonexistent.md", "index.md", ok=False)
    assert result.exit_code == 1
    assert "error: /nonexistent.md: no such file to import (es page)" in result.stderr


def test_import_of_a_named_page_without_translation(site: Path, run: Run) -> None:
    result = run(site, "import", "es", "index.md", ok=False)
    assert result.exit_code == 1
    assert f"error: {site}/pages/es/index.md: no such file to import (es page)" in result.stderr


def test_import_with_no_pages_says_so(site: Path, run: Run) -> None:
    result = run(site, "import", "es")
    assert result.output == "import es: nothing written; 2 English pages with no es page\n"


def test_an_empty_catalog_is_an_error(site: Path, run: Run) -> None:
    run(site, "sync")
    empty = site / "locales" / "fr" / "index.po"
    empty.write_text("")
    result = run(site, "update", ok=False)
    assert result.exit_code == 1
    assert f"error: {empty}: empty catalog" in result.stderr
    assert empty.read_text() == ""  # never half-written or silently replaced
    status = run(site, "status", ok=False)
    assert status.exit_code == 1 and status.stderr.count("empty catalog") == 1


def test_a_missing_pages_folder(site: Path, run: Run) -> None:
    shutil.rmtree(site / "pages")
    result = run(site, "sync", ok=False)
    assert result.exit_code == 1
    assert result.stderr == "error: pages: no such folder: the site's pages (setting 'pages')\n"


def test_no_english_page(site: Path, run: Run) -> None:
    for page in (site / "pages").rglob("*.md"):
        page.unlink()
    result = run(site, "extract", ok=False)
    assert result.exit_code == 1
    assert "no English page matches 'sources' (index.md, en/**/*.md)" in result.stderr


def test_front_matter_without_closing_fence(site: Path, run: Run) -> None:
    page = site / "pages" / "en" / "week01" / "01-1.md"
    page.write_text("---\ntitle: History\n\nDeep learning is inspired by the brain.\n")
    result = run(site, "extract", ok=False)
    assert result.exit_code == 1
    assert result.stderr == f"error: {page}:1: front matter has no closing '---' line\n"
    assert (site / "locales" / "templates" / "index.pot").exists()  # the other page went on
