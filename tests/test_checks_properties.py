"""Properties of the checks table: an identity translation is never flagged, the build's
fast path for plain prose never skips a safety problem, and no text makes a check fail."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from transpipe import checks
from transpipe.page import UnitKind

MARKUP = [*"<>{}[]()|&:/\\\n`$*_#-=~!%\"' ", "](", "{{", "{%", "<a href=", "javascript:"]
TEXT = st.lists(
    st.one_of(st.sampled_from(MARKUP), st.text("abcé漢 ", min_size=1, max_size=4)), max_size=20
).map("".join)
KINDS = st.sampled_from(list(UnitKind))
CONTEXT = checks.Context("fr", source_hosts=frozenset(["en.wikipedia.org"]))


@settings(max_examples=300, deadline=None)
@given(TEXT, KINDS)
def test_identity_is_never_flagged(text: str, kind: UnitKind) -> None:
    e = checks.entry(CONTEXT, text, text, kind)
    found = [p for p in checks.run(CONTEXT, e) if p.code != "mojibake"]
    assert found == []


@settings(max_examples=300, deadline=None)
@given(TEXT, TEXT, KINDS)
def test_plain_prose_has_no_safety_problem(source: str, target: str, kind: UnitKind) -> None:
    e = checks.entry(CONTEXT, source, target, kind)
    problems = checks.run(CONTEXT, e, checks.SAFETY)  # and no exception for any text
    if checks.harmless(target):
        assert problems == []


def test_every_check_is_in_the_table_once() -> None:
    codes = [c.code for c in checks.CHECKS]
    assert len(codes) == len(set(codes))
    assert all(c.doc for c in checks.CHECKS)
    assert {c.code for c in checks.SAFETY} == {
        "new-html",
        "dangerous-url",
        "foreign-link",
        "image-alt",
        "liquid",
        "attribute-list",
        "new-block",
        "control-character",
    }


_LINE_START = st.text(alphabet=st.sampled_from(list(" \t>#=-*_+1٣`~{|[]:<a.é")), max_size=6)


@given(_LINE_START, st.text(max_size=8))
def test_block_start_quick_exit_is_sound(start: str, rest: str) -> None:
    """A line block_start dismisses at once is one none of its patterns (nor "<") opens."""
    from transpipe import textchecks

    line = start + rest
    if not textchecks._MAY_START_BLOCK.match(line):
        text = line.lstrip(" \t")
        assert not any(pattern.match(text) for _, pattern in textchecks._BLOCK_STARTS)
        assert not text.startswith("<")
        assert textchecks.block_start(line) is None
