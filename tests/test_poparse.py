"""The whole-entry reader and the line-by-line reader agree on every file both accept."""

from __future__ import annotations

import re
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from test_pofile import CASES, TEXT, catalog, msg
from transpipe import poparse
from transpipe.pofile import dump_catalog


def line_by_line(text: str) -> list[poparse.Message]:
    return [poparse._finish(entry) for entry in poparse._entries(text)]


@pytest.mark.parametrize("name", CASES)
def test_plain_entries_read_alike(name: str) -> None:
    text = dump_catalog(catalog(CASES[name]))
    plain = poparse._plain_messages(text)
    if any(m.obsolete or m.previous_msgid is not None for m in CASES[name]):
        assert plain is None  # "#~" and "#|" lines: read line by line
    else:
        assert plain == line_by_line(text)


LOOSE = [
    'msgid "a"\nmsgstr "b"\n\n\n\nmsgid "c"\nmsgstr "d"\n',  # several blank lines
    '# comment alone\n\nmsgid "a"\nmsgstr "b"\n',  # comments before a blank line
    'msgid "a"  \nmsgstr "b"\n',  # spaces after a string
    'msgid "a"\nmsgstr "b"\n   \nmsgid "c"\nmsgstr "d"\n',  # a blank line of spaces
    'msgstr "b"\nmsgid "a"\n',  # another order
    '#~ msgid "a"\n#~ msgstr "b"\n',
    '#| msgid "old"\nmsgid "a"\nmsgstr "b"\n',
    '#:  a.md:1   b.md:2\n#,fuzzy,  c-format\n#.x\n#\nmsgid "a"\nmsgstr ""\n"b\\n"\n"c"\n',
    'msgctxt "k"\nmsgid "a"\nmsgstr "\\t\\"q\\"\\\\"\n',
]


@pytest.mark.parametrize("text", LOOSE)
def test_loose_layouts_read_alike(text: str) -> None:
    plain = poparse._plain_messages(text)
    assert plain is None or plain == line_by_line(text)
    assert poparse.parse_po(text).messages == [
        m for m in line_by_line(text) if m.msgid or m.msgctxt is not None
    ]


@settings(max_examples=100, deadline=None)
@given(pairs=st.lists(st.tuples(TEXT.filter(bool), TEXT), min_size=1, max_size=4))
def test_random_catalogs_read_alike(pairs: list[tuple[str, str]]) -> None:
    text = dump_catalog(catalog([msg(msgid, msgstr) for msgid, msgstr in dict(pairs).items()]))
    assert poparse._plain_messages(text) == line_by_line(text)


def test_catalogs_with_the_same_comment_lines_share_no_list() -> None:
    """The comment lines are read once for every language's catalog of a page: each
    message still gets lists of its own, so a merge that changes one changes no other."""
    text = '#. paragraph\n#: p.md:3\n#, fuzzy\nmsgid "a"\nmsgstr "b"\n'
    first, second = poparse.parse_po(text).messages[0], poparse.parse_po(text).messages[0]
    first.fuzzy = False
    first.locations.append(("q.md", 1))
    first.auto_comments.clear()
    first.user_comments.append("mine")
    assert second.flags == ["fuzzy"] and second.locations == [("p.md", 3)]
    assert second.auto_comments == ["paragraph"] and second.user_comments == []
    assert poparse.parse_po(text).messages[0] == second


# The plain-entry pattern as first written (a negated set, no possessive repeat): the
# specification of the faster one.
_QUOTED = r'"[^"\\\n]*(?:\\.[^"\\\n]*)*"'
_STRINGS = rf"{_QUOTED}(?:\n{_QUOTED})*"
SPEC = re.compile(
    rf"((?:#(?:[ .:,][^\n]*)?\n)*)"
    rf"(?:msgctxt ({_STRINGS})\n)?msgid ({_STRINGS})\nmsgstr ({_STRINGS})\n?"
)
PO_PIECES = st.sampled_from(
    ['"', "\\", "\\\\", '\\"', "\n", 'msgid "', 'msgstr "', "#. x\n", "#: a.md:1\n", "a", "é", "\t"]
)


def blocks(text: str) -> list[str]:
    return [block for block in text.split("\n\n") if block]


@pytest.mark.skipif(sys.version_info < (3, 11), reason="possessive repeats: Python 3.11 on")
@settings(max_examples=300, deadline=None)
@given(
    pairs=st.lists(st.tuples(TEXT.filter(bool), TEXT), min_size=1, max_size=4),
    damage=st.lists(st.tuples(st.integers(0, 400), PO_PIECES), max_size=3),
)
def test_the_plain_entry_pattern_matches_as_its_specification(
    pairs: list[tuple[str, str]], damage: list[tuple[int, str]]
) -> None:
    """Catalogs as written, and with quotes, backslashes and keywords put anywhere."""
    text = dump_catalog(catalog([msg(msgid, msgstr) for msgid, msgstr in dict(pairs).items()]))
    for position, piece in damage:
        text = text[:position] + piece + text[position:]
    for possessive in (False, True):
        pattern = poparse.plain_entry(possessive)
        for block in blocks(text):
            found, spec = pattern.fullmatch(block), SPEC.fullmatch(block)
            assert (found and found.groups()) == (spec and spec.groups())
