"""The fragments of a unit's text that a translation must keep: tags, links, Liquid, math, code.

Each function returns what it finds as plain strings (normalised so harmless spelling
differences compare equal), for ``checks`` to compare a msgstr with its msgid. Scanning is
linear: every pattern is anchored on a literal character and never backtracks across it.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from transpipe.htmltext import BLOCK_TAGS, OPAQUE_TAGS

_BACKTICKS = re.compile(r"``*")  # (a literal first: see ``inline.MARKUP``)


@dataclass(frozen=True)
class Found:
    """A fragment found in a text: the parts of ``re.Match`` that callers use."""

    text: str
    begin: int
    finish: int

    def group(self) -> str:
        return self.text[self.begin : self.finish]

    def start(self) -> int:
        return self.begin

    def end(self) -> int:
        return self.finish

    def span(self) -> tuple[int, int]:
        return self.begin, self.finish


class CodeSpans:
    """Inline code spans as CommonMark pairs them: a run of backticks closed by the next run
    of the same length. Linear, unlike a lazy regex, which rescans the rest of the text from
    every unclosed run."""

    def finditer(self, text: str) -> Iterator[Found]:
        runs = [(m.start(), m.end()) for m in _BACKTICKS.finditer(text)]
        later: dict[int, list[int]] = {}  # run length → indexes of its runs, last first
        for index in range(len(runs) - 1, -1, -1):
            later.setdefault(runs[index][1] - runs[index][0], []).append(index)
        index = 0
        while index < len(runs):
            start, end = runs[index]
            same = later[end - start]
            while same and same[-1] <= index:
                same.pop()
            if not same:
                index += 1
                continue
            closer = same.pop()
            yield Found(text, start, runs[closer][1])
            index = closer + 1

    def sub(self, replacement: str, text: str) -> str:
        out, pos = [], 0
        for found in self.finditer(text):
            out += [text[pos : found.start()], replacement]
            pos = found.end()
        out.append(text[pos:])
        return "".join(out)


CODE = CodeSpans()
MATH = re.compile(r"\$\$.+?\$\$|\$(?<![\\A-Za-z0-9$]\$)[^$\n]+?\$(?![A-Za-z0-9$])", re.S)
LIQUID = re.compile(r"\{\{(?:[^{}]|\}(?!\}))*\}\}|\{%(?:[^%{}]|%(?!\}))*%\}")
_LIQUID_OPEN = re.compile(r"\{\{|\{%")  # unclosed, it fails the whole site's build
_BASEURL = "site.baseurl"
ATTRIBUTE_LIST = re.compile(r"\{:[^}\n]*\}?|\{#[^}\n]*\}")
_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")
_TAG_NAME = re.compile(r"/?[A-Za-z][\w:.-]*")
_ATTR = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]*))?""")
# attribute values a translator may change: texts, and link targets (checked as links)
TEXT_ATTRIBUTES = frozenset(["alt", "title"])
URL_ATTRIBUTES = frozenset(["href", "src"])
_MD_TARGET = re.compile(r"\]\(\s*<?([^)\s>]+)|^[ \t]{0,3}\[[^\]\n]+\]:[ \t]*<?([^\s>]+)", re.M)
_SPACED_TARGET = re.compile(r"\][ \t]+\(\s*<?([^)\s>]+)")
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*)>")
_URL_REST = r"[^\s<>()\[\]\"'`]+"  # after a bare URL's scheme
# a branch per scheme: grouped, the schemes would hide their first letters (see inline.MARKUP)
_BARE_URL = re.compile(rf"h(?<!\wh)ttps?://{_URL_REST}|f(?<!\wf)tp://{_URL_REST}")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")
DANGEROUS_SCHEMES = frozenset(["javascript", "vbscript", "data"])


@dataclass(frozen=True)
class Tag:
    """One HTML tag: name (``/td`` for a closing tag, ``!--`` for a comment), attributes."""

    raw: str
    name: str
    attributes: tuple[tuple[str, str], ...]

    def key(self) -> str:
        """What must stay the same: name and attributes, values of texts and URLs aside."""
        if self.name.startswith(("!", "?")):
            return self.raw
        shown = [
            name if name in TEXT_ATTRIBUTES | URL_ATTRIBUTES else f"{name}={value}"
            for name, value in sorted(self.attributes)
        ]
        return " ".join(["<" + self.name, *shown]) + ">"


def without(
    text: str,
    pattern: re.Pattern[str] | CodeSpans,
    allowed: Counter[str],
    key: Callable[[str], str] = str,
) -> str:
    """``text`` with the matches of ``pattern`` that ``allowed`` holds replaced by U+FFFC.

    Only fragments the source itself has are removed: a translation cannot hide markup in
    a code span or math of its own making.
    """
    left = Counter(allowed)
    spans = []
    for match in pattern.finditer(text):
        found = key(match.group())
        if left[found] > 0:
            left[found] -= 1
            spans.append(match.span())
    return cut(text, spans)


def cut(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """``text`` with each of ``spans`` (in order, apart) replaced by U+FFFC."""
    out, pos = [], 0
    for start, end in spans:
        out += [text[pos:start], "\ufffc"]  # not markup, not blank
        pos = end
    out.append(text[pos:])
    return "".join(out)


def code_spans(text: str) -> Counter[str]:
    return Counter(m.group() for m in CODE.finditer(text))


def math_spans(text: str) -> Counter[str]:
    """Math spans, white space aside (TeX ignores it in math, but after a control word)."""
    return Counter(tex_key(m.group()) for m in MATH.finditer(text))


_TEX_SPACE = re.compile(r"(\\[A-Za-z]+)\s+(?=[A-Za-z])|\s+")


@lru_cache(maxsize=4096)  # the same math in every language
def tex_key(math: str) -> str:
    """A math span without the white space TeX ignores (a key to compare spans by)."""
    return _TEX_SPACE.sub(lambda m: m.group(1) + " " if m.group(1) else "", math)


def liquid_tags(text: str) -> tuple[Counter[str], int]:
    """Liquid tags (spacing normalised), and the number of ``{{`` / ``{%`` never closed."""
    tags: Counter[str] = Counter()
    pos, stray = 0, 0
    for match in LIQUID.finditer(text):
        stray += len(_LIQUID_OPEN.findall(text, pos, match.start()))
        pos = match.end()
        inner = " ".join(match.group()[2:-2].split())
        tags[match.group()[:2] + inner + match.group()[-2:]] += 1
    stray += len(_LIQUID_OPEN.findall(text, pos))
    return tags, stray


def is_harmless_liquid(tag: str) -> bool:
    """``{{site.baseurl}}``: what transpipe itself writes in front of the site's links."""
    return tag == "{{" + _BASEURL + "}}"


def attribute_lists(text: str) -> Counter[str]:
    """kramdown attribute lists and extensions (``{: .x}``, ``{::nomarkdown}``), header ids."""
    return Counter(" ".join(m.group().split()) for m in ATTRIBUTE_LIST.finditer(text))


@lru_cache(maxsize=2048)
def tags(text: str) -> tuple[Tag, ...]:
    """Every HTML tag (or tag-like start, up to the next ``>``) in ``text``."""
    found: list[Tag] = []
    gt = -1  # the next ">" (found once for all the starts before it: linear)
    for match in _TAG_START.finditer(text):
        start = match.start()
        if text.startswith("<!--", start):
            end = text.find("-->", start)
            found.append(Tag(text[start : end + 3] if end >= 0 else text[start:], "!--", ()))
            if end < 0:
                break  # an unclosed comment runs to the end
            continue
        if gt < start and gt != len(text):
            gt = text.find(">", start)
            gt = len(text) if gt < 0 else gt
        following = text.find("<", start + 1)
        following = len(text) if following < 0 else following
        # a tag never reaches past the next "<": each start is looked at on its own
        raw = text[start : gt + 1] if gt < following else text[start:following]
        name = _TAG_NAME.match(raw, 1)
        if name is None:
            found.append(Tag(raw, raw[1:2], ()))
            continue
        body = raw[name.end() : -1 if raw.endswith(">") else None]
        attributes = tuple(
            (attr.group(1).lower(), _unquote(attr.group(2) or "")) for attr in _ATTR.finditer(body)
        )
        found.append(Tag(raw, name.group().lower(), attributes))
    return tuple(found)


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


# inline formatting a translator may add (no attribute but a link's or image's, checked as links)
FORMATTING = frozenset(
    ["a", "b", "i", "em", "strong", "sup", "sub", "br", "u", "s", "small", "code", "kbd", "mark"]
)


def is_formatting(tag: Tag) -> bool:
    """A tag of plain formatting, harmless wherever it is added."""
    names = {name for name, _ in tag.attributes}
    allowed = {"href", "title"} if tag.name == "a" else set()
    return tag.name.lstrip("/") in FORMATTING and names <= allowed


def is_block_tag(tag: Tag) -> bool:
    """A tag that starts a kramdown HTML block when it opens a line."""
    name = tag.name.lstrip("/")
    return name in BLOCK_TAGS or name in OPAQUE_TAGS or not name[:1].isalpha()


@lru_cache(maxsize=2048)
def link_targets(text: str, spaced: bool = False) -> tuple[str, ...]:
    """Link and image destinations: Markdown, reference definitions, HTML, autolinks, bare.

    ``spaced`` also counts ``[text] (url)``, which is no link, as one (to report it once).
    """
    # (each kind needs a character or two the text may lack, found far faster than a match)
    found: list[str] = []
    if "]" in text:
        found += [m.group(1) or m.group(2) for m in _MD_TARGET.finditer(text)]
        if spaced:
            found += [m.group(1) for m in _SPACED_TARGET.finditer(text)]
    if "<" in text:
        for tag in tags(text):
            found += [value for name, value in tag.attributes if name in URL_ATTRIBUTES]
        found += [m.group(1) for m in _AUTOLINK.finditer(text)]
    if "://" in text:
        covered = "".join(found)
        found += [m.group() for m in _BARE_URL.finditer(text) if m.group() not in covered]
    return tuple(found)


def spaced_links(text: str) -> list[str]:
    """``[text] (url)``: brackets and parentheses kramdown does not join into a link."""
    return [m.group() for m in _SPACED_TARGET.finditer(text)]


def scheme(url: str) -> str:
    """A URL's scheme as a browser reads it (entities decoded, blanks dropped), lower case."""
    plain = _INVISIBLE.sub("", html.unescape(url))
    found = _SCHEME.match(plain)
    return found.group(1).lower() if found else ""


def host(url: str) -> str | None:
    """The host of an absolute ``scheme://host/...`` URL (lower case), else None."""
    plain = _INVISIBLE.sub("", html.unescape(url))
    found = re.match(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:)?//([^/?#]*)", plain)
    if not found:
        return None
    return found.group(1).rpartition("@")[2].partition(":")[0].lower().rstrip(".")
