"""Credits a hand-made page writes in its front matter: translator names and a date.

Contributors spelled the keys in many ways (``Translator``, ``translators``,
``tranlation-date``, ``translate-date``…): they are matched loosely.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from rapidfuzz.distance import Indel

from transpipe import credits as credit_lib
from transpipe.dates import parse_date, written_date


def page_credits(front: Mapping[str, Any]) -> tuple[list[str], datetime | None]:
    """Translator names and translation date from a page's front matter.

    Keys are matched loosely (``Translator``, ``translators``, ``tranlation-date``,
    ``translate-date``…); names are comma-separated; a date that cannot be read is None.
    """
    names: list[str] = []
    when: datetime | None = None
    for key, value in front.items():
        kind = _credit_key(str(key))
        if kind == "names" and value:
            text = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
            names = credit_lib.merge_names(names, credit_lib.parse_names(text))
        elif kind == "date" and when is None:
            when = parse_date(value)
    return names, when


def page_date_text(front: Mapping[str, Any]) -> str | None:
    """The page's translation date as it wrote it, when it is a date transpipe can read."""
    for key, value in front.items():
        if _credit_key(str(key)) == "date":
            return written_date(value)
    return None


def _credit_key(key: str) -> str | None:
    letters = re.sub(r"[^a-z]", "", key.lower())
    if not letters.startswith("tra"):
        return None
    if letters.endswith("date") and Indel.normalized_similarity(letters, "translationdate") >= 0.8:
        return "date"
    if letters in ("translatedby",) or Indel.normalized_similarity(letters, "translator") >= 0.85:
        return "names"
    return None
