"""What the extractor makes of each kind of Markdown/kramdown construct."""

from __future__ import annotations

from pathlib import Path

import pytest

from transpipe.errors import TranspipeError
from transpipe.page import parse_page, read_text


def units(markdown: str) -> list[tuple[str, str]]:
    page = parse_page(Path("page.md"), markdown)
    return [(u.label, u.msgid) for u in page.units]


def msgids(markdown: str) -> list[str]:
    return [msgid for _, msgid in units(markdown)]


EXTRACTED = {
    "heading": ("## Parametrised models\n", [("heading 2", "Parametrised models")]),
    "setext heading": ("Title here\n==========\n", [("heading 1", "Title here")]),
    "heading that is a link": (
        "## [Gradient descent](https://www.youtube.com/watch?v=d9vdh3b787Y&t=29s)\n",
        [("heading 2", "Gradient descent")],
    ),
    "heading with kramdown id": ("### Energy {#energy}\n", [("heading 3", "Energy")]),
    "paragraph over two lines": (
        "First line of text\nsecond line of text.\n",
        [("paragraph", "First line of text\nsecond line of text.")],
    ),
    "paragraph keeps inline markup": (
        "See [the notes](en/week01/01) and *this* `code` and $a_b + c_d$.\n",
        [("paragraph", "See [the notes](en/week01/01) and *this* `code` and $a_b + c_d$.")],
    ),
    "list items": (
        "- one item\n- two\n  continued\n",
        [("list item", "one item"), ("list item", "two\ncontinued")],
    ),
    "list right after a paragraph": (
        "Examples -\n- Linear model\n",
        [("paragraph", "Examples -"), ("list item", "Linear model")],
    ),
    "blockquote paragraph": (
        "> Quoted words\n> go on.\n",
        [("blockquote", "Quoted words\ngo on.")],
    ),
    "pipe table with header": (
        "| Name | Role |\n|------|------|\n| Yann | Lecturer |\n",
        [
            ("table cell", "Name"),
            ("table cell", "Role"),
            ("table cell", "Yann"),
            ("table cell", "Lecturer"),
        ],
    ),
    "kramdown header-less table used as caption": (
        '| <center><img src="a.png" alt="" /></center> |\n| <center>Figure 1: A graph</center>|\n',
        [("table cell", "Figure 1: A graph")],
    ),
    "html table cell with link": (
        '<table>\n  <tr>\n    <td><a href="en/week01/01-1">History and motivation</a></td>\n'
        '    <td rowspan="2">Lecture</td>\n  </tr>\n</table>\n',
        [("html", "History and motivation"), ("html", "Lecture")],
    ),
    "center block caption, not the image": (
        '<center>\n<img src="{{site.baseurl}}/images/x.png" style="zoom: 60%"/><br>\n'
        "<b>Fig. 1</b>: Caption text\n</center>\n",
        [("html", "<b>Fig. 1</b>: Caption text")],
    ),
    "image alt text when it is alone": (
        '<img src="x.png" alt="Computation graph" />\n',
        [("alt", "Computation graph")],
    ),
    "markdown image alt and title": (
        '![A diagram](images/d.png "The title")\n',
        [("alt", "A diagram"), ("title", "The title")],
    ),
    "front matter title": (
        "---\nlang-ref: ch.02-1\ntitle: Introduction to Gradient Descent\n---\n\nText.\n",
        [("front matter: title", "Introduction to Gradient Descent"), ("paragraph", "Text.")],
    ),
    "quoted front matter title": (
        "---\ntitle: 'Deep: Learning'\n---\n",
        [("front matter: title", "Deep: Learning")],
    ),
    "emphasis wrapping the whole unit": (
        "**Whole bold text**\n",
        [("paragraph", "Whole bold text")],
    ),
    "br inside a unit": ("Line one<br>line two\n", [("paragraph", "Line one<br>line two")]),
    "unclosed div": (
        '<div align="center">Figure 11. Thorpe\'s model <div>\n\nNext paragraph.\n',
        [("html", "Figure 11. Thorpe's model"), ("paragraph", "Next paragraph.")],
    ),
}


@pytest.mark.parametrize("markdown,expected", EXTRACTED.values(), ids=EXTRACTED.keys())
def test_extracted(markdown: str, expected: list[tuple[str, str]]) -> None:
    assert units(markdown) == expected


NOT_EXTRACTED = {
    "fenced code": "```python\nprint('Hello world')\n```\n",
    "indented code": "    x = call(a, b)\n",
    "display math": "$$\n\\bar{y} = G(x, w)\n$$\n",
    "display math in a list with blank lines": "- $$\n  a = b\n\n  c = d\n  $$\n",
    "fenced code inside a blockquote": "> ```bibtex\n> @misc{key, author = {Someone}}\n> ```\n",
    "liquid tag": "{% include youtube.html id='abc' %}\n",
    "html comment": "<!-- a comment with words -->\n",
    "kramdown attribute list": "{: .note}\n",
    "url only": "<https://example.org/path>\n",
    "emoji and numbers": "🎥 ① 42\n",
    "link with no letters": '<a href="en/week01/01">①</a>\n',
    "image without alt": "![](images/x.png)\n",
}


@pytest.mark.parametrize("markdown", NOT_EXTRACTED.values(), ids=NOT_EXTRACTED.keys())
def test_not_extracted(markdown: str) -> None:
    assert units("Intro.\n\n" + markdown) == [("paragraph", "Intro.")]


def test_math_with_underscores_is_not_emphasis() -> None:
    assert msgids("Take $x_i$ and $w_i$ here.\n") == ["Take $x_i$ and $w_i$ here."]


def test_inline_display_math_in_running_text() -> None:
    assert msgids("The loss $$L = \\sum_i l_i$$ is small.\n") == [
        "The loss $$L = \\sum_i l_i$$ is small."
    ]


def test_units_record_their_lines() -> None:
    page = parse_page(Path("p.md"), "---\ntitle: T\n---\n\n# Head\n\nPara\ngraph.\n")
    assert [(u.msgid, u.line) for u in page.units] == [("T", 2), ("Head", 5), ("Para\ngraph.", 7)]


def test_segments_are_the_source_text() -> None:
    text = "- item one\n  goes on\n\n> quote\n> more\n"
    page = parse_page(Path("p.md"), text)
    for unit in page.units:
        assert "\n".join(text[a:b] for a, b in unit.segments) == unit.msgid


def test_crlf_page() -> None:
    text = "## Title\r\n\r\nLine one\r\nline two\r\n"
    page = parse_page(Path("p.md"), text)
    assert [u.msgid for u in page.units] == ["Title", "Line one\nline two"]


def test_bad_front_matter_names_file_and_line() -> None:
    with pytest.raises(TranspipeError) as caught:
        parse_page(Path("bad.md"), "---\ntitle: ok\nauthor: [unclosed\n---\n")
    assert str(caught.value).startswith("bad.md:")
    assert caught.value.line in (3, 4)


def test_non_utf8_page_names_line(tmp_path: Path) -> None:
    page = tmp_path / "latin1.md"
    page.write_bytes("Line one\nCaf\xe9\n".encode("latin-1"))
    with pytest.raises(TranspipeError) as caught:
        read_text(page)
    assert caught.value.line == 2
    assert "UTF-8" in str(caught.value)
