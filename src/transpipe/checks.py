"""Checks of one translation against its source (after babel.messages.checkers).

A translation may change the words of a page and nothing else. Each check is a small
function ``(context, entry) -> list[Problem]`` in the one table ``CHECKS``; ``check`` runs
them all, ``build`` runs those marked ``safety`` and keeps the English of an entry that
fails one. Both texts are compared after transpipe's own link localisation, so a link a
translator already localised (``{{site.baseurl}}/fr/...``) equals the English one.

The checks live in ``markupchecks`` (HTML, links, Liquid, attribute lists) and
``textchecks`` (structure, white space, math, code, emphasis, mojibake).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from transpipe import fragments as fr
from transpipe.checkmodel import Context, Entry, Problem, Severity, entry, shorten
from transpipe.markupchecks import (
    added_formatting,
    attribute_list,
    changed_link,
    dangerous_url,
    foreign_link,
    image_alt,
    liquid,
    lost_html,
    lost_liquid,
    new_html,
    spaced_link,
)
from transpipe.textchecks import (
    code_span,
    control_character,
    emphasis,
    math,
    mojibake,
    new_block,
    whitespace,
)

__all__ = [
    "CHECKS",
    "SAFETY",
    "Check",
    "Context",
    "Entry",
    "Problem",
    "Severity",
    "entry",
    "run",
    "shorten",
]


# ------------------------------------------------------------------- the table


@dataclass(frozen=True)
class Check:
    """A named check; ``safety`` checks also guard the build."""

    code: str
    function: Callable[[Context, Entry], list[Problem]]
    safety: bool
    doc: str = field(default="")


def _table(*rows: tuple[str, Callable[[Context, Entry], list[Problem]], bool]) -> tuple[Check, ...]:
    return tuple(Check(code, f, safety, (f.__doc__ or "").strip()) for code, f, safety in rows)


CHECKS: tuple[Check, ...] = _table(
    ("new-html", new_html, True),
    ("dangerous-url", dangerous_url, True),
    ("foreign-link", foreign_link, True),
    ("image-alt", image_alt, True),
    ("liquid", liquid, True),
    ("attribute-list", attribute_list, True),
    ("new-block", new_block, True),
    ("control-character", control_character, True),
    ("added-formatting", added_formatting, False),
    ("lost-html", lost_html, False),
    ("changed-link", changed_link, False),
    ("spaced-link", spaced_link, False),
    ("lost-liquid", lost_liquid, False),
    ("whitespace", whitespace, False),
    ("math", math, False),
    ("code-span", code_span, False),
    ("emphasis", emphasis, False),
    ("mojibake", mojibake, False),
)
SAFETY: tuple[Check, ...] = tuple(c for c in CHECKS if c.safety)


# Without one of these characters no safety check can fail: no tag, URL, Liquid, attribute
# list, bracket, pipe or line break; a block can then only start at the text's first character.
# (two patterns: a character class alone is searched in C, an alternation with it is not)
_RISKY = re.compile(r"[<>{}\[\]|&:/\\\n\x00-\x08\x0b-\x1f\x7f\x85\u2028\u2029]")
_RISKY_START = re.compile(r"\s*[-*+#=_~`0-9]")


def harmless(msgstr: str) -> bool:
    """Whether ``msgstr`` is plain prose that no safety check can object to."""
    return not (_RISKY.search(msgstr) or _RISKY_START.match(msgstr))


def run(context: Context, e: Entry, checks: Iterable[Check] = CHECKS) -> list[Problem]:
    """The problems of one entry under ``checks`` (default: all)."""
    return [problem for check in checks for problem in check.function(context, e)]


def hosts(texts: Sequence[str]) -> frozenset[str]:
    """Hosts the links of ``texts`` point at."""
    return frozenset(h for text in texts for url in fr.link_targets(text) if (h := fr.host(url)))
