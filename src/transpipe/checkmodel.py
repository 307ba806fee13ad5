"""What the checks of ``checks`` work on and report: a translation entry and its problems."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from transpipe import fragments as fr
from transpipe.links import rewrite_urls
from transpipe.page import UnitKind


class Severity(Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One finding: where (``path:line``), how bad, which check, what, and the fragment."""

    severity: Severity
    code: str
    message: str
    fragment: str = ""
    path: str = ""
    line: int = 0

    def text(self) -> str:
        """``path:line: error: message: fragment [code]``."""
        fragment = f": {shorten(self.fragment)}" if self.fragment else ""
        where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: " if self.path else ""
        return f"{where}{self.severity.value}: {self.message}{fragment} [{self.code}]"


def shorten(text: str, size: int = 80) -> str:
    """A fragment on one line, at most ``size`` characters."""
    line = text.replace("\n", "\\n").replace("\r", "\\r")
    line = line.replace("\t", " ")
    return line if len(line) <= size else line[: size - 1] + "…"


@dataclass(frozen=True)
class Context:
    """What the checks of one page in one language know."""

    lang: str
    source_language: str = "en"
    fix_url: Callable[[str], str] = str
    source_hosts: frozenset[str] = frozenset()  # hosts the English page links to
    trusted_hosts: tuple[str, ...] = ()  # the site's ``trusted-hosts``


@dataclass(frozen=True)
class Entry:
    """One translation to check: raw texts, the unit's kind, both texts localised."""

    msgid: str
    msgstr: str
    kind: UnitKind = UnitKind.PARAGRAPH
    source: str = ""
    target: str = ""
    bare_source: str = ""  # both without the code spans and math the source has
    bare_target: str = ""

    @property
    def single_line(self) -> bool:
        return self.kind.single_line


def entry(context: Context, msgid: str, msgstr: str, kind: UnitKind) -> Entry:
    """An Entry with both texts passed through the page's link localisation."""
    fix = context.fix_url
    source, target = rewrite_urls(msgid, fix), rewrite_urls(msgstr, fix)
    code, math = fr.code_spans(source), fr.math_spans(source)
    return Entry(
        msgid,
        msgstr,
        kind,
        source,
        target,
        bare(source, code, math),
        bare(target, code, math),
    )


def error(code: str, message: str, fragment: str) -> Problem:
    return Problem(Severity.ERROR, code, message, fragment)


def added(source: Counter[str], target: Counter[str]) -> list[str]:
    return list((target - source).elements())


def bare(text: str, code: Counter[str], math: Counter[str]) -> str:
    """``text`` without the code spans and math the source has (markup there is not markup)."""
    if "`" in text:
        text = fr.without(text, fr.CODE, code)
    if "$" in text:
        text = fr.without(text, fr.MATH, math, fr.tex_key)
    return text
