"""Dates as translators write them in front matter: ``1 Aug 2020``, ``Aug 16 2020``, ``July 2020``.

Every spelling the course site's pages use is read: day-month-year and month-day-year with
English or translators' month names (full or abbreviated, with or without ``.``, ``,``,
``th`` or ``de``), month and year alone (the first of the month), ISO dates with or
without a time, ``2020/08/16``, ``16.08.2020`` and ``2020年8月16日``. Anything else is None:
a date is never guessed (``08/09/2020`` could be either month).
"""

from __future__ import annotations

import re
from datetime import date, datetime, timezone

from transpipe.names import parse_po_date

_MONTH_NAMES = (  # English, and the translators' languages (fr, es, pt, it, de), by prefix
    ("jan", "ene", "gen"),
    ("feb", "fev", "fév"),
    ("mar", "mär"),
    ("apr", "avr", "abr"),
    ("may", "mai", "mag"),
    ("jun", "juin", "giu"),
    ("jul", "juil", "lug"),
    ("aug", "aoû", "aou", "ago"),
    ("sep", "set"),
    ("oct", "out", "ott", "okt"),
    ("nov",),
    ("dec", "déc", "dic", "dez"),
)
_MONTHS = {name: number for number, names in enumerate(_MONTH_NAMES, 1) for name in names}
_FILLER = re.compile(r"(?<=\d)(?:st|nd|rd|th)\b|\b(?:de|of|del)\b|[.,]", re.IGNORECASE)
_WORD = r"([^\W\d_]+)"
_DAY_MONTH_YEAR = re.compile(rf"^(\d{{1,2}})\s*{_WORD}\s+(\d{{4}})$")
_MONTH_DAY_YEAR = re.compile(rf"^{_WORD}\s*(\d{{1,2}})\s+(\d{{4}})$")
_MONTH_YEAR = re.compile(rf"^{_WORD}\s+(\d{{4}})$")
_NUMERIC = re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$|^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_CJK = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?$")


def month_number(name: str) -> int:
    """1-12 for a month name or abbreviation in English or a translator's language; else 0."""
    lower = name.lower()
    return _MONTHS.get(lower[:4], _MONTHS.get(lower[:3], 0))


def parse_date(value: object) -> datetime | None:
    """A front-matter date at midnight UTC (a time and offset kept when given); else None."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
    if isinstance(value, date):
        return _day(value.year, value.month, value.day)
    text = " ".join(str(value).split()).strip("'\"")
    iso = parse_po_date(text)
    if iso is not None:
        return iso
    if found := _CJK.match(text):
        return _day(int(found[1]), int(found[2]), int(found[3] or 1))
    if found := _NUMERIC.match(text):
        if found[1]:
            return _day(int(found[1]), int(found[2]), int(found[3]))
        return _day(int(found[6]), int(found[5]), int(found[4]))
    words = " ".join(_FILLER.sub(" ", text).split())
    if found := _DAY_MONTH_YEAR.match(words):
        return _day(int(found[3]), month_number(found[2]), int(found[1]))
    if found := _MONTH_DAY_YEAR.match(words):
        return _day(int(found[3]), month_number(found[1]), int(found[2]))
    if found := _MONTH_YEAR.match(words):
        return _day(int(found[2]), month_number(found[1]), 1)
    return None


def written_date(value: object) -> str | None:
    """``value`` as a page writes it (spaces tidied) when it is a date this module reads."""
    text = " ".join(str(value).split())
    return text if len(text) < 40 and parse_date(text) is not None else None


def _day(year: int, month: int, day: int) -> datetime | None:
    try:
        return datetime(year, month, day, tzinfo=timezone.utc)
    except ValueError:
        return None
