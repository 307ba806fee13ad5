"""pofile writes what GNU ``msgcat`` writes and reads it back: checked against the real tools."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transpipe.catalog import Catalog, Message
from transpipe.errors import TranspipeError
from transpipe.pofile import (
    _escape,
    _parse_with_polib,
    dump_catalog,
    parse_catalog,
    read_catalog,
    write_catalog,
)

MSGCAT = shutil.which("msgcat")
MSGFMT = shutil.which("msgfmt")
needs_gettext = pytest.mark.skipif(
    MSGCAT is None or MSGFMT is None,
    reason="GNU gettext (msgcat, msgfmt) is not installed: nothing to compare with",
)
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "dlsp20"

HEADERS = {
    "Project-Id-Version": "dlsp20",
    "Report-Msgid-Bugs-To": "",
    "POT-Creation-Date": "2024-05-05 10:00+0000",
    "PO-Revision-Date": "2024-05-06 11:30+0200",
    "Last-Translator": "Ada Lovelace <ada@example.org>",
    "Language-Team": "French <traduc@traduc.org>",
    "Language": "fr",
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
    "Plural-Forms": "nplurals=2; plural=(n > 1);",
}

LONG_EN = (
    "Deep learning is inspired by the brain, but not all of the brain's details are relevant. "
    "For a comparison, aeroplanes were inspired by birds. The principle of flying is the same, "
    "but the details are extremely different."
)
LONG_FR = (
    "L'apprentissage profond s'inspire du cerveau, mais tous les détails du cerveau ne sont pas "
    "pertinents. À titre de comparaison, les avions ont été inspirés par les oiseaux : le principe "
    "du vol est le même, mais les détails sont extrêmement différents."
)
LONG_ZH = (
    "深度学习的概念受到了大脑的启发，但并非大脑的每个细节都重要。类比而言，飞行器的构想受到鸟的"
    "启发。它们飞行的原理相同，细节上却截然不同。深度学习的历史可以追溯到今天我们称为控制论"
    "(cybernetics)的学科。20世纪40年代，McCulloch和Pitts萌生出一种想法：神经元是可以开关的阈值单元。"
)
URL = "https://www.youtube.com/watch?v=0bMe_vCZo30&t=217s&list=PLLHTzKZzVU9eaEyErdV26ikyolxOsz6mq"


def msg(msgid: str, msgstr: str = "", **fields: Any) -> Message:
    return Message(msgid, msgstr, **fields)


CASES: dict[str, list[Message]] = {
    "short ascii": [msg("Description", "Description")],
    "long ascii": [msg(LONG_EN, LONG_FR)],
    "first-line boundary": [msg("word " * n + "end", "mot " * n + "fin") for n in range(12, 17)],
    "exact widths": [msg("x" * n, "y" * n) for n in range(66, 76)],
    "newlines": [
        msg("Line one\nLine two\n", "Ligne un\nLigne deux\n"),
        msg("a\n\nb", "a\n\nb"),
        msg("\nleading newline", "\nsaut de ligne au début"),
        msg("short\n", "court\n"),
        msg(LONG_EN + "\n" + LONG_EN + "\n", LONG_FR + "\n" + LONG_FR + "\n"),
    ],
    "quotes and backslashes": [
        msg('He said "hi" to C:\\path\\to\\file', 'Il a dit « salut » à C:\\chemin\\"x"'),
        msg('"' * 90, "\\" * 90),
        msg('a "quoted" word ' * 6, 'un mot "cité" ' * 6),
    ],
    "tabs": [msg("col1\tcol2\tcol3 " * 8, "c1\tc2\tc3 " * 8)],
    "long url": [
        msg(URL, URL),
        msg(f"See [the lecture]({URL}) for details.", f"Voir [le cours]({URL}) pour les détails."),
        msg("path/" * 30, "chemin." * 30),
    ],
    "markdown and math": [
        msg(
            "Given $\\vect{x} \\in \\mathbb{R}^n$, the [softmax](https://en.wikipedia.org/wiki/"
            "Softmax_function) is $\\sigma(\\vect{z})_i = \\frac{e^{z_i}}{\\sum_j e^{z_j}}$, "
            "see **Figure 1** and `torch.nn.Softmax(dim=1)`.",
            "Étant donné $\\vect{x} \\in \\mathbb{R}^n$, la [softmax](https://fr.wikipedia.org/"
            "wiki/Fonction_softmax) vaut $\\sigma(\\vect{z})_i$, voir la **figure 1**.",
        ),
        msg('<center><img src="{{site.baseurl}}/images/week01/01-1/1.png" width="600px"/>'),
    ],
    "chinese": [msg(LONG_EN, LONG_ZH), msg(LONG_ZH * 2, LONG_ZH)],
    "mixed cjk latin": [
        msg(
            "监督学习可以回溯到感知机和自适应线型单元(Adaline, Adaptive Linear Element)。"
            "Adaline与感知机基于相同的架构，对输入进行加权求和。$90\\%$的深度学习应用使用监督学习。"
            "“引号”和《书名号》以及「括号」。",
            "混合 mixed 文本 text 的 of 段落 paragraph。" * 4,
        )
    ],
    "emoji": [msg("Great job 👍🏽 " * 8 + "🇫🇷🎉❤️", "Bravo 👏 " * 12), msg("😀" * 50, "🙂" * 50)],
    "many references": [
        msg(
            "Repeated",
            "Répété",
            locations=[
                (f"en/week{w:02d}/{w:02d}-{p}.md", 10 * p + w)
                for w in range(1, 9)
                for p in range(1, 4)
            ],
        ),
        msg("One long path", locations=[("a/" * 45 + "page.md", 1), ("b.md", 2)]),
    ],
    "fuzzy and previous": [
        msg("New text", "Ancien texte", flags=["fuzzy"], previous_msgid="Old text"),
        msg(
            LONG_EN,
            LONG_FR,
            msgctxt="title",
            flags=["fuzzy"],
            previous_msgid=LONG_EN.upper(),
            previous_msgctxt="heading",
        ),
    ],
    "obsolete": [
        msg("Kept", "Gardé"),
        msg("Gone", "Parti", obsolete=True, user_comments=["note"], locations=[("a.md", 4)]),
        msg(LONG_EN, LONG_FR, obsolete=True, previous_msgid=LONG_EN.lower(), flags=["fuzzy"]),
        msg("Context gone", "Contexte parti", msgctxt="menu", obsolete=True),
    ],
    "unicode line separators": [
        msg("para\u2028line\u2029next\x85nel " * 6, "par\u2028ligne " * 9),
        msg("combining e\u0301 and zero\u200bwidth\u200dspaces " * 4, "ok"),
    ],
    "msgctxt": [msg("Home", "Accueil", msgctxt="nav"), msg("Home", "Maison", msgctxt="x" * 80)],
    "comments": [
        msg(
            "Commented",
            "Commenté",
            user_comments=["first note", " indented note", "third"],
            auto_comments=["heading", ("a very long extracted comment " * 4).strip()],
            locations=[("index.md", 3)],
        )
    ],
}


def catalog(messages: list[Message], **fields: Any) -> Catalog:
    defaults: dict[str, Any] = {
        "header_comment": "French translation of dlsp20.\nCopyright (C) 2024\n\nAda <ada@li.org>",
        "headers": dict(HEADERS),
    }
    defaults.update(fields)
    return Catalog(messages=messages, **defaults)


def gettext(*args: str, text: str) -> subprocess.CompletedProcess[bytes]:
    """Run a gettext tool on ``text`` given on stdin."""
    return subprocess.run(args, input=text.encode("utf-8"), capture_output=True, check=False)


def msgcat(text: str) -> str:
    result = gettext(str(MSGCAT), "-o", "-", "-", text=text)
    assert result.returncode == 0, result.stderr.decode()
    return result.stdout.decode("utf-8")


def assert_msgcat_stable(text: str) -> None:
    """msgcat writes ``text`` back unchanged (diff shown line by line on failure)."""
    written = msgcat(text)
    assert written.splitlines() == text.splitlines()
    assert written == text


@needs_gettext
@pytest.mark.parametrize("name", CASES)
def test_dump_is_what_msgcat_writes(name: str) -> None:
    original = catalog(CASES[name])
    text = dump_catalog(original)
    assert_msgcat_stable(text)
    checked = gettext(str(MSGFMT), "-c", "-o", os.devnull, "-", text=text)
    assert checked.returncode == 0, checked.stderr.decode()
    assert parse_catalog(text, Path("case.po")) == original
    assert _parse_with_polib(text, Path("case.po")) == original  # the fallback reader agrees


@needs_gettext
def test_template_header() -> None:
    template = catalog([msg("Hello")], header_comment="", header_fuzzy=True)
    text = dump_catalog(template)
    assert text.startswith('#, fuzzy\nmsgid ""\nmsgstr ""\n"Project-Id-Version: dlsp20\\n"\n')
    assert_msgcat_stable(text)
    assert parse_catalog(text, Path("t.pot")) == template


@needs_gettext
def test_dump_normalises_like_msgcat() -> None:
    """A hand-made file in a loose layout comes out as msgcat would write it."""
    text = """\
# Header
#, fuzzy
msgid ""
msgstr "Project-Id-Version: x\\nContent-Type: text/plain; charset=UTF-8\\n"

#~ msgid "obsolete first"
#~ msgstr "obsolète d'abord"

#: a.md:1
#, fuzzy
msgid "untranslated but fuzzy"
msgstr ""

msgid "A string written on one line that is longer than the seventy-nine columns of a line"
msgstr ""
"court"

#~ msgid "obsolete without translation"
#~ msgstr ""
"""
    assert dump_catalog(parse_catalog(text, Path("loose.po"))) == msgcat(text)


WORDS = st.sampled_from(
    ["the", "network", "learns", "gradient", "a", "of", "réseau", "apprend", "où", "çà", "Ünïcode"]
)
ALPHABET = st.one_of(
    st.sampled_from("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"),
    st.sampled_from("     "),
    st.sampled_from("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~\n\t"),
    st.sampled_from("éèêàâçœÉÀÇôûïüÿæ«»’“”–—…"),
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
    st.sampled_from("，。、：；！？（）《》「」"),
    st.sampled_from(["😀", "👍", "🏽", "🎉", "❤", "🇫", "🇷", "\u200d", "\u2028", "\u0301"]),
)
TEXT = st.one_of(
    st.text(ALPHABET, max_size=300),
    st.lists(WORDS, max_size=60).map(" ".join),
)


@needs_gettext
@settings(max_examples=60, deadline=None)
@given(pairs=st.lists(st.tuples(TEXT.filter(bool), TEXT), min_size=1, max_size=3))
def test_random_text_is_msgcat_stable(pairs: list[tuple[str, str]]) -> None:
    unique = dict(pairs)
    original = catalog([msg(msgid, msgstr) for msgid, msgstr in unique.items()])
    text = dump_catalog(original)
    assert_msgcat_stable(text)
    assert parse_catalog(text, Path("random.po")) == original
    assert _parse_with_polib(text, Path("random.po")) == original


# gettext's escapes (write-po.c), one character at a time: the specification of ``_escape``
_C_ESCAPES = str.maketrans(
    {"\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t",
     "\v": "\\v", "\\": "\\\\", '"': '\\"'}
)  # fmt: skip


@settings(max_examples=2000, deadline=None)
@given(text=st.text(st.sampled_from('ab é"\\\n\t\a\b\f\r\v\x00') | st.characters(), max_size=40))
def test_escaping_is_gettexts_character_by_character(text: str) -> None:
    escaped, locked = _escape(text)
    assert escaped == text.translate(_C_ESCAPES)
    inside, i = set(), 0  # the second character of each escape
    while i < len(escaped):
        if escaped[i] == "\\":
            inside.add(i + 1)
            i += 1
        i += 1
    assert locked == inside | ({len(escaped) - 2} if text.endswith("\n") else set())


def corpus_pages() -> list[Path]:
    pages = [sorted((CORPUS / lang).rglob("*.md"))[:6] for lang in ("zh", "fr")]
    return [page for group in pages for page in group]


@needs_gettext
@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"corpus not found at {CORPUS}")
def test_corpus_paragraphs_are_msgcat_stable() -> None:
    """Every paragraph of real Chinese and French pages, as msgid and msgstr."""
    pages = corpus_pages()
    assert pages
    for page in pages:
        paragraphs = [p.strip() for p in re.split(r"\n\s*\n", page.read_text("utf-8"))]
        unique = list(dict.fromkeys(p for p in paragraphs if p))
        original = catalog([msg(p, p, locations=[(page.name, i)]) for i, p in enumerate(unique)])
        text = dump_catalog(original)
        assert_msgcat_stable(text)
        assert parse_catalog(text, page) == original
        assert _parse_with_polib(text, page) == original


def test_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.po"
    path.write_text('msgid "a"\nmsgstr "b"\n\nmsgid "c"\nfoo "d"\n', encoding="utf-8")
    with pytest.raises(TranspipeError) as caught:
        read_catalog(path)
    assert (caught.value.path, caught.value.line) == (path, 5)
    assert str(caught.value).startswith(f"{path}:5: ")
    assert caught.value.message == "syntax error in po file"


def test_unterminated_string_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "open.po"
    path.write_text('msgid "a"\nmsgstr "b"\n\nmsgid "c\nmsgstr "d"\n', encoding="utf-8")
    with pytest.raises(TranspipeError) as caught:
        read_catalog(path)
    assert (caught.value.path, caught.value.line) == (path, 4)
    assert "unterminated string" in caught.value.message


def test_non_utf8_file_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "latin1.po"
    path.write_bytes('msgid ""\nmsgstr ""\n\nmsgid "summer"\nmsgstr "été"\n'.encode("latin-1"))
    with pytest.raises(TranspipeError) as caught:
        read_catalog(path)
    assert (caught.value.path, caught.value.line) == (path, 5)
    assert "UTF-8" in caught.value.message


def test_plural_entries_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "plural.po"
    path.write_text(
        'msgid "file"\nmsgid_plural "files"\nmsgstr[0] "fichier"\nmsgstr[1] "fichiers"\n',
        encoding="utf-8",
    )
    with pytest.raises(TranspipeError) as caught:
        read_catalog(path)
    assert caught.value.line == 1


def test_write_only_when_changed(tmp_path: Path) -> None:
    path = tmp_path / "locales" / "fr" / "index.po"
    first = catalog([msg("Hello", "Bonjour")])
    assert write_catalog(path, first) is True
    assert read_catalog(path) == first
    os.utime(path, (1_000_000, 1_000_000))
    assert write_catalog(path, catalog([msg("Hello", "Bonjour")])) is False
    assert path.stat().st_mtime == 1_000_000
    path.chmod(0o640)
    assert write_catalog(path, catalog([msg("Hello", "Salut")])) is True
    assert read_catalog(path).messages[0].msgstr == "Salut"
    assert path.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in path.parent.iterdir()) == ["index.po"]
