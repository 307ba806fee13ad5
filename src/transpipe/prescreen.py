"""A quick, conservative screen before the safety checks: most translations cannot fail one.

A translation cannot fail a safety check when, outside the English's own code spans and math
(which the checks remove from both texts), it is made of the English's markup tokens,
verbatim and no more often, and of plain prose around them. Tokens are whatever a check could
react to, cut as the checks' own patterns would see them in the translation itself: tags
(closed or not), comments, Liquid, attribute lists, link destinations and references,
entities, escapes, URL-like words (maximal, with the characters a bare URL may hold), and
every other ASCII sign one by one. Prose is letters, digits, spaces, ``.,;?'"()-_`` and
non-ASCII text. Where a check's pattern may reach across tokens (Liquid, attribute lists,
link targets) its findings are compared directly; a new block at a line start, a blank line,
a control character, an unclosed tag, code or math of the translation's own, or an image's
alt text (where brackets are counted) always go to the checks.

``tests/test_prescreen.py`` checks on generated texts and edits that whatever passes this
screen gets no problem from the safety checks, and that no attack of ``test_checks`` passes.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

from transpipe import fragments as fr
from transpipe.checkmodel import bare
from transpipe.links import rewrite_urls
from transpipe.page import UnitKind
from transpipe.textchecks import block_start

_NOT_IN_URLS = r"\s<>()\[\]\"'`"  # what ``fragments._BARE_URL`` does not let a URL hold
_URL_CHARS = f"[^{_NOT_IN_URLS}]"
_NO_START = r"[^<>()\[\]{}\s`$]"  # inside a token: nothing another pattern starts with
_LIQUID_INNER = r"[^<>()\[\]{}:/\n`$%]"
_MARKUP_TOKENS = (
    r"<!--.*?(?:-->|$)"  # a comment, closed or not
    r"|<(?=[A-Za-z/!?])[^<>\n]*>?"  # a tag or autolink, closed or not
    rf"|\{{\{{{_LIQUID_INNER}*(?:\}}\}}|$)|\{{%{_LIQUID_INNER}*(?:%\}}|$)"  # Liquid
    r"|\{[:#][^<>()\[\]{}\n`$]*\}?"  # a kramdown attribute list
    rf"|\]\((?:{_NO_START}|\{{\{{{_LIQUID_INNER}*\}}\}})*\)"  # a link destination
    rf"|\]\[{_NO_START}*\]"  # a reference
    r"|\][ \t]*[(\[]"  # any other: an opener, which the checks must see
    r"|&#?\w*;?"  # an entity
    r"|\\[^\s<>()\[\]{}&:/]"  # an escape (not of what starts a tag, link or Liquid)
)
# URL-like, from the start of a word only (linear): a scheme, a host
_URL_WORD = rf"(?<!{_URL_CHARS})(?:{_URL_CHARS}*(?::(?=\S)|//){_URL_CHARS}*|www\.{_URL_CHARS}*)"
_SIGN = r"[!#-&*+/:<=>@\[-^`{-~]"  # any other ASCII sign: alone
_TOKEN = re.compile(f"{_MARKUP_TOKENS}|{_URL_WORD}|{_SIGN}", re.S)
# The same without URL-like words: every branch starts with a literal character, which the
# engine skips to in C (a URL-like word may start with any character: see ``find_tokens``).
_TOKEN_NO_URL = re.compile(f"{_MARKUP_TOKENS}|{_SIGN}", re.S)
_URL_SIGN = re.compile(rf":(?=\S)|//|w(?<!{_URL_CHARS}w)ww\.")  # in a word, makes it URL-like
_LAST_GAP = re.compile(f".*[{_NOT_IN_URLS}]", re.S)  # up to the last character no URL holds
_OPENER = re.compile(r"\][ \t]*[(\[]")
_NEVER = re.compile(r"[\r\x00-\x08\x0b-\x1f\x7f\x85\u2028\u2029]")


def tokens(text: str) -> Counter[str]:
    """The markup tokens of ``text``, with their counts."""
    return Counter(find_tokens(text))


def find_tokens(text: str) -> list[str]:
    """``_TOKEN.findall(text)``, about twice as fast: the whole pattern is tried only from
    where a URL-like word may begin, and ``_TOKEN_NO_URL`` finds the tokens before it (where
    the URL branch cannot match, both patterns find the same). Linear, like ``findall``."""
    words = _url_words(text)
    url = next(words, len(text))  # the first such word at or after ``position``
    if url == len(text):
        return _TOKEN_NO_URL.findall(text)
    found: list[str] = []
    position, ahead = 0, _TOKEN_NO_URL.search(text)  # ahead: its first token from position
    while True:
        if ahead is not None and ahead.start() < url:
            match: re.Match[str] | None = ahead
        elif url < len(text):  # (nothing before ``url``: the other pattern found none)
            match = _TOKEN.search(text, url)
        else:
            match = None
        if match is None:
            return found
        found.append(match.group())
        position = match.end()
        if ahead is not None and ahead.start() < position:
            ahead = _TOKEN_NO_URL.search(text, position)
        if url < position:
            url = next((word for word in words if word >= position), len(text))


def _url_words(text: str) -> Iterator[int]:
    """Where each word the URL branch may take begins, in order: a word (a run of
    ``_URL_CHARS``) with a sign of ``_URL_SIGN`` in it. Each character is looked at once."""
    word, seen, last = 0, 0, -1  # the word of the last sign, where that sign was, what came
    for sign in _URL_SIGN.finditer(text):
        gap = _LAST_GAP.match(text, seen, sign.start())
        if gap is not None:  # not the word of the sign before
            word = gap.end()
        seen = sign.start()
        if word > last:
            yield word
            last = word


def _risky(token: str) -> bool:
    """A token the patterns here do not take whole: the checks must see what is around it."""
    if token[0] == "<" and not token.startswith("<!--") and token[-1] != ">":
        return True  # an unclosed tag: what follows it could reach into a link
    return bool(_OPENER.fullmatch(token)) or "\n" in token  # a link or reference opener


@dataclass(frozen=True)
class _English:
    """What the screen compares a translation with, found once per English text."""

    code: Counter[str]
    math: Counter[str]
    plain: str  # without its code spans and math
    tokens: Counter[str]
    in_order: list[str]  # the tokens sorted (most translations have exactly these)
    risky: bool  # whether any of its tokens is risky
    targets: tuple[str, ...]
    target_counts: Counter[str]


@lru_cache(maxsize=4096)
def _english(msgid: str) -> _English:
    code, math = fr.code_spans(msgid), fr.math_spans(msgid)
    plain = bare(msgid, code, math)
    found = find_tokens(plain)
    targets = fr.link_targets(msgid)
    return _English(
        code,
        math,
        plain,
        Counter(found),
        sorted(found),
        any(map(_risky, found)),
        targets,
        Counter(targets),
    )


def cannot_fail(
    msgid: str, msgstr: str, kinds: Sequence[UnitKind], fix: Callable[[str], str]
) -> bool:
    """Whether ``msgstr`` surely passes every safety check for ``msgid`` (False: run them)."""
    if _NEVER.search(msgstr) or UnitKind.ALT in kinds:
        return False
    english = _english(msgid)
    plain = msgstr
    if "`" in msgstr or "$" in msgstr:  # the English's code and math are no markup: out
        stripped = _without_code(msgstr, english)
        if stripped is None or "`" in stripped or "$" in stripped:
            return False
        plain = stripped
    found = find_tokens(plain)
    if sorted(found) != english.in_order and Counter(found) - english.tokens:
        return False  # a token the English lacks, or more often
    if english.risky and any(map(_risky, found)):  # (found's tokens are all the English's)
        return False
    if "{" in plain and not _same_braces(english.plain, plain):
        return False
    if _linkish(msgstr) and not _same_targets(english, msgstr, plain):
        return False
    lines = (rewrite_urls(plain, fix) if found else plain).split("\n")
    if len(lines) > 1 and any(not line.strip() for line in lines):
        return False  # a blank line starts a new block
    return all(block_start(line) is None for line in lines)


def _without_code(msgstr: str, english: _English) -> str | None:
    """``bare(msgstr, english.code, english.math)`` if each code span and math of the
    translation is the English's, else None. Each is found once for both: when all are the
    English's, ``bare`` takes out every one (math is looked for again only after code)."""
    text = msgstr
    if "`" in msgstr:
        spans = list(fr.CODE.finditer(msgstr))
        if Counter(span.group() for span in spans) - english.code:
            return None
        text = fr.cut(msgstr, [span.span() for span in spans])
    if "$" in msgstr:
        maths = list(fr.MATH.finditer(msgstr))
        if Counter(fr.tex_key(math.group()) for math in maths) - english.math:
            return None
        if text == msgstr:  # (no code span: the same math)
            return fr.cut(msgstr, [math.span() for math in maths])
    return fr.without(text, fr.MATH, english.math, fr.tex_key) if "$" in text else text


def _linkish(text: str) -> bool:
    """Whether ``text`` may hold a link target (five scans: faster than one search)."""
    return ":" in text or "/" in text or "<" in text or "](" in text or "www." in text


def _same_braces(english: str, plain: str) -> bool:
    """Liquid and attribute lists as the checks find them (they may cross tokens): no new."""
    tags, stray = fr.liquid_tags(plain)
    english_tags, english_stray = fr.liquid_tags(english)
    if stray > english_stray or tags - english_tags:
        return False
    return not fr.attribute_lists(plain) - fr.attribute_lists(english)


def _same_targets(english: _English, msgstr: str, plain: str) -> bool:
    """No link target the English lacks (a target may depend on what is around it), and
    none with a dangerous scheme."""
    targets = fr.link_targets(msgstr)
    if targets != english.targets and Counter(targets) - english.target_counts:
        return False
    in_plain = targets if plain == msgstr else fr.link_targets(plain)
    urls = [*in_plain, *(v for t in fr.tags(plain) for _, v in t.attributes)]
    return not any(map(_dangerous, urls))


@lru_cache(maxsize=4096)  # the same URLs in every language
def _dangerous(url: str) -> bool:
    return fr.scheme(url) in fr.DANGEROUS_SCHEMES
