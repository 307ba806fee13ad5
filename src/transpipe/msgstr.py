"""A hand-made translated unit's text as the msgstr of the English unit it is paired with.

The msgstr loses what the build puts back (comments written inline, the wrapper the English
unit was narrowed out of, indentation), takes the English link URLs when the links are the
same, and is fitted to the English unit (:mod:`placing`). English left untranslated is
recognised (:func:`in_english`).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping

from transpipe import inline, placing
from transpipe.align import canonical_url, normal_text
from transpipe.anchors import BLOCK_MARKERS
from transpipe.links import find_urls
from transpipe.page import Unit


def clean_msgstr(
    translated: str,
    english: Unit,
    english_text: str,
    langs: Collection[str],
    *,
    context: tuple[str, str] = ("", ""),
    references: Mapping[str, str] | None = None,
) -> str:
    """A translated unit's text as the msgstr of an English unit.

    Comments the English unit does not have are removed (anchors written inline), the
    wrapper the English unit was narrowed out of is removed when the translation kept it
    (``**Titre** :`` for ``**Title:**``), links take the English URLs (:func:`same_links`),
    lines lose their indentation (hard breaks stay) and single-line units stay on one line.
    Image markup at its edges is fitted to the English unit's (``context``: the English text
    before and after the unit, :func:`placing.fit_edges`) and reference links to
    ``references`` (definitions only the hand-made page has) are written inline.
    """
    text = _SPACED_COMMENT.sub(lambda m: _drop_comment(m, english.msgid), translated)
    if text != translated:  # narrowed as the page would be without the comments
        lo, hi = inline.narrow(text)
        text = text[slice(*inline.peel_edges(text, lo, hi))]
    text = "\n".join(_tidy(line) for line in text.split("\n") if line.strip()).strip()
    text = unwrap(text, *_wrapper(english_text, english))
    text = placing.fit_edges(text, english.msgid, *context)
    text = placing.resolve_references(text, references or {})
    text = same_links(text, english.msgid, langs)
    if english.single_line:
        text = " ".join(line.strip() for line in text.split("\n"))
    return text


_SPACED_COMMENT = re.compile(r"[ \t]*(<!--.*?-->)[ \t]*", re.S)


def _drop_comment(match: re.Match[str], msgid: str) -> str:
    if match.group(1) in msgid:
        return match.group(0)
    text, start, end = match.string, match.start(), match.end()
    inside_line = text[start - 1 : start].strip() and text[end : end + 1].strip()
    return " " if inside_line and match.group(0) != match.group(1) else ""


def _tidy(line: str) -> str:
    """A msgstr line without indentation; trailing blanks only as a hard line break."""
    return line.strip() + ("  " if line.endswith("  ") else "")


_LINK_WRAPPED = re.compile(r"\[(.+)\][ \t]*\([^()\s]*\)", re.S)


def _wrapper(text: str, unit: Unit) -> tuple[str, str]:
    """The markup around a unit on its lines (``**`` and ``**``, ``[`` and ``](url)``)."""
    line_start = text.rfind("\n", 0, unit.start) + 1
    line_end = text.find("\n", unit.end)
    before = text[line_start : unit.start]
    marker = BLOCK_MARKERS.match(before)
    before = before[marker.end() if marker else 0 :]
    after = text[unit.end : len(text) if line_end < 0 else line_end].rstrip()
    after = after[: inline.strip_trailing_ial(after)]
    if inline.has_prose(before) or inline.has_prose(after):
        return "", ""
    return before, after


def unwrap(msgstr: str, before: str, after: str) -> str:
    """``msgstr`` without the wrapper ``before``…``after`` when it starts with it.

    The build puts the wrapper back around the msgstr: ``**Titre** :`` becomes
    ``Titre :``, built as ``**Titre :**``; a link kept whole (``[Titre] (url)``) its text.
    """
    if not before or not msgstr.startswith(before):
        return msgstr
    if before == "[" and after.startswith("]"):
        link = _LINK_WRAPPED.fullmatch(msgstr)
        return link.group(1) if link else msgstr
    cut = msgstr.rfind(after, len(before)) if after else -1
    if cut < 0:
        return msgstr
    return (msgstr[len(before) : cut] + msgstr[cut + len(after) :]).strip()


def same_links(msgstr: str, msgid: str, langs: Collection[str]) -> str:
    """``msgstr`` with each link URL replaced by the msgid's when both have the same links.

    Links are the same when, in order, they point at the same place once localisation
    (``{{site.baseurl}}/pt/…``, ``zh/…``, ``en/…``, the site's absolute URL) is set aside.
    """
    ours, theirs = find_urls(msgstr), find_urls(msgid)
    if not ours or len(ours) != len(theirs):
        return msgstr
    urls = [msgid[a:b] for a, b in theirs]
    mine = [msgstr[a:b] for a, b in ours]
    canon = [canonical_url(u, langs) for u in urls]
    if canon != [canonical_url(u, langs) for u in mine]:
        return msgstr
    out, pos = [], 0
    for (start, end), url in zip(ours, urls, strict=True):
        out += [msgstr[pos:start], url]
        pos = end
    out.append(msgstr[pos:])
    return "".join(out)


ENGLISH_WORDS = 3  # a translated unit equal to an English unit of at least this many words
_WORD = re.compile(r"[A-Za-z]{2,}")


def in_english(msgstr: str, msgid: str) -> bool:
    """Whether ``msgstr`` is the English ``msgid`` (of at least three English words) left
    untranslated: the same text, whatever its link URLs and white space."""
    if len(_WORD.findall(inline.MARKUP.sub(" ", msgid))) < ENGLISH_WORDS:
        return False
    return _without_urls(msgstr) == _without_urls(msgid)


def _without_urls(text: str) -> str:
    for start, end in reversed(find_urls(text)):
        text = text[:start] + text[end:]
    return normal_text(text)
