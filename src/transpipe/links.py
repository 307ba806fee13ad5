"""Links between pages: find link destinations, and point them at the right language.

A link to an English page of the site becomes ``{{site.baseurl}}/<lang>/<page>`` when
that page exists in the target language, else it keeps pointing at the English page; a
relative asset is re-based on ``{{site.baseurl}}`` so it resolves from any folder.
"""

from __future__ import annotations

import bisect
import posixpath
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from transpipe import paths
from transpipe.errors import TranspipeError
from transpipe.inline import MARKUP

BASEURL = "{{site.baseurl}}"
_LIQUID_BASEURL = re.compile(r"^\{\{\s*site\.baseurl\s*\}\}")
_ATTRIBUTE_VALUE = r"""\s*=\s*["']([^"'\n]*)["']"""
# Link destinations: a Markdown link's or image's, a reference definition's (not `<>`), an
# HTML href or src attribute's (its name in any case, as a word). Every branch starts with a
# literal character, which the engine skips to in C: a definition from the line break before
# it (``find_urls`` looks at the first line itself), an attribute from each first letter its
# name may have in any case (``(?i)s`` also takes U+017F, long s).
_URL = re.compile(
    r"\]\(\s*<?([^)\s>]+)"
    r"|\n[ \t]{0,3}\[[^\]\n]+\]:[ \t]*<?([^\s<>]+)"
    + "".join(
        rf"|{first}(?<!\w{first}){rest}{_ATTRIBUTE_VALUE}"
        for first, rest in (
            ("h", "[rR][eE][fF]"),
            ("H", "[rR][eE][fF]"),
            ("s", "[rR][cC]"),
            ("S", "[rR][cC]"),
            ("\u017f", "[rR][cC]"),
        )
    )
)
_FIRST_DEFINITION = re.compile(r"[ \t]{0,3}\[[^\]\n]+\]:[ \t]*<?([^\s<>]+)")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def find_urls(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Spans of link destinations in ``text[start:end]``."""
    end = len(text) if end is None else end
    spans = []
    if start == 0 or text[start - 1] == "\n":  # a definition on the first line
        first = _FIRST_DEFINITION.match(text, start, end)
        if first is not None:
            spans.append(first.span(1))
            start = first.end()
    for match in _URL.finditer(text, start, end):
        group = match.lastindex or 0  # (one group a branch: the branch that matched)
        if match.start(group) < match.end(group):
            spans.append(match.span(group))
    return spans


# Text that is never rendered, kept byte for byte: HTML comments, Liquid comment blocks and
# kramdown's comment idioms (a link definition with no destination: `[comment]: <> (…)`,
# `[//]: # (…)`).
_LIQUID_COMMENT = re.compile(r"\{%-?[ \t]*comment[ \t]*-?%\}")
_LIQUID_END = re.compile(r"\{%-?[ \t]*endcomment[ \t]*-?%\}")
_IDIOM = re.compile(r"^[ \t]{0,3}\[[^\]\n]+\]:[ \t]*(?:<>|#)[ \t]*\([^\n]*", re.M)


def comment_spans(text: str, start: int = 0) -> list[tuple[int, int]]:
    """Spans of the comments of ``text`` (from ``start``) that a site never renders.

    Linear in the text: an opener with no closer after it is no comment, and then no later
    opener of its kind has one either, so the search for that kind stops there.
    """
    if "<!--" not in text and "comment" not in text and "]:" not in text:
        return []
    spans = [m.span() for m in _IDIOM.finditer(text, start)]
    pos = start
    while (opened := text.find("<!--", pos)) >= 0:
        closed = text.find("-->", opened + 4)
        if closed < 0:
            break
        spans.append((opened, closed + 3))
        pos = closed + 3
    pos = start
    while (opener := _LIQUID_COMMENT.search(text, pos)) is not None:
        closer = _LIQUID_END.search(text, opener.end())
        if closer is None:
            break
        spans.append((opener.start(), closer.end()))
        pos = closer.end()
    return merged_spans(spans)  # one comment inside another is part of it


def merged_spans(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """``spans`` sorted, overlapping or touching ones joined: what a bisection needs."""
    out: list[tuple[int, int]] = []
    for lo, hi in sorted(spans):
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


def rewrite_urls(text: str, fix: Callable[[str], str]) -> str:
    """``text`` with every link destination outside inline code and comments passed through
    ``fix``."""
    if "](" not in text and "=" not in text and "]:" not in text:
        return text  # the common case: no link at all
    code = merged_spans(  # sorted, for the bisection below
        [m.span() for m in MARKUP.finditer(text) if m.group().startswith("`")] + comment_spans(text)
    )
    out, pos = [], 0
    for start, end in find_urls(text):
        index = bisect.bisect_right(code, (start, 2**62)) - 1  # (linear: no scan per link)
        if index >= 0 and code[index][0] <= start < code[index][1]:
            continue
        out += [text[pos:start], fix(text[start:end])]
        pos = end
    out.append(text[pos:])
    return "".join(out)


@dataclass(frozen=True)
class LinkMap:
    """What link rewriting needs to know about the site: its English pages and own URL."""

    source_language: str
    pages: dict[
        str, str
    ]  # site path of an English page ("en/week01/01-1") → target key ("week01/01-1")
    absolute_prefixes: tuple[str, ...] = ()  # "https://host/base/" forms of the site's own URL
    baseurl: str = ""  # "/NYU-DLSP20"


def read_site(
    pages_dir: Path, root: Path, source_language: str, sources: Iterable[Path]
) -> LinkMap:
    """Site facts: English pages by URL, and the site's own URL from ``_config.yml``."""
    pages: dict[str, str] = {}
    for source in sources:
        rel = PurePosixPath(source.relative_to(pages_dir).as_posix())
        key = page_key(str(rel))
        target = (
            rel.parts[1:] if rel.parts[0] == source_language and len(rel.parts) > 1 else rel.parts
        )
        pages[key] = page_key(str(PurePosixPath(*target)))

    url, baseurl = "", ""
    for folder in (pages_dir, root):
        config = folder / "_config.yml"
        if config.is_file():
            data = _jekyll_config(config)
            url = str(data.get("url") or "").rstrip("/")
            baseurl = "/" + str(data.get("baseurl") or "").strip("/")
            break
    prefixes: list[str] = []
    if url:
        site = url if url.endswith(baseurl) or baseurl == "/" else url + baseurl
        bare = site.split("://", 1)[-1]
        prefixes = [f"https://{bare}/", f"http://{bare}/"]
    return LinkMap(source_language, pages, tuple(prefixes), baseurl.rstrip("/"))


def _jekyll_config(path: Path) -> dict[str, object]:
    """Jekyll's ``_config.yml`` (read inside the site); not a YAML mapping is an error."""
    import yaml

    shown = paths.shown(path)
    try:
        data = _load_yaml(paths.read_bytes(path).decode("utf-8"))
    except UnicodeDecodeError as error:
        raise TranspipeError(f"not UTF-8: {error.reason}", shown) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or "not valid YAML"
        line = mark.line + 1 if mark is not None else None
        raise TranspipeError(f"not valid YAML: {problem}", shown, line) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise TranspipeError("Jekyll's configuration must be a YAML mapping", shown, 1)
    for key in ("url", "baseurl"):
        if not isinstance(data.get(key) or "", str):
            raise TranspipeError(f"'{key}' must be a string, not {data[key]!r}", shown)
    return data


def _load_yaml(text: str) -> object:
    """YAML read by libyaml when PyYAML has it (many times faster on a large file); a
    document it rejects is read again by PyYAML's own reader, whose verdict and error stand."""
    import yaml

    fast = getattr(yaml, "CSafeLoader", None)
    if fast is not None:
        try:
            return yaml.load(text, Loader=fast)
        except yaml.YAMLError:
            pass
    return yaml.safe_load(text)


def page_key(path: str) -> str:
    """A page's site path without ``.md``/``.html`` or trailing slash; ``index`` → ``""``."""
    path = path.strip("/")
    for suffix in (".md", ".html"):
        if path.endswith(suffix):
            path = path[: -len(suffix)]
    if path == "index" or path.endswith("/index"):
        path = path[: -len("index")].rstrip("/")
    return path


def localiser(
    site: LinkMap, source_rel: str, lang: str, available: frozenset[str]
) -> Callable[[str], str]:
    """The URL fixer for one page in one language; ``available`` are target keys that exist."""
    folder = posixpath.dirname(source_rel)
    lowered = {key.lower(): key for key in site.pages}

    def fix(url: str) -> str:
        site_path = _site_path(url, folder, site)
        if site_path is None:
            return url
        path, rest = _split_suffix(site_path)
        key = page_key(path)
        key = key if key in site.pages else lowered.get(key.lower(), key)
        if key in site.pages:
            target = site.pages[key]
            if target in available:
                return f"{BASEURL}/{lang}/{target}{rest}"
            if _LIQUID_BASEURL.match(url) and key == page_key(path):
                return url
            return f"{BASEURL}/{key}{rest}"
        if _is_relative(url):
            return f"{BASEURL}/{site_path}"
        return url

    return fix


def _is_relative(url: str) -> bool:
    return not (url.startswith(("/", "#", "{")) or _SCHEME.match(url))


def _site_path(url: str, folder: str, site: LinkMap) -> str | None:
    """The path of ``url`` inside the site, or None when it points elsewhere."""
    liquid = _LIQUID_BASEURL.match(url)
    if liquid:
        return url[liquid.end() :].lstrip("/")
    for prefix in site.absolute_prefixes:
        if url.startswith(prefix):
            return url[len(prefix) :]
    if url.startswith("/"):
        if site.baseurl and url.startswith(site.baseurl + "/"):
            return url[len(site.baseurl) + 1 :]
        return None
    if not _is_relative(url):
        return None
    path, rest = _split_suffix(url)
    joined = posixpath.normpath(posixpath.join(folder, path)) if path else folder
    if joined.startswith(".."):
        return None
    return ("" if joined == "." else joined) + rest


def _split_suffix(path: str) -> tuple[str, str]:
    cut = min((i for i in (path.find("#"), path.find("?")) if i >= 0), default=len(path))
    return path[:cut], path[cut:]
