"""The hot regular expressions, rewritten so that each branch starts with a literal character
(the engine then skips in C to where a match may start), match exactly as they were written
before: same spans, same groups, on generated texts, on markup-dense fragments and on the
course site. The reference patterns below are the specification."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transpipe import align, checks, extract, fragments, inline, links, pofile, prescreen
from transpipe.inline import DESTINATION, IMAGE_ALT, LIQUID
from transpipe.prescreen import _LIQUID_INNER, _NO_START, _URL_CHARS

_OLD_TOKEN = (
    r"<!--.*?(?:-->|$)"
    r"|<(?=[A-Za-z/!?])[^<>\n]*>?"
    rf"|\{{\{{{_LIQUID_INNER}*(?:\}}\}}|$)|\{{%{_LIQUID_INNER}*(?:%\}}|$)"
    r"|\{[:#][^<>()\[\]{}\n`$]*\}?"
    rf"|\]\((?:{_NO_START}|\{{\{{{_LIQUID_INNER}*\}}\}})*\)"
    rf"|\]\[{_NO_START}*\]"
    r"|\][ \t]*[(\[]"
    r"|&#?\w*;?"
    r"|\\[^\s<>()\[\]{}&:/]"
    rf"|(?<!{_URL_CHARS}){_URL_CHARS}*(?::(?=\S)|//){_URL_CHARS}*"
    rf"|(?<!{_URL_CHARS})www\.{_URL_CHARS}*"
    r"|[!#-&*+/:<=>@\[-^`{-~]"
)

REFERENCE = {
    "inline.MARKUP": (
        re.compile(
            r"`+[^`]*?`+"
            r"|\$\$.*?\$\$|(?<![\\A-Za-z0-9])\$[^$\n]+?\$(?![A-Za-z0-9])"
            rf"|{LIQUID}"
            r"|<!--(?:(?!<!--).)*?-->|</?[A-Za-z][^<>]*>"
            rf"|{IMAGE_ALT}\({DESTINATION}(?:\s+\"[^\"]*\")?\)"
            rf"|\]\({DESTINATION}(?:\s+\"[^\"]*\")?\)"
            r"|&#?\w+;"
            r"|\b(?:https?|ftp|mailto):[^\s<>)\]]+"
            r"|\{:[^{}]*\}|\{#[^{}]*\}",
            re.S,
        ),
        inline.MARKUP,
    ),
    "extract._EMPHASIS": (
        re.compile(
            r"\*{1,2}(?=\S)[^*\n]+?(?<=\S)\*{1,2}|(?<!\w)_{1,2}(?=\S)[^_\n]+?(?<=\S)_{1,2}(?!\w)"
        ),
        extract._EMPHASIS,
    ),
    "fragments._BARE_URL": (
        re.compile(r"\b(?:https?|ftp)://[^\s<>()\[\]\"'`]+"),
        fragments._BARE_URL,
    ),
    "fragments.MATH": (
        re.compile(r"\$\$.+?\$\$|(?<![\\A-Za-z0-9$])\$[^$\n]+?\$(?![A-Za-z0-9$])", re.S),
        fragments.MATH,
    ),
    "fragments._BACKTICKS": (re.compile(r"`+"), fragments._BACKTICKS),
    "align._CODE": (re.compile(r"`+([^`]+?)`+"), align._CODE),
    "align._MATH": (
        re.compile(r"\$\$(.+?)\$\$|(?<![\\A-Za-z0-9])\$([^$\n]+?)\$(?![A-Za-z0-9])", re.S),
        align._MATH,
    ),
    "prescreen._TOKEN": (re.compile(_OLD_TOKEN, re.S), prescreen._TOKEN),
}
PIECES = [
    *"ab hfm tp:s/ $\\`<>!-[](){}#:&;\"'_*\n\té漢9",
    *["https:", "http://", "ftp:", "ftp://", "mailto:", "xhttps:", "é_https:", "$$", "<!--"],
    *["-->", "{{", "}}", "{%", "%}", "![", "](", "&amp;", "&#39;", "{:", "{#", "**", "__"],
    *["<a href=", "</b>", "`code`", "$x$", "a$b$", "\\$", "www.", "//", "]("],
]
TEXTS = st.lists(st.sampled_from(PIECES) | st.text(max_size=3), max_size=40).map("".join)
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "dlsp20"


def course_pages() -> list[tuple[Path, str]]:
    """Every page of the course site, with its text."""
    return [
        (path, path.read_text(encoding="utf-8", errors="replace"))
        for path in sorted(CORPUS.rglob("*.md"))
    ]


def matches(
    pattern: re.Pattern[str], text: str
) -> list[tuple[tuple[int, int], tuple[str | None, ...]]]:
    return [(m.span(), m.groups()) for m in pattern.finditer(text)]


@pytest.mark.parametrize("name", REFERENCE)
@settings(max_examples=3000, deadline=None)
@given(text=TEXTS)
def test_rewritten_patterns_match_as_written_before(name: str, text: str) -> None:
    reference, rewritten = REFERENCE[name]
    assert matches(rewritten, text) == matches(reference, text)


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the course site is not in ../shared/corpus")
@pytest.mark.parametrize("name", REFERENCE)
def test_rewritten_patterns_on_the_course_site(name: str) -> None:
    reference, rewritten = REFERENCE[name]
    for path, text in course_pages():
        assert matches(rewritten, text) == matches(reference, text), path


_OLD_RISKY = re.compile(
    r"[<>{}\[\]|&:/\\\n\x00-\x08\x0b-\x1f\x7f\x85\u2028\u2029]|^\s*[-*+#=_~`0-9]"
)


@settings(max_examples=3000, deadline=None)
@given(text=TEXTS | st.text(max_size=8))
def test_harmless_answers_as_its_single_pattern_did(text: str) -> None:
    assert checks.harmless(text) == (not _OLD_RISKY.search(text))


_OLD_TOKEN_RE = re.compile(_OLD_TOKEN, re.S)


@settings(max_examples=5000, deadline=None)
@given(text=TEXTS | st.text(max_size=8))
def test_the_token_scanner_finds_what_the_whole_pattern_finds(text: str) -> None:
    assert prescreen.find_tokens(text) == _OLD_TOKEN_RE.findall(text)


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the course site is not in ../shared/corpus")
def test_the_token_scanner_on_the_course_site() -> None:
    for path, text in course_pages():
        for paragraph in [text, *text.split("\n\n")]:
            assert prescreen.find_tokens(paragraph) == _OLD_TOKEN_RE.findall(paragraph), path


def _all_link_targets(text: str, spaced: bool) -> tuple[str, ...]:
    """``fragments.link_targets`` as written before: every pattern run on every text."""
    found = [m.group(1) or m.group(2) for m in fragments._MD_TARGET.finditer(text)]
    if spaced:
        found += [m.group(1) for m in fragments._SPACED_TARGET.finditer(text)]
    for tag in fragments.tags(text):
        found += [v for name, v in tag.attributes if name in fragments.URL_ATTRIBUTES]
    found += [m.group(1) for m in fragments._AUTOLINK.finditer(text)]
    covered = "".join(found)
    return (
        *found,
        *(m.group() for m in fragments._BARE_URL.finditer(text) if m.group() not in covered),
    )


LINK_PIECES = [*PIECES, "[a]: ", "\n[x]:", "] (", "<img src=", "<http://a>", '"', "=", " "]


@settings(max_examples=3000, deadline=None)
@given(
    text=st.lists(st.sampled_from(LINK_PIECES) | st.text(max_size=3), max_size=40).map("".join),
    spaced=st.booleans(),
)
def test_link_targets_skip_only_kinds_the_text_cannot_hold(text: str, spaced: bool) -> None:
    assert fragments.link_targets.__wrapped__(text, spaced) == _all_link_targets(text, spaced)


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the course site is not in ../shared/corpus")
def test_link_targets_on_the_course_site() -> None:
    for path, text in course_pages():
        for paragraph in [text, *text.split("\n\n")]:
            for spaced in (False, True):
                found = fragments.link_targets.__wrapped__(paragraph, spaced)
                assert found == _all_link_targets(paragraph, spaced), path


_OLD_URL = re.compile(
    r"\]\(\s*<?([^)\s>]+)"
    r"|^[ \t]{0,3}\[[^\]\n]+\]:[ \t]*<?([^\s<>]+)"
    r"""|\b(?:href|src)\s*=\s*["']([^"'\n]*)["']""",
    re.M | re.I,
)


def _old_find_urls(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``links.find_urls`` as written before: one pattern, its branches tried everywhere."""
    spans = []
    for match in _OLD_URL.finditer(text, start, end):
        group = next(g for g in (1, 2, 3) if match.group(g) is not None)
        if match.start(group) < match.end(group):
            spans.append(match.span(group))
    return spans


URL_PIECES = [*PIECES, "[a]: x", "[a]:<y>", "\n  [b]: ", "href", "HrEf", "src", "SRC", "\u017frc"]
URL_PIECES += ["=", "= '", '"', "x", "_", "](", "](<", " ", "\n", "<img src='a.png'>", 'href="']
URL_PIECES += ["HrEf='a'", 'SrC ="b"', "\u017frc='c'", "xsrc='d'", "é\u017fRC='e'", "_href='f'"]


@settings(max_examples=3000, deadline=None)
@given(
    text=st.lists(st.sampled_from(URL_PIECES) | st.text(max_size=3), max_size=40).map("".join),
    bounds=st.tuples(st.integers(0, 200), st.integers(0, 200)),
)
def test_url_finder_finds_what_its_single_pattern_found(text: str, bounds: tuple[int, int]) -> None:
    start, end = sorted(min(b, len(text)) for b in bounds)
    assert links.find_urls(text, start, end) == _old_find_urls(text, start, end)
    assert links.find_urls(text) == _old_find_urls(text, 0, len(text))


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the course site is not in ../shared/corpus")
def test_url_finder_on_the_course_site() -> None:
    for path, text in course_pages():
        body = text.find("\n---", 3) + 5 if text.startswith("---") else 0
        for start in (0, min(body, len(text))):
            assert links.find_urls(text, start) == _old_find_urls(text, start, len(text)), path


# Searches for one of a few characters or strings, rewritten as scans for each (``in``):
# they find one exactly when the patterns they replace do.
SEARCHES = {
    "prescreen._linkish": (re.compile(r"[:/<]|\]\(|www\."), prescreen._linkish),
    "pofile._has_rare": (re.compile(r"[\a\b\f\r\v]"), pofile._has_rare),
}
SEARCH_TEXTS = st.lists(st.sampled_from([*PIECES, *"\a\b\f\r\v"]), max_size=20).map("".join)


@pytest.mark.parametrize("name", SEARCHES)
@settings(max_examples=1000, deadline=None)
@given(text=SEARCH_TEXTS | st.text(max_size=8))
def test_rewritten_searches_find_as_the_patterns_did(name: str, text: str) -> None:
    reference, rewritten = SEARCHES[name]
    assert rewritten(text) == bool(reference.search(text))
