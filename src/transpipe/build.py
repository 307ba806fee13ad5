"""Translated page = English page with translated text spliced into its units' spans."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from transpipe.dates import written_date
from transpipe.front import yaml_scalar
from transpipe.links import rewrite_urls
from transpipe.page import Page, Unit, UnitKind

CREDIT_KEYS = ("lang", "translation-date", "translator", "translation-outdated")
_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")


@dataclass(frozen=True)
class Credits:
    """Front-matter credits of a translated page."""

    translators: tuple[str, ...] = ()
    date: str | None = None  # as the site writes it: "24 Feb 2020"
    outdated: bool = False


def render_page(
    page: Page,
    translations: Mapping[str, str],
    fix_url: Callable[[str], str],
    lang: str,
    credits: Credits | None,
) -> str:
    """The page in ``lang``: units replaced by their translations (or kept), links localised.

    ``credits`` is None when nothing is translated: then only ``lang`` is added.
    """
    text = page.text
    out: list[str] = []
    pos = 0
    links = iter(page.links)
    link = next(links, None)
    for unit in page.units:
        while link is not None and link[0] < unit.start:
            if link[0] >= pos:
                out += [text[pos : link[0]], fix_url(text[link[0] : link[1]])]
                pos = link[1]
            link = next(links, None)
        out.append(text[pos : unit.start])
        out.append(_replacement(text, unit, translations.get(unit.msgid), fix_url))
        pos = unit.end
        while link is not None and link[0] < pos:
            link = next(links, None)
    while link is not None:
        out += [text[pos : link[0]], fix_url(text[link[0] : link[1]])]
        pos = link[1]
        link = next(links, None)
    out.append(text[pos:])
    result = "".join(out)
    if page.front.present:
        result = _with_credits(result, lang, credits)
    return result


def _replacement(text: str, unit: Unit, msgstr: str | None, fix_url: Callable[[str], str]) -> str:
    if unit.kind is UnitKind.FRONT_MATTER:
        if not msgstr or msgstr == unit.msgid:
            return text[unit.start : unit.end]
        return yaml_scalar(" ".join(msgstr.split("\n")))
    translated = bool(msgstr) and msgstr != unit.msgid
    value = msgstr if msgstr else unit.msgid
    if translated:
        value = _escape(text, unit, value)
    lines = value.split("\n")
    if unit.single_line:
        body = " ".join(line.strip() for line in lines) if len(lines) > 1 else value
    else:
        body = _join(text, unit, lines)
    return rewrite_urls(body, fix_url)


def _join(text: str, unit: Unit, lines: Sequence[str]) -> str:
    """Lines joined with the unit's own line breaks and indentation (the last one repeated)."""
    if len(lines) == 1:
        return lines[0]  # (most units: nothing to join)
    gaps = [text[a[1] : b[0]] for a, b in itertools.pairwise(unit.segments)]
    if not gaps:
        line_start = text.rfind("\n", 0, unit.start) + 1
        indent = re.sub(r"[^\s>]", " ", text[line_start : unit.start])
        gaps = ["\n" + indent]
    out = [lines[0]]
    for i, line in enumerate(lines[1:]):
        out += [gaps[min(i, len(gaps) - 1)], line]
    return "".join(out)


def _escape(text: str, unit: Unit, value: str) -> str:
    if unit.kind.is_attribute:
        quote = text[unit.start - 1] if unit.start else '"'
        return value.replace(quote, "&quot;" if quote == '"' else "&#39;")
    if unit.kind is UnitKind.TABLE_CELL:
        return _UNESCAPED_PIPE.sub(r"\\|", value)
    return value


_KEY = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:")
# A date written as the page wrote it: words, digits and date punctuation, nothing YAML reads
# as syntax (a translator's header may hold anything).
_PLAIN_DATE = re.compile(r"\w[\w .,/-]*")
_MARKUP = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|<[^<>]*>?|&#?\w+;?", re.S)
_NOT_TEXT = re.compile(r"[<>{}%\[\]`*|\\$\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _plain_date(text: str | None) -> str | None:
    """A credits date fit for the front matter, as written; None when it is not a date."""
    shown = written_date(text) if text else None
    if shown is None or not _PLAIN_DATE.fullmatch(shown):
        return None
    return shown


def plain_text(name: str) -> str:
    """A credited name as plain text: no markup, Liquid, entities or control characters."""
    return " ".join(_NOT_TEXT.sub(" ", _MARKUP.sub(" ", name)).split()).strip(" ,;:")


def _with_credits(result: str, lang: str, credits: Credits | None) -> str:
    """Front matter with ``lang`` and credit keys set (replacing any, appended at the end)."""
    head, sep, body = result.partition("\n---")
    lines = head.split("\n")
    kept: list[str] = []
    skipping = False
    for line in lines:
        key = _KEY.match(line)
        if key:
            skipping = key.group(1) in CREDIT_KEYS
        elif line and not line[0].isspace():
            skipping = False
        if not skipping:
            kept.append(line)
    additions = [f"lang: {lang}"]
    if credits is not None:
        date = _plain_date(credits.date)
        if date:
            additions.append(f"translation-date: {date}")
        names = [name for name in map(plain_text, credits.translators) if name]
        if names:
            additions.append(f"translator: {yaml_scalar(', '.join(names))}")
        if credits.outdated:
            additions.append("translation-outdated: true")
    eol = "\r" if kept and kept[-1].endswith("\r") else ""
    return "\n".join([*kept, *(a + eol for a in additions)]) + sep + body
