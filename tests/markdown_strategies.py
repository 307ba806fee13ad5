"""Hypothesis strategies that generate Markdown documents like the course site's pages."""

from __future__ import annotations

from hypothesis import strategies as st

WORDS = st.sampled_from(
    [
        "the",
        "gradient",
        "descent",
        "network",
        "loss",
        "energy",
        "model",
        "Yann",
        "café",
        "naïve",
        "深度",
        "学习",
        "données",
        "função",
        "🎥",
        "42",
        "x_i",
    ]
)
INLINE = st.one_of(
    WORDS,
    WORDS.map(lambda w: f"*{w}*"),
    WORDS.map(lambda w: f"**{w}**"),
    WORDS.map(lambda w: f"`{w}()`"),
    st.sampled_from(["$x_i$", "$w_{k,.}$", "$\\bar{y}$", "$$a_b$$"]),
    WORDS.map(lambda w: f"[{w}](en/week01/01-1)"),
    WORDS.map(lambda w: f"[{w}](https://example.org/{w})"),
    st.just("<br>"),
    st.just("{{site.baseurl}}"),
)


@st.composite
def line(draw: st.DrawFn) -> str:
    words = draw(st.lists(INLINE, min_size=1, max_size=8))
    first = draw(WORDS.filter(lambda w: w[0].isalpha()))
    return " ".join([first, *words])


@st.composite
def paragraph(draw: st.DrawFn, indent: str = "") -> str:
    lines = draw(st.lists(line(), min_size=1, max_size=3))
    return lines[0] + "".join(f"\n{indent}{text}" for text in lines[1:])


@st.composite
def heading(draw: st.DrawFn) -> str:
    level = draw(st.integers(1, 4))
    text = draw(line())
    if draw(st.booleans()):
        text = f"[{text.split()[0]}](https://youtu.be/x)"
    return "#" * level + " " + text


@st.composite
def bullet_list(draw: st.DrawFn) -> str:
    items = draw(st.lists(paragraph(indent="  "), min_size=1, max_size=4))
    marker = draw(st.sampled_from(["-", "*", "1."]))
    pad = " " * (len(marker) + 1)
    rendered = []
    for item in items:
        rendered.append(f"{marker} " + item.replace("\n  ", "\n" + pad))
        if draw(st.booleans()):
            rendered.append(f"{pad}$$\n{pad}a = b\n\n{pad}c\n{pad}$$")
    return "\n".join(rendered)


@st.composite
def table(draw: st.DrawFn) -> str:
    cols = draw(st.integers(1, 3))
    rows = draw(st.lists(st.lists(line(), min_size=cols, max_size=cols), min_size=1, max_size=3))
    lines = ["| " + " | ".join(row) + " |" for row in rows]
    if draw(st.booleans()):
        lines.insert(1, "|" + "---|" * cols)
    return "\n".join(lines)


@st.composite
def html_block(draw: st.DrawFn) -> str:
    cells = draw(st.lists(line(), min_size=1, max_size=3))
    body = "\n".join(
        f'    <td><a href="en/week0{i}/0{i}">{c}</a></td>' for i, c in enumerate(cells)
    )
    return f"<table>\n  <tr>\n{body}\n  </tr>\n</table>"


FIXED_BLOCKS = st.sampled_from(
    [
        "```python\nprint('hi')  # code\n```",
        "$$\n\\bar{y} = G(x, w)\n$$",
        "<!-- comment -->",
        "{% include video.html %}",
        '<center>\n<img src="{{site.baseurl}}/images/x.png"/><br>\nFigure 1: a caption\n</center>',
        "> quoted text\n> more quoted text",
        "{: .note}",
    ]
)
BLOCK = st.one_of(paragraph(), heading(), bullet_list(), table(), html_block(), FIXED_BLOCKS)


@st.composite
def document(draw: st.DrawFn) -> str:
    blocks = draw(st.lists(BLOCK, min_size=1, max_size=8))
    separator = draw(st.sampled_from(["\n\n", "\n\n\n"]))
    body = separator.join(blocks) + "\n"
    if draw(st.booleans()):
        title = draw(line()).replace("`", "").replace("*", "")
        body = f"---\nlayout: default\ntitle: {title!r}\nlang-ref: home\n---\n\n" + body
    if draw(st.booleans()):
        body = body.replace("\n", "\r\n")
    return body
