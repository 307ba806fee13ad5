"""Checks of markup a translation must keep: HTML, links and images, Liquid, attribute lists.

Links may change where that is safe: to a host the site's English pages link to, a
language variant of one (``fr.wikipedia.org`` for ``en.wikipedia.org``), or a host in the
``trusted-hosts`` setting (a host and its subdomains).
"""

from __future__ import annotations

import html
import re
from collections import Counter
from functools import lru_cache

from transpipe import fragments as fr
from transpipe.checkmodel import Context, Entry, Problem, Severity, added, bare, error
from transpipe.page import UnitKind

# ------------------------------------------------------------------- HTML


def _tag_keys(bare: str) -> tuple[Counter[str], dict[str, fr.Tag]]:
    found = fr.tags(bare) if "<" in bare else []
    return Counter(t.key() for t in found), {t.key(): t for t in found}


def new_html(context: Context, e: Entry) -> list[Problem]:
    """HTML elements, attributes or attribute values the English does not have."""
    source, _ = _tag_keys(e.bare_source)
    target, tags = _tag_keys(e.bare_target)
    problems = []
    new = added(source, target)
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
        problems.append(error("new-html", f"{what} not in the English", tags[key].raw))
    return problems


def added_formatting(context: Context, e: Entry) -> list[Problem]:
    """Formatting tags (``<b>``, ``<br>``, ``<sup>``, a plain ``<a href>``…) added."""
    source, _ = _tag_keys(e.bare_source)
    target, tags = _tag_keys(e.bare_target)
    return [
        Problem(
            Severity.WARNING, "added-formatting", "formatting tag not in the English", tags[k].raw
        )
        for k in added(source, target)
        if fr.is_formatting(tags[k])
    ]


# kinds where backticks are no code
_MARKUP_FREE = frozenset({UnitKind.HTML, UnitKind.ALT, UnitKind.TITLE, UnitKind.FRONT_MATTER})


def _inert_code(e: Entry) -> tuple[str, list[str]]:
    """The translation outside its own code spans, and those spans, when they are certain.

    In Markdown text kramdown shows a code span's content as text. Only where nothing can
    pair its backticks otherwise: no backslash before a backtick, no backtick inside a tag.
    """
    text = e.target
    if e.kind in _MARKUP_FREE or "\\`" in text or any("`" in t.raw for t in fr.tags(text)):
        return text, []
    spans = [m.group() for m in fr.CODE.finditer(text)]
    return fr.CODE.sub("\ufffc", text), spans


def lost_html(context: Context, e: Entry) -> list[Problem]:
    """HTML of the English that the translation lost or changed."""
    source, raw = _tag_keys(e.bare_source)
    target, _ = _tag_keys(e.bare_target)
    return [
        error("lost-html", "HTML of the English missing", raw[k].raw) for k in added(target, source)
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
    from babel import localedata  # (imported on first need: most runs never ask)

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
    return added(_targets(context, e.source), _targets(context, e.target))


def dangerous_url(context: Context, e: Entry) -> list[Problem]:
    """``javascript:``, ``vbscript:`` or ``data:`` URLs the English does not have."""
    urls = []
    for text in (e.target, e.msgstr):  # also as written: localisation may have masked one
        plain = (
            e.bare_target
            if text is e.target
            else bare(text, fr.code_spans(e.msgid), fr.math_spans(e.msgid))
        )
        urls += [*fr.link_targets(plain), *(v for t in fr.tags(plain) for _, v in t.attributes)]
    known = {fr.scheme(u) for u in (*fr.link_targets(e.msgid), *fr.link_targets(e.source))}
    found = [u for u in urls if fr.scheme(u) in fr.DANGEROUS_SCHEMES - known]
    return [error("dangerous-url", f"{fr.scheme(u)}: URL", u) for u in dict.fromkeys(found)]


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
            problems.append(error("foreign-link", "link to a host the English does not use", url))
    return problems


def changed_link(context: Context, e: Entry) -> list[Problem]:
    """Links inside the site that point elsewhere, and links of the English that are lost."""
    source, target = _targets(context, e.source, True), _targets(context, e.target, True)
    new = added(source, target)
    families = {host_family(h) for u in new if (h := fr.host(u))}
    problems = [
        error("changed-link", "link target differs from the English", url)
        for url in new
        if fr.host(url) is None and fr.scheme(url) in ("", "site")
    ]
    for url in added(target, source):
        host = fr.host(url)
        if host is None or host_family(host) not in families:
            problems.append(error("lost-link", "link of the English missing", url))
    return problems


def spaced_link(context: Context, e: Entry) -> list[Problem]:
    """``[text] (url)``: a space between ``]`` and ``(`` is no link in kramdown."""
    new = added(Counter(fr.spaced_links(e.source)), Counter(fr.spaced_links(e.target)))
    return [error("spaced-link", "space between ] and ( breaks the link", s) for s in new]


def image_alt(context: Context, e: Entry) -> list[Problem]:
    """Brackets in an image's alt text: a ``]`` there closes the image early."""
    if e.kind is not UnitKind.ALT:
        return []
    if any(e.target.count(c) > e.source.count(c) for c in ("[", "]", "](")):
        return [error("image-alt", "bracket in an image's alt text", e.msgstr)]
    return []


# ------------------------------------------------------------------- Liquid, kramdown


def liquid(context: Context, e: Entry) -> list[Problem]:
    """New Liquid tags (``{% include %}``, ``{{ … }}``), or stray ``{{ {% }} %}``."""
    source, source_stray = fr.liquid_tags(e.source)
    target, target_stray = fr.liquid_tags(e.target)
    problems = [
        error("liquid", "Liquid tag not in the English", tag)
        for tag in added(source, target)
        if not fr.is_harmless_liquid(tag)
    ]
    if target_stray > source_stray:
        problems.append(error("liquid", "malformed Liquid ({{ or {% never closed)", e.msgstr))
    return problems


def lost_liquid(context: Context, e: Entry) -> list[Problem]:
    """Liquid tags of the English that the translation lost."""
    source, _ = fr.liquid_tags(e.source)
    target, _ = fr.liquid_tags(e.target)
    return [
        error("lost-liquid", "Liquid tag of the English missing", tag)
        for tag in added(target, source)
        if not fr.is_harmless_liquid(tag)
    ]


def attribute_list(context: Context, e: Entry) -> list[Problem]:
    """kramdown attribute lists or extensions (``{: onclick=…}``, ``{::nomarkdown}``) added."""
    source = fr.attribute_lists(e.bare_source)
    target = fr.attribute_lists(e.bare_target)
    return [
        error("attribute-list", "kramdown attribute list not in the English", a)
        for a in added(source, target)
    ]
