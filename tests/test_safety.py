"""Nothing escapes the site: each containment attack of a hostile pull request, one per row.

Every attack runs the real CLI on a real site in a temporary folder with a real folder
outside it, and checks that nothing outside was read into the site or written, that the
command said why with one line naming the file, and that the other files went on.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import polib
import pytest

from conftest import invoke

SECRET = "TOP SECRET outside text"
SECRET_PAGE = f"---\ntitle: Secret\n---\n\n{SECRET}.\xc3\xa9 \ufeff\n"  # (damage repair would fix)


@dataclass(frozen=True)
class Attack:
    """A change a pull request could make, the command run after it, and what must hold."""

    name: str
    setup: Callable[[Path, Path], None]  # (site, outside folder)
    command: tuple[str, ...]
    message: str  # in the one-line error
    check: Callable[[Path, Path], None]


def prepared(site: Path) -> Path:
    """The site with templates and fr/pt catalogs, fr fully translated."""
    for args in (("extract",), ("init", "fr"), ("init", "pt")):
        assert invoke(site, *args)[0] == 0
    for po_path in (site / "locales" / "fr").rglob("*.po"):
        po = polib.pofile(str(po_path))
        for entry in po:
            entry.msgstr = entry.msgid.upper()
        po.save()
    return site


def link(path: Path, target: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.is_dir() and not path.is_symlink():
        for child in sorted(path.rglob("*"), reverse=True):
            child.rmdir() if child.is_dir() else child.unlink()
        path.rmdir()
    elif path.exists() or path.is_symlink():
        path.unlink()
    path.symlink_to(target)


def outside_untouched(_site: Path, outside: Path) -> None:
    assert sorted(p.name for p in outside.rglob("*")) == ["secret.md", "secret.po"]


def no_secret_inside(site: Path, outside: Path) -> None:
    outside_untouched(site, outside)
    for path in site.rglob("*"):
        if path.is_file() and not path.is_symlink():
            assert SECRET.upper() not in path.read_text(errors="replace").upper(), path


def leak_page(site: Path, outside: Path) -> None:
    link(site / "pages" / "en" / "leak.md", outside / "secret.md")


def leak_page_checked(site: Path, outside: Path) -> None:
    no_secret_inside(site, outside)
    assert not (site / "locales" / "templates" / "leak.pot").exists()
    assert (site / "locales" / "templates" / "index.pot").is_file()  # the others went on


def pages_lang_folder(site: Path, outside: Path) -> None:
    prepared(site)
    link(site / "pages" / "fr", outside / "here")
    (outside / "here").mkdir()


def pages_lang_checked(site: Path, outside: Path) -> None:
    assert list((outside / "here").iterdir()) == []
    assert (site / "pages" / "pt" / "index.md").is_file()  # the other language went on
    (outside / "here").rmdir()
    outside_untouched(site, outside)


def locales_lang_folder(site: Path, outside: Path) -> None:
    invoke(site, "extract")
    (outside / "here").mkdir()
    link(site / "locales" / "fr", outside / "here")


def locales_lang_checked(site: Path, outside: Path) -> None:
    assert list((outside / "here").iterdir()) == []
    (outside / "here").rmdir()
    outside_untouched(site, outside)


def templates_folder(site: Path, outside: Path) -> None:
    (outside / "here").mkdir()
    link(site / "locales" / "templates", outside / "here")


def cache_folder(site: Path, outside: Path) -> None:
    (outside / "here").mkdir()
    link(site / ".transpipe-cache", outside / "here")


def symlinked_catalog(site: Path, outside: Path) -> None:
    prepared(site)
    link(site / "locales" / "fr" / "index.po", outside / "secret.po")


def symlinked_catalog_checked(site: Path, outside: Path) -> None:
    no_secret_inside(site, outside)
    assert (site / "pages" / "fr" / "week01" / "01-1.md").is_file()  # the other page went on


def config_replaced(text: str) -> Callable[[Path, Path], None]:
    def setup(site: Path, _outside: Path) -> None:
        (site / "transpipe.toml").write_text(text)

    return setup


def nothing(_site: Path, _outside: Path) -> None:
    pass


def no_catalog(lang: str) -> Callable[[Path, Path], None]:
    def check(site: Path, outside: Path) -> None:
        outside_untouched(site, outside)
        assert not (site / "locales" / lang).exists()

    return check


def english_pages_kept(site: Path, outside: Path) -> None:
    outside_untouched(site, outside)
    assert "lang: en" not in (site / "pages" / "index.md").read_text()


def secret_page_as_french(site: Path, outside: Path) -> None:
    link(site / "pages" / "fr" / "index.md", outside / "secret.md")


def secret_unchanged(site: Path, outside: Path) -> None:
    outside_untouched(site, outside)
    assert (outside / "secret.md").read_text() == SECRET_PAGE


ATTACKS = [
    Attack(
        "symlinked English page",
        leak_page,
        ("extract",),
        "pages/en/leak.md: leads outside the site",
        leak_page_checked,
    ),
    Attack(
        "symlinked English page, sync",
        leak_page,
        ("sync", "--keep", "0"),
        "pages/en/leak.md: leads outside the site",
        leak_page_checked,
    ),
    Attack(
        "symlinked pages/<lang>",
        pages_lang_folder,
        ("build", "--keep", "0"),
        "pages/fr/index.md: leads outside the site",
        pages_lang_checked,
    ),
    Attack(
        "symlinked locales/<lang>",
        locales_lang_folder,
        ("init", "fr"),
        "locales/fr/index.po: leads outside the site",
        locales_lang_checked,
    ),
    Attack(
        "symlinked locales/templates",
        templates_folder,
        ("extract",),
        "locales/templates/index.pot: leads outside the site",
        locales_lang_checked,
    ),
    Attack(
        "symlinked .transpipe-cache",
        cache_folder,
        ("extract",),
        ".transpipe-cache/.gitignore: leads outside the site",
        locales_lang_checked,
    ),
    Attack(
        "symlinked catalog",
        symlinked_catalog,
        ("build", "--keep", "0"),
        "locales/fr/index.po: leads outside the site",
        symlinked_catalog_checked,
    ),
    Attack(
        "absolute pages folder",
        config_replaced('languages = ["fr"]\npages = "/etc"\n'),
        ("extract",),
        "'pages' must be a folder inside the site",
        outside_untouched,
    ),
    Attack(
        "locales above the site",
        config_replaced(
            'languages = ["fr"]\npages = "pages"\nlocales = "../.."\nsources = ["index.md"]\n'
        ),
        ("extract",),
        "'locales' must be a folder inside the site",
        outside_untouched,
    ),
    Attack(
        "pages above the site",
        config_replaced('languages = ["fr"]\npages = "../outside"\n'),
        ("extract",),
        "'pages' must be a folder inside the site",
        outside_untouched,
    ),
    Attack(
        "sources pattern above pages",
        config_replaced('languages = ["fr"]\nsources = ["../../**/*.md"]\n'),
        ("extract",),
        "'sources' patterns are relative to 'pages'",
        outside_untouched,
    ),
    Attack(
        "source language as a configured target",
        config_replaced('languages = ["fr", "en"]\n'),
        ("build", "--keep", "0"),
        "'en' is the source language",
        english_pages_kept,
    ),
    Attack(
        "init of the source language",
        nothing,
        ("init", "en"),
        "'en' is the source language",
        no_catalog("en"),
    ),
    Attack(
        "build of the source language",
        nothing,
        ("build", "--lang", "en", "--keep", "0"),
        "'en' is the source language",
        english_pages_kept,
    ),
    Attack(
        "language code with a path",
        nothing,
        ("init", "../x"),
        "is not a language code",
        no_catalog("../x"),
    ),
    Attack(
        "symlinked _config.yml",
        lambda site, outside: (prepared(site), link(site / "_config.yml", outside / "secret.md")),
        ("build", "--keep", "0"),
        "_config.yml: leads outside the site",
        outside_untouched,
    ),
    Attack(
        "symlinked transpipe.toml",
        lambda site, outside: link(site / "transpipe.toml", outside / "secret.md"),
        ("status",),
        "transpipe.toml: leads outside the site",
        outside_untouched,
    ),
    Attack(
        "repair through a symlinked page",
        secret_page_as_french,
        ("repair", "pages/fr/index.md"),
        "not a page of this site (or a symlink out of it): not repaired",
        secret_unchanged,
    ),
    Attack(
        "repair of a file outside the site",
        nothing,
        ("repair", "../outside/secret.md"),
        "not a page of this site (or a symlink out of it): not repaired",
        secret_unchanged,
    ),
    Attack(
        "page name outside the site",
        nothing,
        ("extract", "../../outside/secret.md"),
        "not one of the site's English pages",
        outside_untouched,
    ),
]


@pytest.mark.parametrize("attack", ATTACKS, ids=[a.name for a in ATTACKS])
def test_nothing_escapes_the_site(site: Path, tmp_path: Path, attack: Attack) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text(SECRET_PAGE)
    (outside / "secret.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        f'msgid "DEEP LEARNING"\nmsgstr "{SECRET}"\n'
    )
    attack.setup(site, outside)
    status, output = invoke(site, *attack.command)
    assert status == 1, output
    assert "Traceback" not in output
    assert attack.message in output, output
    errors = [line for line in output.splitlines() if line.startswith("error:")]
    assert errors and all("\n" not in line for line in errors)
    attack.check(site, outside)


def test_a_symlink_that_stays_inside_the_site_is_followed(site: Path) -> None:
    alias = site / "pages" / "en" / "alias.md"
    alias.symlink_to(site / "pages" / "en" / "week01" / "01-1.md")
    status, output = invoke(site, "extract")
    assert status == 0, output
    assert "Deep learning is inspired" in (site / "locales/templates/alias.pot").read_text()


def test_import_from_reads_a_file_named_outside_the_site(site: Path, tmp_path: Path) -> None:
    """``--from`` names a file on the maintainer's own command line: it is read as given."""
    hand = tmp_path / "elsewhere" / "fr.md"
    hand.parent.mkdir()
    hand.write_text((site / "pages" / "index.md").read_text().replace("Description", "Résumé"))
    assert invoke(site, "extract")[0] == 0
    status, output = invoke(site, "import", "fr", "pages/index.md", "--from", str(hand))
    assert status == 0, output
    assert 'msgstr "Résumé"' in (site / "locales" / "fr" / "index.po").read_text()


def test_import_from_a_symlink_inside_the_site_that_leads_out(site: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.md"
    outside.write_text(f"---\ntitle: X\n---\n\n{SECRET}\n")
    (site / "pages" / "fr").mkdir()
    os.symlink(outside, site / "pages" / "fr" / "index.md")
    assert invoke(site, "extract")[0] == 0
    status, output = invoke(site, "import", "fr", "pages/index.md")
    assert status == 1
    assert "pages/fr/index.md: leads outside the site" in output
    assert not (site / "locales" / "fr" / "index.po").exists()
