"""Language codes: validation and plural forms, through Babel."""

from __future__ import annotations

import re
from pathlib import Path

from babel import Locale, localedata

from transpipe.errors import TranspipeError

_CODE = re.compile(r"^[a-z]{2,3}(?:[_-][A-Za-z0-9]{2,8})*$")
# The conventional pseudo-localisation code: accepted so a site can test its pipeline
# (and ../shared/tools/fidelity.py does), with English plural rules.
PSEUDO = "xx"


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
    if localedata.normalize_locale(lang.replace("-", "_")) is None:
        raise TranspipeError(f"unknown language '{lang}': Babel has no locale data for it", where)
    return lang


def _locale(lang: str) -> Locale:
    validate_language(lang)
    return Locale("en") if lang == PSEUDO else Locale.parse(lang.replace("-", "_"))


def plural_forms(lang: str) -> str:
    """The ``Plural-Forms`` header value for ``lang``."""
    from babel.messages.plurals import get_plural

    plural = get_plural(_locale(lang))
    return f"nplurals={plural.num_plurals}; plural={plural.plural_expr};"


def language_name(lang: str) -> str:
    """The language's name in English, for ``Language-Team``."""
    if lang == PSEUDO:
        return "Pseudo-translation"
    return _locale(lang).get_display_name("en") or lang
