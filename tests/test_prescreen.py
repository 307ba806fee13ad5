"""The pre-screen of the safety checks passes only what the safety checks themselves pass."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from test_checks import ALT, ATTACKS, CELL, GOOD
from transpipe import checks, prescreen
from transpipe import fragments as fr
from transpipe.checkmodel import bare
from transpipe.page import UnitKind
from transpipe.safety import entry_problems

HOSTS = frozenset({"en.wikipedia.org", "example.org"})


def localise(url: str) -> str:
    """A stand-in for a page's link localisation: relative pages to the French site."""
    if url.startswith("../") and url.endswith(".md"):
        return "{{site.baseurl}}/fr/" + url[3:-3]
    return url


CONTEXTS = [
    checks.Context("fr", "en", str, HOSTS, ()),
    checks.Context("fr", "en", localise, HOSTS, ("trusted.example.net",)),
]
KINDS = [
    [UnitKind.PARAGRAPH],
    [UnitKind.HEADING],
    [UnitKind.TABLE_CELL],
    [UnitKind.LIST_ITEM, UnitKind.PARAGRAPH],
]


def kinds_of(msgid: str) -> list[UnitKind]:
    return [UnitKind.ALT] if msgid == ALT else [UnitKind.TABLE_CELL] if msgid == CELL else []


@pytest.mark.parametrize(
    ("msgid", "msgstr"), [a[1:3] for a in ATTACKS], ids=[a[0] for a in ATTACKS]
)
def test_no_attack_passes_the_screen(msgid: str, msgstr: str) -> None:
    for kinds in [kinds_of(msgid) or KINDS[0], *KINDS]:
        assert not prescreen.cannot_fail(msgid, msgstr, kinds, str)


def test_correct_translations_mostly_skip_the_checks() -> None:
    passed = [g[0] for g in GOOD if prescreen.cannot_fail(g[1], g[2], KINDS[0], localise)]
    # a link the English does not have (localised, another host) goes to the checks
    assert passed == [
        "reordered",
        "math-spacing",
        "alt",
        "cell",
        "multi-line",
        "emphasis-moved",
        "figure",
        "cjk-touching-math",
    ]


ENGLISH = [
    "the", "gradient", "Note:", "(see", "figure)", "1.", "-", "a | b", "\\|", "*em*",
    "**strong**", "_x_", "`code <b>`", "`{{x}}`", "`{:a}`", "$a<b$", "$$x$$", "$x$",
    "[link](https://en.wikipedia.org/wiki/X)", "[rel](../week02/02-1.md)", "[ref][1]",
    "[a]: x", "](", "[", "]", "<br>", "<b>bold</b>", '<img src="images/f.png" style="z:5;" />',
    '<a href="https://example.org/">x</a>', "<https://example.org>", "https://example.org/x",
    "www.example.org", "{{site.baseurl}}", "{% raw %}", '{:target="_blank"}', "&amp;",
    "&#106;", "{{", "{", "}", "<", ">", "=", ":", "/", "!", "%", "#", "~", "+", "@", "^",
    "\n", "<!-- note -->", "<a ](//x.org", "http://a.com{{b x}}", "javascript:", "'", '"',
    "\\<", "\\[", "\\]", "Note: ", "{{http://a.com}}", '<a title="](x">', "[x] (y)",
]  # fmt: skip
HOSTILE = [
    "<script>", "<b", "<b ", "javascript:", "alert(1)", "//evil.example.com", "evil.example.com",
    "https://evil.example.com", "(", ")", "{{ site.x }}", "{%", "{:", "{#", "onclick", "=",
    '"', "'", "\\", "|", "`", "$", "\n", "\r", "- ", "# ", "1. ", "> ", ": ", "---", "===",
    "[x]:", "*[", "![", "](", "<!--", "-->", "&", ";", "data:", "vbscript:", "\u2028", "x",
    "mots", "é", "，", "%}", "}}", "}", "<div>", "</div>", " ", ".", "//", "www.", "@", "*",
    "\\<", "\\](", "](javascript: x", "&#106;", "evil.org", "\t", "\u00a0", "<a", "/>",
]  # fmt: skip
WORDS = st.sampled_from(["Le", "mot", "données", "深度", "ici", "42", "x_i", "naïve"])


@st.composite
def pairs(draw: st.DrawFn) -> tuple[str, str]:
    """An English text, and a translation mixing its tokens with prose and hostile pieces."""
    pieces = draw(st.lists(st.sampled_from(ENGLISH) | WORDS, min_size=1, max_size=8))
    msgid = draw(st.sampled_from([" ", ""])).join(pieces)
    own = sorted(prescreen.tokens(msgid)) or ["mot"]
    parts = draw(
        st.lists(st.sampled_from(own) | st.sampled_from(HOSTILE) | WORDS, min_size=1, max_size=8)
    )
    separators = draw(
        st.lists(st.sampled_from(["", " "]), min_size=len(parts), max_size=len(parts))
    )
    msgstr = "".join(s + p for s, p in zip(separators, parts, strict=True))
    return msgid, msgstr


SOUNDNESS = settings(max_examples=4000, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def assert_screen_is_sound(
    pair: tuple[str, str], context: checks.Context, kinds: list[UnitKind]
) -> None:
    """What the screen passes, the safety checks pass."""
    msgid, msgstr = pair
    if prescreen.cannot_fail(msgid, msgstr, kinds, context.fix_url):
        assert entry_problems(context, kinds, msgid, msgstr, checks.SAFETY) == []


@SOUNDNESS
@given(pairs(), st.sampled_from(CONTEXTS), st.sampled_from(KINDS))
def test_what_passes_the_screen_passes_the_safety_checks(
    pair: tuple[str, str], context: checks.Context, kinds: list[UnitKind]
) -> None:
    assert_screen_is_sound(pair, context, kinds)


EDITS = st.sampled_from(
    [*"<>[](){}:/\\|&#;!*_-=+'\"%`$ .,ax1é\n", "//", "](", "{{", "}}", "{%", "javascript",
     "evil.org", "http", "www.", "<a", "onclick", "src=", "href="]
)  # fmt: skip


@st.composite
def edited(draw: st.DrawFn) -> tuple[str, str]:
    """An English text and a translator's edits of it: insertions, deletions, moves."""
    pieces = draw(st.lists(st.sampled_from(ENGLISH), min_size=1, max_size=6))
    msgid = text = draw(st.sampled_from([" ", ""])).join(pieces)
    for _ in range(draw(st.integers(1, 4))):
        a = draw(st.integers(0, len(text)))
        b = draw(st.integers(0, len(text)))
        a, b = min(a, b), max(a, b)
        text = draw(
            st.sampled_from(
                [
                    text[:a] + draw(EDITS) + text[a:],
                    text[:a] + text[b:],
                    text[:a] + text[b:] + text[a:b],
                ]
            )
        )
    return msgid, text


@SOUNDNESS
@given(edited(), st.sampled_from(CONTEXTS), st.sampled_from(KINDS))
def test_edits_that_pass_the_screen_pass_the_safety_checks(
    pair: tuple[str, str], context: checks.Context, kinds: list[UnitKind]
) -> None:
    assert_screen_is_sound(pair, context, kinds)


def bare_if_english(msgid: str, msgstr: str) -> str | None:
    """What the screen compares (the specification of ``_without_code``): the translation
    without the English's code and math, or None if it has code or math of its own."""
    code, math = fr.code_spans(msgid), fr.math_spans(msgid)
    if fr.code_spans(msgstr) - code or fr.math_spans(msgstr) - math:
        return None
    return bare(msgstr, code, math)


@pytest.mark.parametrize(
    ("msgid", "msgstr"),
    [
        ("`a` and $x$", "$x$ puis `a`"),
        ("`$x$` and $y$", "`$x$` et $y$"),  # math inside code: looked for again after it
        ("`a`", "`a` `b`"),  # code of its own
        ("$x$", "$x$ $z$"),  # math of its own
        ("$$x$$", "$$ x $$"),  # spacing TeX ignores
        ("$a$ $b$", "$b$"),
    ],
)
def test_code_and_math_come_out_as_bare_takes_them_out(msgid: str, msgstr: str) -> None:
    english = prescreen._english(msgid)
    assert prescreen._without_code(msgstr, english) == bare_if_english(msgid, msgstr)


@SOUNDNESS
@given(pairs() | edited())
def test_code_and_math_come_out_as_bare_takes_them_out_whatever_the_text(
    pair: tuple[str, str],
) -> None:
    msgid, msgstr = pair
    english = prescreen._english(msgid)
    assert prescreen._without_code(msgstr, english) == bare_if_english(msgid, msgstr)
