"""Language codes: validation and plural forms, through Babel."""

from __future__ import annotations

import re
from pathlib import Path

from babel import Locale, UnknownLocaleError

from transpipe.errors import TranspipeError

_CODE = re.compile(r"^[a-z]{2,3}(?:[_-][A-Za-z0-9]{2,8})*$")
# The conventional pseudo-localisation code: accepted so a site can test its pipeline
# (and ../shared/tools/fidelity.py does), with English plural rules.
PSEUDO = "xx"


def validate_language(lang: str, where: Path | None = None) -> Locale:
    """The Babel locale for a language code; anything else (``xx_YY``, ``../x``) is an error."""
    if lang == PSEUDO:
        return Locale("en")
    if not _CODE.match(lang):
        raise TranspipeError(f"'{lang}' is not a language code (like fr, pt_BR, zh_Hans)", where)
    try:
        locale = Locale.parse(lang.replace("-", "_"))
    except (ValueError, UnknownLocaleError) as exc:
        raise TranspipeError(f"unknown language '{lang}': {exc}", where) from exc
    # Babel fills in what it does not know (en_ZZ → en_US): accept only what it kept
    if str(locale).lower() != lang.replace("-", "_").lower():
        raise TranspipeError(f"unknown language '{lang}': unknown region or script", where)
    return locale


def plural_forms(lang: str) -> str:
    """The ``Plural-Forms`` header value for ``lang``."""
    locale = validate_language(lang)
    from babel.messages.plurals import get_plural

    plural = get_plural(locale)
    return f"nplurals={plural.num_plurals}; plural={plural.plural_expr};"


def language_name(lang: str) -> str:
    """The language's name in English, for ``Language-Team``."""
    if lang == PSEUDO:
        return "Pseudo-translation"
    return validate_language(lang).get_display_name("en") or lang
