"""Language data written into catalogs: GNU gettext's conventions, never the installed Babel's."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import polib
import pytest

from conftest import Run
from transpipe.locales import (
    LANGUAGES,
    language_name,
    native_name,
    plural_forms,
    validate_language,
)

# The GNU gettext manual's expressions ("Plural forms") for languages whose rule this
# machine's msginit does not carry in its own table (it knows them only through CLDR data
# that may be absent). Written here from the manual, not from transpipe or Babel.
GETTEXT_MANUAL = {
    "ar": "nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 "
    ": n%100>=11 ? 4 : 5;",
    "zh": "nplurals=1; plural=0;",
    "id": "nplurals=1; plural=0;",
    "th": "nplurals=1; plural=0;",
    "bn": "nplurals=2; plural=(n != 1);",
    "hi": "nplurals=2; plural=(n != 1);",
    "ca": "nplurals=2; plural=(n != 1);",
    "fa": "nplurals=2; plural=(n > 1);",
}
# Every language of the course site, and French's CLDR-era trap.
COURSE = ["ar", "bn", "es", "fa", "fr", "hu", "it", "ja", "ko", "pt", "ru", "sr", "tr", "vi", "zh"]


def msginit_plural_forms(lang: str, tmp_path: Path) -> str | None:
    """What GNU msginit writes as ``Plural-Forms`` for ``lang`` (None when it has no rule)."""
    pot = tmp_path / "t.pot"
    pot.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n')
    result = subprocess.run(
        ["msginit", "--no-translator", "--no-wrap", "-l", lang, "-i", str(pot), "-o", "-"],
        capture_output=True,
        text=True,
    )
    header = polib.pofile(result.stdout).metadata if result.returncode == 0 else {}
    value = header.get("Plural-Forms", "").strip()
    return value if value.startswith("nplurals=") else None


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
def test_plural_forms_follow_gettext(lang: str, tmp_path: Path) -> None:
    expected = msginit_plural_forms(lang, tmp_path) or GETTEXT_MANUAL.get(lang)
    assert expected is not None, f"neither msginit nor the manual's table knows {lang}"
    assert plural_forms(lang) == expected


def test_course_languages_are_in_the_table() -> None:
    assert set(COURSE) <= set(LANGUAGES)
    assert plural_forms("fr") == "nplurals=2; plural=(n > 1);"


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
def test_plural_forms_compile(lang: str, tmp_path: Path) -> None:
    """Each expression is one msgfmt -c accepts, with as many msgstr[] forms as it says."""
    value = plural_forms(lang)
    count = int(value.split(";")[0].split("=")[1])
    forms = "".join(f'msgstr[{i}] "x{i}"\n' for i in range(count))
    po = tmp_path / "t.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        f'"Language: {lang}\\n"\n"Plural-Forms: {value}\\n"\n\n'
        f'msgid "one"\nmsgid_plural "many"\n{forms}',
        encoding="utf-8",
    )
    result = subprocess.run(
        ["msgfmt", "-c", "-o", "/dev/null", str(po)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
def test_table_languages_are_babel_locales(lang: str) -> None:
    """validate_language takes the table's codes without asking Babel: Babel knows them."""
    from babel import localedata

    assert localedata.normalize_locale(lang) is not None
    assert validate_language(lang) == lang


def test_table_languages_never_ask_babel() -> None:
    """Known languages take the table's values: Babel's plural code stays unloaded."""
    code = (
        "import sys; from transpipe.locales import plural_forms, language_name, native_name\n"
        "for lang in ['fr', 'pt', 'es', 'it', 'ar', 'ru', 'zh', 'pt_BR']:\n"
        "    plural_forms(lang), language_name(lang), native_name(lang)\n"
        "print(sorted(m for m in sys.modules if m.startswith('babel.messages') "
        "))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_names() -> None:
    assert [language_name(x) for x in ("fr", "pt", "zh", "pt_BR")] == [
        "French",
        "Portuguese",
        "Chinese",
        "Brazilian Portuguese",
    ]
    assert [native_name(x) for x in ("fr", "pt", "zh")] == ["Français", "Português", "中文"]


def test_languages_outside_the_table_fall_back_to_babel() -> None:
    # Swahili is not in the table: the value is Babel's, whatever it is, and well formed.
    assert plural_forms("sw").startswith("nplurals=")
    assert language_name("sw")


@pytest.mark.parametrize("lang", ["fr", "pt", "es", "it", "ar", "ru"])
def test_init_header_is_the_tables(site: Path, run: Run, lang: str, tmp_path: Path) -> None:
    run(site, "extract")
    run(site, "init", lang)
    header = polib.pofile(str(site / "locales" / lang / "index.po")).metadata
    assert header["Plural-Forms"] == LANGUAGES[lang].plural_forms
    assert header["Language-Team"] == LANGUAGES[lang].english
    expected = msginit_plural_forms(lang, tmp_path) or GETTEXT_MANUAL[lang]
    assert header["Plural-Forms"] == expected


def test_update_keeps_a_catalogs_plural_forms(site: Path, run: Run) -> None:
    run(site, "extract")
    run(site, "init", "fr")
    po_path = site / "locales" / "fr" / "index.po"
    po = polib.pofile(str(po_path))
    po.metadata["Plural-Forms"] = "nplurals=3; plural=(n==0 ? 0 : n==1 ? 1 : 2);"
    po.save()
    (site / "pages" / "index.md").write_text(
        (site / "pages" / "index.md").read_text() + "\nA new paragraph.\n"
    )
    run(site, "extract")
    run(site, "update")
    after = polib.pofile(str(po_path))
    assert "A new paragraph." in [e.msgid for e in after]
    assert after.metadata["Plural-Forms"] == "nplurals=3; plural=(n==0 ? 0 : n==1 ? 1 : 2);"
