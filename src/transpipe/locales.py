"""Language codes: validation, plural forms and names.

What goes into a catalog must not depend on the installed version of a library: Babel's
CLDR data changes between releases (Babel 2.19 gives French three plural forms), so the
values written into headers come from the project's own table, which follows GNU gettext's
conventional expressions (those ``msginit`` writes and Poedit offers). Babel is only the
fallback for languages the table lacks, and the validator of language codes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from transpipe.errors import TranspipeError

_CODE = re.compile(r"^[a-z]{2,3}(?:[_-][A-Za-z0-9]{2,8})*$")
# The conventional pseudo-localisation code: accepted so a site can test its pipeline
# (and ../shared/tools/fidelity.py does), with English plural rules.
PSEUDO = "xx"

_ONE = "nplurals=1; plural=0;"
_NOT_ONE = "nplurals=2; plural=(n != 1);"
_ABOVE_ONE = "nplurals=2; plural=(n > 1);"
_SLAVIC = (
    "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
    "(n%100<10 || n%100>=20) ? 1 : 2);"
)
_WEST_SLAVIC = "nplurals=3; plural=(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2;"


@dataclass(frozen=True)
class Language:
    """What transpipe writes about a language: its names and its ``Plural-Forms``."""

    english: str
    native: str
    plural_forms: str


LANGUAGES: dict[str, Language] = {
    "ar": Language(
        "Arabic",
        "العربية",
        "nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 "
        ": n%100>=11 ? 4 : 5;",
    ),
    "bg": Language("Bulgarian", "Български", _NOT_ONE),
    "bn": Language("Bengali", "বাংলা", _NOT_ONE),
    "ca": Language("Catalan", "Català", _NOT_ONE),
    "cs": Language("Czech", "Čeština", _WEST_SLAVIC),
    "da": Language("Danish", "Dansk", _NOT_ONE),
    "de": Language("German", "Deutsch", _NOT_ONE),
    "el": Language("Greek", "Ελληνικά", _NOT_ONE),
    "en": Language("English", "English", _NOT_ONE),
    "es": Language("Spanish", "Español", _NOT_ONE),
    "et": Language("Estonian", "Eesti", _NOT_ONE),
    "fa": Language("Persian", "فارسی", _ABOVE_ONE),
    "fi": Language("Finnish", "Suomi", _NOT_ONE),
    "fr": Language("French", "Français", _ABOVE_ONE),
    "he": Language("Hebrew", "עברית", _NOT_ONE),
    "hi": Language("Hindi", "हिन्दी", _NOT_ONE),
    "hr": Language("Croatian", "Hrvatski", _SLAVIC),
    "hu": Language("Hungarian", "Magyar", _NOT_ONE),
    "id": Language("Indonesian", "Bahasa Indonesia", _ONE),
    "it": Language("Italian", "Italiano", _NOT_ONE),
    "ja": Language("Japanese", "日本語", _ONE),
    "ko": Language("Korean", "한국어", _ONE),
    "lt": Language(
        "Lithuanian",
        "Lietuvių",
        "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && (n%100<10 || n%100>=20) "
        "? 1 : 2);",
    ),
    "lv": Language(
        "Latvian", "Latviešu", "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n != 0 ? 1 : 2);"
    ),
    "nb": Language("Norwegian Bokmål", "Norsk bokmål", _NOT_ONE),
    "nl": Language("Dutch", "Nederlands", _NOT_ONE),
    "pl": Language(
        "Polish",
        "Polski",
        "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    ),
    "pt": Language("Portuguese", "Português", _NOT_ONE),
    "pt_BR": Language("Brazilian Portuguese", "Português do Brasil", _ABOVE_ONE),
    "ro": Language(
        "Romanian",
        "Română",
        "nplurals=3; plural=n==1 ? 0 : (n==0 || (n%100 > 0 && n%100 < 20)) ? 1 : 2;",
    ),
    "ru": Language("Russian", "Русский", _SLAVIC),
    "sk": Language("Slovak", "Slovenčina", _WEST_SLAVIC),
    "sl": Language(
        "Slovenian",
        "Slovenščina",
        "nplurals=4; plural=(n%100==1 ? 0 : n%100==2 ? 1 : n%100==3 || n%100==4 ? 2 : 3);",
    ),
    "sr": Language("Serbian", "Српски", _SLAVIC),
    "sv": Language("Swedish", "Svenska", _NOT_ONE),
    "th": Language("Thai", "ไทย", _ONE),
    "tr": Language("Turkish", "Türkçe", _NOT_ONE),
    "uk": Language("Ukrainian", "Українська", _SLAVIC),
    "vi": Language("Vietnamese", "Tiếng Việt", _ONE),
    "zh": Language("Chinese", "中文", _ONE),
}


def validate_language(lang: str, where: Path | None = None) -> str:
    """``lang`` if it is a language code Babel knows; anything else (``xx_YY``, ``../x``) fails.

    Only Babel's index of locale data is consulted (loading a locale's data is slow, and
    runs validate every configured language); Babel would map unknown regions to known ones
    (``en_ZZ`` → ``en_US``), this check does not.
    """
    if lang == PSEUDO:
        return lang
    if not _CODE.match(lang):
        raise TranspipeError(f"'{lang}' is not a language code (like fr, pt_BR, zh_Hans)", where)
    if lang in LANGUAGES:  # (Babel knows them all: its index costs an import)
        return lang
    from babel import localedata

    if localedata.normalize_locale(lang.replace("-", "_")) is None:
        raise TranspipeError(f"unknown language '{lang}': Babel has no locale data for it", where)
    return lang


def known_language(lang: str) -> Language | None:
    """The table's entry for ``lang`` (``pt-BR`` → ``pt_BR``, ``zh_Hans`` → ``zh``), if any."""
    code = lang.replace("-", "_")
    return LANGUAGES.get(code) or LANGUAGES.get(code.split("_")[0])


def plural_forms(lang: str) -> str:
    """The ``Plural-Forms`` header value for ``lang``: the table's, else Babel's."""
    if lang == PSEUDO:
        return _NOT_ONE
    known = known_language(validate_language(lang))
    if known is not None:
        return known.plural_forms
    from babel.messages.plurals import get_plural

    plural = get_plural(_babel_locale(lang))
    return f"nplurals={plural.num_plurals}; plural={plural.plural_expr};"


def language_name(lang: str) -> str:
    """The language's name in English, for ``Language-Team``."""
    if lang == PSEUDO:
        return "Pseudo-translation"
    named = _named(validate_language(lang))
    if named is not None:
        return named.english
    return str(_babel_locale(lang).get_display_name("en") or lang)


def native_name(lang: str) -> str:
    """The language's name in itself (``Français``, ``中文``), for language switchers."""
    if lang == PSEUDO:
        return "Pseudo-translation"
    named = _named(validate_language(lang))
    if named is not None:
        return named.native
    locale = _babel_locale(lang)
    name = str(locale.get_display_name(locale) or lang)
    return name[:1].upper() + name[1:]  # a menu entry: "Nederlands", not "nederlands"


def _named(lang: str) -> Language | None:
    """The table's entry when it names ``lang`` itself (``pt_BR``, ``fr``), not a variant of it."""
    code = lang.replace("-", "_")
    return LANGUAGES.get(code) if "_" in code else known_language(code)


def _babel_locale(lang: str) -> Any:
    from babel import Locale

    return Locale.parse(lang.replace("-", "_"))
