"""The fast line filling finds the same breaks as the rule-by-rule one, on any text."""

from __future__ import annotations

import itertools
import re
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transpipe import linebreak

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "dlsp20"

ALPHABET = st.one_of(
    st.sampled_from("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"),
    st.sampled_from("      "),
    st.sampled_from("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~\t"),
    st.sampled_from("éèàçœÉ«»’“”–—…\u00a0\u2060\u2011·¿¡"),
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
    st.sampled_from("，。、：；！？（）《》「」ー々ァ가각"),
    st.sampled_from(["😀", "👍", "🏽", "🎉", "❤", "🇫", "🇷", "\u200d", "\u200b", "\u0301", "א"]),
    st.sampled_from(["\u2028", "\x85"]),
    st.characters(),
)
TEXT = st.one_of(
    st.text(ALPHABET, max_size=240),
    st.lists(st.text(ALPHABET, min_size=1, max_size=12), max_size=40).map(" ".join),
)


def rule_by_rule(text: str, width: int, start: int, locked: set[int]) -> list[int]:
    """Every opportunity found character by character, then libunistring's greedy filling."""
    columns = [linebreak._COLUMNS[char] for char in text]
    offsets = [0, *itertools.accumulate(columns)]
    if start + offsets[-1] <= width:
        return []
    return linebreak._fill(linebreak._possible_breaks(text), offsets, width, start, locked)


@settings(max_examples=600, deadline=None)
@given(
    text=TEXT,
    width=st.integers(1, 90),
    start=st.integers(0, 12),
    locked=st.sets(st.integers(0, 250), max_size=8),
)
def test_fast_filling_equals_rule_by_rule(
    text: str, width: int, start: int, locked: set[int]
) -> None:
    full = rule_by_rule(text, width, start, locked)
    assert linebreak.width_breaks(text, width, start, locked) == full
    assert linebreak.needs_break(text, width, start, locked) == bool(full)


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"corpus not found at {CORPUS}")
@pytest.mark.parametrize("lang", ["en", "fr", "zh", "es", "pt"])
def test_corpus_paragraphs_fill_alike(lang: str) -> None:
    """Every paragraph of the course site's pages, at the widths the PO writer uses."""
    pages = sorted((CORPUS / lang).rglob("*.md"))
    assert pages
    paragraphs = [
        p.strip().replace("\n", " ")
        for page in pages
        for p in re.split(r"\n\s*\n", page.read_text("utf-8"))
    ]
    paragraphs = [p for p in paragraphs if p]
    for text in paragraphs:
        for width, start in ((71, 6), (71, 7), (74, 0), (70, 9)):
            assert linebreak.width_breaks(text, width, start, set()) == rule_by_rule(
                text, width, start, set()
            ), text


@given(st.text(st.characters(max_codepoint=0x3100) | st.sampled_from("’“”…–—€œ\u00ad")))
def test_class_letters_by_bytes_equal_the_table(text: str) -> None:
    """The one-byte encodings' tables give each character the letter of its own class."""
    assert linebreak.class_letters(text) == text.translate(linebreak._LETTERS)


def _table_script() -> ModuleType:
    """``scripts/linebreak_table.py``, which makes the class table (it needs uniseg)."""
    import importlib.util

    pytest.importorskip("uniseg", reason="uniseg (a test dependency) makes the table")
    path = Path(__file__).resolve().parents[1] / "scripts" / "linebreak_table.py"
    spec = importlib.util.spec_from_file_location("linebreak_table_script", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_class_table_is_what_its_script_makes() -> None:
    """Every code point's class in ``linebreak_table`` is the one computed from uniseg's
    Line_Break and Python's unicodedata (the versions the table was made with)."""
    import unicodedata

    from transpipe import linebreak_table

    script = _table_script()
    if unicodedata.unidata_version != linebreak_table.UNICODE:
        pytest.skip(f"this Python's unicodedata is {unicodedata.unidata_version}, not 14.0.0")
    if script.uniseg_unicode != linebreak_table.UNISEG_UNICODE:
        pytest.skip(f"uniseg has Unicode {script.uniseg_unicode}: the table was made from 16.0.0")
    found = script.runs()  # every code point's class, computed
    assert script.module(found) == Path(linebreak_table.__file__).read_text("utf-8")
    ends = [code - 1 for code, _ in found[1:]] + [0x10FFFF]
    for (first, name), last in zip(found, ends, strict=True):  # each run, at both its ends
        assert linebreak._line_class(chr(first)) == name == linebreak._line_class(chr(last))


_STATEFUL_SET = re.compile(
    "[" + re.escape("".join(linebreak._LETTER[c] for c in linebreak._STATEFUL)) + "]"
)
_UNCOMMON_SET = re.compile(f"[^{re.escape(''.join(linebreak._COMMON) + linebreak._SPACE_LETTER)}]")


@settings(max_examples=500, deadline=None)
@given(TEXT)
def test_a_layout_knows_its_classes_as_a_search_for_them_would(text: str) -> None:
    """Stateful classes (filled rule by rule) and the classes present, told by taking
    letters out of the text's letters, as a search for a set of them told before."""
    letters = linebreak.class_letters(text)
    layout = linebreak._layout.__wrapped__(text, False)
    stateful = _STATEFUL_SET.search(letters) is not None
    assert (layout.patterns is None) == stateful
    if not stateful:
        common = linebreak._COMMON
        present = common.union(letters) if _UNCOMMON_SET.search(letters) else common
        assert layout.patterns == linebreak._simple_patterns(present)
