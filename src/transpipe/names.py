"""Names and dates as the site writes credits: ``Jane Doe, Li Wei``, ``05 Aug 2020``."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime, timedelta, timezone

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def merge_names(*groups: Iterable[str]) -> list[str]:
    """Names of all groups in order, each once (case and spacing ignored), spaces tidied."""
    seen: set[str] = set()
    result: list[str] = []
    for group in groups:
        for name in group:
            tidy = " ".join(name.split())
            key = tidy.casefold()
            if tidy and key not in seen:
                seen.add(key)
                result.append(tidy)
    return result


_SEPARATORS = re.compile(r"\s*(?:[,;&，、；]|\band\b)\s*", re.IGNORECASE)


def parse_names(value: str) -> list[str]:
    """Names in a ``translator:`` field: ``Jane Doe, Li Wei``; also ``and``, ``&`` and ``;``."""
    return [name for part in _SEPARATORS.split(value) if (name := strip_email(part))]


_ADDRESS = re.compile(r"<[^<>]*>|\S+@\S+")


def strip_email(value: str) -> str:
    """``Jane <j@x.org>`` → ``Jane``: a name without its e-mail address (a bare one → "")."""
    return " ".join(_ADDRESS.sub(" ", value).split()).strip(" ,;")


def credit_name(name: str) -> str:
    """The name to credit for a git author name: a name, never an e-mail address."""
    name = name.strip()
    if "@" in name and not strip_email(name):
        return name.partition("@")[0].strip()  # someone set user.name to an address
    return strip_email(name)


_TRANSLATORS = re.compile(r"^\s*translators?\s*:\s*(.*)$", re.IGNORECASE)
_GETTEXT_CREDIT = re.compile(r"^\s*(.+?)\s*<[^<>]*>\s*,\s*(?:YEAR|\d{4})\b[\d\s,-]*\.?\s*$")
_PLACEHOLDERS = {"first author", "full name"}


def translator_comment_names(header_comment: str) -> list[str]:
    """Names in a catalog's header comment.

    Reads ``Translators: A, B`` lines and gettext's ``Jane Doe <jane@x.org>, 2020.`` lines,
    skipping the template's ``FIRST AUTHOR <EMAIL@ADDRESS>, YEAR.``.
    """
    names: list[str] = []
    for line in header_comment.splitlines():
        listed = _TRANSLATORS.match(line)
        credit = _GETTEXT_CREDIT.match(line)
        found = parse_names(listed[1]) if listed else [strip_email(credit[1])] if credit else []
        names = merge_names(names, (n for n in found if n.casefold() not in _PLACEHOLDERS))
    return names


def format_date(d: date | datetime) -> str:
    """``05 Aug 2020``, as the site writes ``translation-date`` (day zero-padded, English).

    A datetime gives its own calendar day: for a git date, the author's local day.
    """
    return f"{d.day:02d} {_MONTHS[d.month - 1]} {d.year}"


_PO_DATE = re.compile(
    r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?"
    r"\s*(?:([+-])(\d{2}):?(\d{2})|Z|UTC)?$"
)


def parse_po_date(value: str) -> datetime | None:
    """A PO header date (``2020-02-24 10:30+0100``); None for the template's placeholder."""
    found = _PO_DATE.match(value.strip())
    if not found:
        return None
    year, month, day, hour, minute, second, sign, zh, zm = found.groups()
    offset = timedelta(hours=int(zh or 0), minutes=int(zm or 0)) * (-1 if sign == "-" else 1)
    try:
        return datetime(
            int(year),
            int(month),
            int(day),
            int(hour or 0),
            int(minute or 0),
            int(second or 0),
            tzinfo=timezone(offset),
        )
    except ValueError:
        return None
