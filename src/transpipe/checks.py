"""Checks of one translation against its source (after babel.messages.checkers).

A translation may change the words of a page and nothing else. Each check is a small
function ``(context, entry) -> list[Problem]`` in the one table ``CHECKS``; ``check`` runs
them all, ``build`` runs those marked ``safety`` and keeps the English of an entry that
fails one. Both texts are compared after transpipe's own link localisation, so a link a
translator already localised (``{{site.baseurl}}/fr/...``) equals the English one.

Links may change where that is safe: to a host the English page itself links to, a
language variant of one (``fr.wikipedia.org`` for ``en.wikipedia.org``), or a host in the
``trusted-hosts`` setting (a host and its subdomains).
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import Enum
from functools import lru_cache

from babel import localedata

from transpipe import fragments as fr
from transpipe.links import rewrite_urls


class Severity(Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One finding: where (``path:line``), how bad, which check, what, and the fragment."""

    severity: Severity
    code: str
    message: str
    fragment: str = ""
    path: str = ""
    line: int = 0

    def text(self) -> str:
        """``path:line: error: message: fragment [code]``."""
        fragment = f": {shorten(self.fragment)}" if self.fragment else ""
        where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: " if self.path else ""
        return f"{where}{self.severity.value}: {self.message}{fragment} [{self.code}]"


def shorten(text: str, size: int = 80) -> str:
    """A fragment on one line, at most ``size`` characters."""
    line = text.replace("\n", "\\n").replace("\r", "\\r")
    line = line.replace("\t", " ")
    return line if len(line) <= size else line[: size - 1] + "…"


@dataclass(frozen=True)
class Context:
    """What the checks of one page in one language know."""

    lang: str
    source_language: str = "en"
    fix_url: Callable[[str], str] = str
    source_hosts: frozenset[str] = frozenset()  # hosts the English page links to
    trusted_hosts: tuple[str, ...] = ()  # the site's ``trusted-hosts``


@dataclass(frozen=True)
class Entry:
    """One translation to check: raw texts, the unit's kind, both texts localised."""

    msgid: str
    msgstr: str
    kind: str = "paragraph"
    single_line: bool = False
    source: str = ""
    target: str = ""
    bare_source: str = ""  # both without the code spans and math the source has
    bare_target: str = ""


def entry(context: Context, msgid: str, msgstr: str, kind: str, single_line: bool) -> Entry:
    """An Entry with both texts passed through the page's link localisation."""
    fix = context.fix_url
    source, target = rewrite_urls(msgid, fix), rewrite_urls(msgstr, fix)
    code, math = fr.code_spans(source), fr.math_spans(source)
    return Entry(
        msgid,
        msgstr,
        kind,
        single_line,
        source,
        target,
        _bare(source, code, math),
        _bare(target, code, math),
    )


def _error(code: str, message: str, fragment: str) -> Problem:
    return Problem(Severity.ERROR, code, message, fragment)


def _new(source: Counter[str], target: Counter[str]) -> list[str]:
    return list((target - source).elements())


def _bare(text: str, code: Counter[str], math: Counter[str]) -> str:
    """``text`` without the code spans and math the source has (markup there is not markup)."""
    if "`" in text:
        text = fr.without(text, fr.CODE, code)
    if "$" in text:
        text = fr.without(text, fr.MATH, math, fr.tex_key)
    return text


# ------------------------------------------------------------------- HTML


def _tag_keys(bare: str) -> tuple[Counter[str], dict[str, fr.Tag]]:
    found = fr.tags(bare) if "<" in bare else []
    return Counter(t.key() for t in found), {t.key(): t for t in found}


def new_html(context: Context, e: Entry) -> list[Problem]:
    """HTML elements, attributes or attribute values the English does not have."""
    source, _ = _tag_keys(e.bare_source)
    target, tags = _tag_keys(e.bare_target)
    problems = []
    new = _new(source, target)
    inert = _inert_code(e) if new else ("", [])
    for key in new:
        if fr.is_formatting(tags[key]):
            continue  # added_formatting says it
        if tags[key].raw not in inert[0] and any(tags[key].raw in span for span in inert[1]):
            continue  # text inside the translation's own code span (code_span says it)
        words = set(re.findall(r"[\s<](\w[\w:-]*)=", key))
        what = (
            "event handler attribute"
            if any(w.startswith("on") for w in words)
            else "style attribute"
            if "style" in words
            else "HTML tag or attribute value"
        )
        problems.append(_error("new-html", f"{what} not in the English", tags[key].raw))
    return problems


def added_formatting(context: Context, e: Entry) -> list[Problem]:
    """Formatting tags (``<b>``, ``<br>``, ``<sup>``, a plain ``<a href>``…) added."""
    source, _ = _tag_keys(e.bare_source)
    target, tags = _tag_keys(e.bare_target)
    return [
        Problem(
            Severity.WARNING, "added-formatting", "formatting tag not in the English", tags[k].raw
        )
        for k in _new(source, target)
        if fr.is_formatting(tags[k])
    ]


_MARKUP_FREE = ("html", "alt", "title", "front matter")  # kinds where backticks are no code


def _inert_code(e: Entry) -> tuple[str, list[str]]:
    """The translation outside its own code spans, and those spans, when they are certain.

    In Markdown text kramdown shows a code span's content as text. Only where nothing can
    pair its backticks otherwise: no backslash before a backtick, no backtick inside a tag.
    """
    text = e.target
    if e.kind.startswith(_MARKUP_FREE) or "\\`" in text or any("`" in t.raw for t in fr.tags(text)):
        return text, []
    spans = [m.group() for m in fr.CODE.finditer(text)]
    return fr.CODE.sub("\ufffc", text), spans


def lost_html(context: Context, e: Entry) -> list[Problem]:
    """HTML of the English that the translation lost or changed."""
    source, raw = _tag_keys(e.bare_source)
    target, _ = _tag_keys(e.bare_target)
    return [
        _error("lost-html", "HTML of the English missing", raw[k].raw) for k in _new(target, source)
    ]


# ------------------------------------------------------------------- links


def canonical(context: Context, url: str) -> str:
    """A link target as compared: site links as ``site:page#anchor``, language folder dropped."""
    url = html.unescape(url.strip())
    found = re.match(r"\{\{\s*site\.baseurl\s*\}\}/?", url)
    if not found:
        return url
    path = url[found.end() :]
    cut = min((i for i in (path.find("#"), path.find("?")) if i >= 0), default=len(path))
    path, rest = path[:cut].strip("/"), path[cut:]
    head, _, tail = path.partition("/")
    if head in (context.lang, context.source_language):
        path = tail
    for suffix in (".md", ".html", "/index", "index"):
        path = path.removesuffix(suffix)
    return f"site:{path.strip('/')}{rest}"


def _targets(context: Context, text: str, spaced: bool = False) -> Counter[str]:
    return Counter(canonical(context, url) for url in fr.link_targets(text, spaced))


def _is_language(label: str) -> bool:
    return bool(re.fullmatch(r"[a-z]{2,3}(?:-[a-z0-9]+)?", label)) and (
        localedata.normalize_locale(label.replace("-", "_")) is not None
    )


@lru_cache(maxsize=4096)
def host_family(host: str) -> str:
    """A host without a leading language, ``www`` or ``m`` label (``fr.wikipedia.org`` →
    ``wikipedia.org``)."""
    labels = host.split(".")
    while len(labels) > 2 and (labels[0] in ("www", "m") or _is_language(labels[0])):
        labels = labels[1:]
    return ".".join(labels)


def trusted(context: Context, host: str) -> bool:
    """Whether a new link may point at ``host``."""
    if host in context.source_hosts:
        return True
    if host_family(host) in _families(context.source_hosts):
        return True
    return any(host == t or host.endswith("." + t) for t in context.trusted_hosts)


@lru_cache(maxsize=64)
def _families(hosts: frozenset[str]) -> frozenset[str]:
    return frozenset(host_family(h) for h in hosts)


def _added(context: Context, e: Entry) -> list[str]:
    return _new(_targets(context, e.source), _targets(context, e.target))


def dangerous_url(context: Context, e: Entry) -> list[Problem]:
    """``javascript:``, ``vbscript:`` or ``data:`` URLs the English does not have."""
    urls = []
    for text in (e.target, e.msgstr):  # also as written: localisation may have masked one
        bare = (
            e.bare_target
            if text is e.target
            else _bare(text, fr.code_spans(e.msgid), fr.math_spans(e.msgid))
        )
        urls += [*fr.link_targets(bare), *(v for t in fr.tags(bare) for _, v in t.attributes)]
    known = {fr.scheme(u) for u in (*fr.link_targets(e.msgid), *fr.link_targets(e.source))}
    found = [u for u in urls if fr.scheme(u) in fr.DANGEROUS_SCHEMES - known]
    return [_error("dangerous-url", f"{fr.scheme(u)}: URL", u) for u in dict.fromkeys(found)]


def foreign_link(context: Context, e: Entry) -> list[Problem]:
    """New link targets outside the site, on hosts that are not trusted."""
    problems = []
    for url in _added(context, e):
        if fr.scheme(url) in fr.DANGEROUS_SCHEMES:
            continue  # dangerous_url says it
        host = fr.host(url)
        if host is None and fr.scheme(url) in ("", "site"):
            continue  # inside the site
        if host is None or not trusted(context, host):
            problems.append(_error("foreign-link", "link to a host the English does not use", url))
    return problems


def changed_link(context: Context, e: Entry) -> list[Problem]:
    """Links inside the site that point elsewhere, and links of the English that are lost."""
    source, target = _targets(context, e.source, True), _targets(context, e.target, True)
    added = _new(source, target)
    families = {host_family(h) for u in added if (h := fr.host(u))}
    problems = [
        _error("changed-link", "link target differs from the English", url)
        for url in added
        if fr.host(url) is None and fr.scheme(url) in ("", "site")
    ]
    for url in _new(target, source):
        host = fr.host(url)
        if host is None or host_family(host) not in families:
            problems.append(_error("lost-link", "link of the English missing", url))
    return problems


def spaced_link(context: Context, e: Entry) -> list[Problem]:
    """``[text] (url)``: a space between ``]`` and ``(`` is no link in kramdown."""
    new = _new(Counter(fr.spaced_links(e.source)), Counter(fr.spaced_links(e.target)))
    return [_error("spaced-link", "space between ] and ( breaks the link", s) for s in new]


def image_alt(context: Context, e: Entry) -> list[Problem]:
    """Brackets in an image's alt text: a ``]`` there closes the image early."""
    if e.kind != "alt":
        return []
    if any(e.target.count(c) > e.source.count(c) for c in ("[", "]", "](")):
        return [_error("image-alt", "bracket in an image's alt text", e.msgstr)]
    return []


# ------------------------------------------------------------------- Liquid, kramdown


def liquid(context: Context, e: Entry) -> list[Problem]:
    """New Liquid tags (``{% include %}``, ``{{ … }}``), or stray ``{{ {% }} %}``."""
    source, source_stray = fr.liquid_tags(e.source)
    target, target_stray = fr.liquid_tags(e.target)
    problems = [
        _error("liquid", "Liquid tag not in the English", tag)
        for tag in _new(source, target)
        if not fr.is_harmless_liquid(tag)
    ]
    if target_stray > source_stray:
        problems.append(_error("liquid", "malformed Liquid ({{ or {% never closed)", e.msgstr))
    return problems


def lost_liquid(context: Context, e: Entry) -> list[Problem]:
    """Liquid tags of the English that the translation lost."""
    source, _ = fr.liquid_tags(e.source)
    target, _ = fr.liquid_tags(e.target)
    return [
        _error("lost-liquid", "Liquid tag of the English missing", tag)
        for tag in _new(target, source)
        if not fr.is_harmless_liquid(tag)
    ]


def attribute_list(context: Context, e: Entry) -> list[Problem]:
    """kramdown attribute lists or extensions (``{: onclick=…}``, ``{::nomarkdown}``) added."""
    source = fr.attribute_lists(e.bare_source)
    target = fr.attribute_lists(e.bare_target)
    return [
        _error("attribute-list", "kramdown attribute list not in the English", a)
        for a in _new(source, target)
    ]


# ------------------------------------------------------------------- structure

_BLOCK_STARTS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern))
    for name, pattern in (
        ("blockquote", r">"),
        ("heading", r"#{1,6}(?:\s|$)"),
        (
            "rule, setext heading or front-matter fence",
            r"(?:=+|-{2,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})\s*$",
        ),
        ("list item", r"(?:[-*+]|\d{1,9}\.)(?:\s|$)"),  # kramdown: no "1)"
        ("code fence", r"```|~~~"),
        ("attribute list", r"\{:"),
        ("table row", r"\|"),
        ("reference or abbreviation definition", r"\*?\[[^\]\n]+\]:"),
        ("definition", r":[ \t]"),
    )
)


def block_start(line: str) -> str | None:
    """The kind of block a line would open, or None for a line of text."""
    text = line.lstrip(" \t")
    for name, pattern in _BLOCK_STARTS:
        if pattern.match(text):
            return name
    if text.startswith("<"):
        found = fr.tags(text[: text.find(">") + 1 or None])
        if found and fr.is_block_tag(found[0]):
            return "HTML block"
    return None


def _pipes(bare: str) -> int:
    if "|" not in bare:
        return 0
    return len(re.findall(r"(?<!\\)\|", fr.LIQUID.sub("", bare)))


def new_block(context: Context, e: Entry) -> list[Problem]:
    """New block structure: a heading, list, HTML block, fence, rule... at a line start; a ``|``."""
    if e.single_line:
        return []  # the build joins its lines with spaces
    source_lines = e.source.split("\n")
    known = {block_start(line) for line in e.bare_source.split("\n")}
    problems = []
    blank = any(not line.strip() for line in source_lines)
    lines = e.bare_target.split("\n")
    for number, line in enumerate(lines):
        kind = block_start(line)
        if kind is not None and kind not in known:
            shown = line.strip().replace("\ufffc", "…")
            problems.append(_error("new-block", f"new {kind} at a line start", shown))
        elif not line.strip() and not blank and 0 < number < len(lines) - 1:
            problems.append(_error("new-block", "blank line: starts a new block", e.msgstr))
            blank = True
    if _pipes(e.bare_target) > _pipes(e.bare_source) and "table" not in e.kind:
        problems.append(_error("new-block", "'|' makes the paragraph a table row", e.msgstr))
    return problems


def whitespace(context: Context, e: Entry) -> list[Problem]:
    """Leading and trailing white space as in the English (msgfmt -c checks newlines)."""
    problems = []
    for name, strip in (("leading", str.lstrip), ("trailing", str.rstrip)):
        source = e.msgid.replace(strip(e.msgid), "", 1) if e.msgid.strip() else e.msgid
        target = e.msgstr.replace(strip(e.msgstr), "", 1) if e.msgstr.strip() else e.msgstr
        if source != target:
            problems.append(
                _error("whitespace", f"{name} white space differs from the English", repr(target))
            )
    return problems


# ------------------------------------------------------------------- text


def _same(code: str, what: str, source: Counter[str], target: Counter[str]) -> list[Problem]:
    problems = [
        _error(code, f"{what} of the English missing or changed", s) for s in _new(target, source)
    ]
    problems += [_error(code, f"{what} not in the English", s) for s in _new(source, target)]
    return problems


def math(context: Context, e: Entry) -> list[Problem]:
    """``$…$`` and ``$$…$$`` spans the same, byte for byte."""
    return _same("math", "math", fr.math_spans(e.source), fr.math_spans(e.target))


def code_span(context: Context, e: Entry) -> list[Problem]:
    """Inline code spans the same, byte for byte."""
    return _same("code-span", "code span", fr.code_spans(e.source), fr.code_spans(e.target))


_PROTECTED = re.compile(
    r"`+[^`]*`+|\$\$.*?\$\$|\$[^$]*\$|<[^<>]*>|\]\([^)]*\)|\{\{.*?\}\}|\{%.*?%\}|https?://\S+|\\[*_]",
    re.S,
)
_MARKS = {
    "**": re.compile(r"\*\*"),
    "*": re.compile(r"(?<!\*)\*(?!\*)(?!\s)|(?<!\s)(?<!\*)\*(?!\*)"),
    "__": re.compile(r"(?<!\w)__|__(?!\w)"),
    "_": re.compile(r"(?<![\w_])_(?!_)|(?<!_)_(?![\w_])"),
}


def emphasis(context: Context, e: Entry) -> list[Problem]:
    """Emphasis marks (``*``, ``**``, ``_``, ``__``) balanced as in the English."""
    source, target = _PROTECTED.sub(" ", e.source), _PROTECTED.sub(" ", e.target)
    problems = []
    for mark, pattern in _MARKS.items():
        if len(pattern.findall(target)) % 2 and not len(pattern.findall(source)) % 2:
            problems.append(
                Problem(Severity.WARNING, "emphasis", f"unbalanced '{mark}' emphasis", e.msgstr)
            )
    return problems


def mojibake(context: Context, e: Entry) -> list[Problem]:
    """Damaged text (UTF-8 read as Windows-1254, U+FFFD), as ``repair`` detects it."""
    from transpipe.repair import find_damage

    return [
        _error("mojibake", f"damaged text ({d.kind})", d.snippet)
        for d in find_damage(e.msgstr)
        if d.kind in ("mojibake", "replacement-char")
    ]


# ------------------------------------------------------------------- the table


@dataclass(frozen=True)
class Check:
    """A named check; ``safety`` checks also guard the build."""

    code: str
    function: Callable[[Context, Entry], list[Problem]]
    safety: bool
    doc: str = field(default="")


def _table(*rows: tuple[str, Callable[[Context, Entry], list[Problem]], bool]) -> tuple[Check, ...]:
    return tuple(Check(code, f, safety, (f.__doc__ or "").strip()) for code, f, safety in rows)


CHECKS: tuple[Check, ...] = _table(
    ("new-html", new_html, True),
    ("dangerous-url", dangerous_url, True),
    ("foreign-link", foreign_link, True),
    ("image-alt", image_alt, True),
    ("liquid", liquid, True),
    ("attribute-list", attribute_list, True),
    ("new-block", new_block, True),
    ("added-formatting", added_formatting, False),
    ("lost-html", lost_html, False),
    ("changed-link", changed_link, False),
    ("spaced-link", spaced_link, False),
    ("lost-liquid", lost_liquid, False),
    ("whitespace", whitespace, False),
    ("math", math, False),
    ("code-span", code_span, False),
    ("emphasis", emphasis, False),
    ("mojibake", mojibake, False),
)
SAFETY: tuple[Check, ...] = tuple(c for c in CHECKS if c.safety)


# Without one of these characters no safety check can fail: no tag, URL, Liquid, attribute
# list, bracket, pipe or line break; a block can then only start at the text's first character.
_RISKY = re.compile(r"[<>{}\[\]|&:/\\\n]|^\s*[-*+#=_~`0-9]")


def harmless(msgstr: str) -> bool:
    """Whether ``msgstr`` is plain prose that no safety check can object to."""
    return not _RISKY.search(msgstr)


def run(context: Context, e: Entry, checks: Iterable[Check] = CHECKS) -> list[Problem]:
    """The problems of one entry under ``checks`` (default: all)."""
    return [problem for check in checks for problem in check.function(context, e)]


def hosts(texts: Sequence[str]) -> frozenset[str]:
    """Hosts the links of ``texts`` point at."""
    return frozenset(h for text in texts for url in fr.link_targets(text) if (h := fr.host(url)))
