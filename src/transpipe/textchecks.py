"""Checks of a translation's structure and text: blocks, white space, math, code, emphasis."""

from __future__ import annotations

import re
from collections import Counter

from transpipe import fragments as fr
from transpipe.checkmodel import Context, Entry, Problem, Severity, added, error
from transpipe.page import UnitKind

# ------------------------------------------------------------------- structure

_BLOCK_STARTS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern))
    for name, pattern in (
        ("blockquote", r">"),
        ("heading", r"#{1,6}(?:\s|$)"),
        (
            "rule, setext heading or front-matter fence",
            r"(?:=+|-{2,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})\s*$",
        ),
        ("list item", r"(?:[-*+]|\d{1,9}\.)(?:\s|$)"),  # kramdown: no "1)"
        ("code fence", r"```|~~~"),
        ("attribute list", r"\{:"),
        ("table row", r"\|"),
        ("reference or abbreviation definition", r"\*?\[[^\]\n]+\]:"),
        ("definition", r":[ \t]"),
    )
)


# The characters every one of the patterns above (or an HTML block's "<") starts with.
_MAY_START_BLOCK = re.compile(r"[ \t]*[>#=\-*_+\d`~{|\[:<]")


def block_start(line: str) -> str | None:
    """The kind of block a line would open, or None for a line of text."""
    if not _MAY_START_BLOCK.match(line):
        return None  # (the common case, found at once)
    text = line.lstrip(" \t")
    for name, pattern in _BLOCK_STARTS:
        if pattern.match(text):
            return name
    if text.startswith("<"):
        found = fr.tags(text[: text.find(">") + 1 or None])
        if found and fr.is_block_tag(found[0]):
            return "HTML block"
    return None


def _pipes(bare: str) -> int:
    if "|" not in bare:
        return 0
    return len(re.findall(r"(?<!\\)\|", fr.LIQUID.sub("", bare)))


def new_block(context: Context, e: Entry) -> list[Problem]:
    """New block structure: a heading, list, HTML block, fence, rule... at a line start; a ``|``."""
    if e.single_line:
        return []  # the build joins its lines with spaces
    source_lines = e.source.split("\n")
    known = {block_start(line) for line in e.bare_source.split("\n")}
    problems = []
    blank = any(not line.strip() for line in source_lines)
    lines = e.bare_target.split("\n")
    for number, line in enumerate(lines):
        kind = block_start(line)
        if kind is not None and kind not in known:
            shown = line.strip().replace("\ufffc", "…")
            problems.append(error("new-block", f"new {kind} at a line start", shown))
        elif not line.strip() and not blank and 0 < number < len(lines) - 1:
            problems.append(error("new-block", "blank line: starts a new block", e.msgstr))
            blank = True
    if _pipes(e.bare_target) > _pipes(e.bare_source) and e.kind is not UnitKind.TABLE_CELL:
        problems.append(error("new-block", "'|' makes the paragraph a table row", e.msgstr))
    return problems


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\x85\u2028\u2029]")


def control_character(context: Context, e: Entry) -> list[Problem]:
    """A control character the English lacks: a lone CR ends a line for kramdown (new
    structure inside a one-line entry), the others are invisible in an editor."""
    known = set(_CONTROL.findall(e.msgid))
    found = sorted({c for c in _CONTROL.findall(e.msgstr) if c not in known})
    if not found:
        return []
    shown = ", ".join(f"U+{ord(c):04X}" for c in found)
    return [error("control-character", f"control character not in the English: {shown}", "")]


def whitespace(context: Context, e: Entry) -> list[Problem]:
    """Leading and trailing white space as in the English (msgfmt -c checks newlines)."""
    problems = []
    for name, strip in (("leading", str.lstrip), ("trailing", str.rstrip)):
        source = e.msgid.replace(strip(e.msgid), "", 1) if e.msgid.strip() else e.msgid
        target = e.msgstr.replace(strip(e.msgstr), "", 1) if e.msgstr.strip() else e.msgstr
        if source != target:
            problems.append(
                error("whitespace", f"{name} white space differs from the English", repr(target))
            )
    return problems


# ------------------------------------------------------------------- text


def _same(code: str, what: str, source: Counter[str], target: Counter[str]) -> list[Problem]:
    problems = [
        error(code, f"{what} of the English missing or changed", s) for s in added(target, source)
    ]
    problems += [error(code, f"{what} not in the English", s) for s in added(source, target)]
    return problems


def math(context: Context, e: Entry) -> list[Problem]:
    """``$…$`` and ``$$…$$`` spans the same, byte for byte."""
    return _same("math", "math", fr.math_spans(e.source), fr.math_spans(e.target))


def code_span(context: Context, e: Entry) -> list[Problem]:
    """Inline code spans the same, byte for byte."""
    return _same("code-span", "code span", fr.code_spans(e.source), fr.code_spans(e.target))


_PROTECTED = re.compile(
    r"`+[^`]*`+|\$\$.*?\$\$|\$[^$]*\$|<[^<>]*>|\]\([^)]*\)|\{\{.*?\}\}|\{%.*?%\}|https?://\S+|\\[*_]",
    re.S,
)
_MARKS = {
    "**": re.compile(r"\*\*"),
    "*": re.compile(r"(?<!\*)\*(?!\*)(?!\s)|(?<!\s)(?<!\*)\*(?!\*)"),
    "__": re.compile(r"(?<!\w)__|__(?!\w)"),
    "_": re.compile(r"(?<![\w_])_(?!_)|(?<!_)_(?![\w_])"),
}


def emphasis(context: Context, e: Entry) -> list[Problem]:
    """Emphasis marks (``*``, ``**``, ``_``, ``__``) balanced as in the English."""
    source, target = _PROTECTED.sub(" ", e.source), _PROTECTED.sub(" ", e.target)
    problems = []
    for mark, pattern in _MARKS.items():
        if len(pattern.findall(target)) % 2 and not len(pattern.findall(source)) % 2:
            problems.append(
                Problem(Severity.WARNING, "emphasis", f"unbalanced '{mark}' emphasis", e.msgstr)
            )
    return problems


def mojibake(context: Context, e: Entry) -> list[Problem]:
    """Damaged text (UTF-8 read as Windows-1254, U+FFFD), as ``damage`` finds it."""
    from transpipe.damage import DamageKind, find_damage

    return [
        error("mojibake", f"damaged text ({d.kind.value})", d.snippet)
        for d in find_damage(e.msgstr)
        if d.kind in (DamageKind.MOJIBAKE, DamageKind.REPLACEMENT_CHAR)
    ]
